/*===- npz_fuzzer.c - libFuzzer target: the runtime's .npz reader --------===*
 *
 * kiln_npz_read on arbitrary bytes (training checkpoints are .npz files):
 * 0 with well-formed members, or -1 with a message; never a crash or a
 * leak.
 *
 *===----------------------------------------------------------------------===*/

#include "fuzz_file.h"
#include "kiln/Runtime/kiln_runtime.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = kiln_fuzz_write_file(data, size, ".npz");
  int64_t count;
  char **names;
  kiln_tensor *tensors;
  char error[256];
  error[0] = '\0';
  if (kiln_npz_read(path, &count, &names, &tensors, error, sizeof error) == 0) {
    for (int64_t i = 0; i < count; ++i) {
      volatile unsigned char sum = 0;
      size_t bytes = kiln_tensor_bytes(&tensors[i]);
      for (size_t b = 0; b < bytes; ++b)
        sum += ((const unsigned char *)tensors[i].data)[b];
      (void)sum;
      if (!names[i])
        abort();
    }
    kiln_npz_free(count, names, tensors);
  } else if (error[0] == '\0') {
    abort();
  }
  return 0;
}
