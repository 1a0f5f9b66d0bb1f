/*===- npy_fuzzer.c - libFuzzer target: the runtime's .npy reader --------===*
 *
 * Every input is written to a file and read back with kiln_npy_read, as a
 * compiled program reads its inputs: it must return 0 or -1 with a message,
 * never crash, leak or read out of bounds. A tensor it accepts must hold
 * exactly the bytes its shape and dtype say.
 *
 *===----------------------------------------------------------------------===*/

#include "fuzz_file.h"
#include "kiln/Runtime/kiln_runtime.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = kiln_fuzz_write_file(data, size, ".npy");
  kiln_tensor tensor;
  char error[256];
  if (kiln_npy_read(path, &tensor, error, sizeof error) == 0) {
    size_t bytes = kiln_tensor_bytes(&tensor);
    /* Touch every byte: the sanitizer sees a short allocation. */
    volatile unsigned char sum = 0;
    for (size_t i = 0; i < bytes; ++i)
      sum += ((const unsigned char *)tensor.data)[i];
    (void)sum;
    if (kiln_dtype_size(tensor.dtype) == 0)
      abort(); /* an accepted tensor has a known dtype */
    kiln_npy_free(&tensor);
  } else if (error[0] == '\0') {
    abort(); /* a rejection says why */
  }
  return 0;
}
