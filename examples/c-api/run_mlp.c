/*===- run_mlp.c - Using a Kiln-compiled model from C ---------------------===*
 *
 * Build the MLP as a shared library (or object) with its header, then this
 * program against it:
 *
 *   kiln-compile examples/mlp.mlir --emit=shared -o libmlp.so   # + libmlp.h
 *   cc -I. examples/c-api/run_mlp.c -L. -lmlp -Wl,-rpath,. -o run_mlp
 *   ./run_mlp x.npy w1.npy b1.npy w2.npy b2.npy probabilities.npy
 *
 * It loads the inputs, checks them against the model's description, runs the
 * model once, prints each sample's most likely class and saves the output.
 *
 *===----------------------------------------------------------------------===*/

#include "libmlp.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != MLP_MODEL_NUM_INPUTS + 2) {
    fprintf(stderr, "usage: %s", argv[0]);
    for (int64_t i = 0; i < mlp_model.num_inputs; ++i)
      fprintf(stderr, " %s.npy", mlp_model.inputs[i].name);
    fprintf(stderr, " out.npy\n");
    return 2;
  }
  char error[256];
  kiln_tensor inputs[MLP_MODEL_NUM_INPUTS];
  for (int i = 0; i < MLP_MODEL_NUM_INPUTS; ++i) {
    if (kiln_npy_read(argv[i + 1], &inputs[i], error, sizeof error) != 0) {
      fprintf(stderr, "%s: %s\n", argv[i + 1], error);
      return 1;
    }
  }

  /* The output buffer is ours; its dtype and shape come from the model. */
  const kiln_tensor_desc *desc = &mlp_model.outputs[0];
  kiln_tensor output = {desc->dtype, desc->rank, desc->shape,
                        malloc((size_t)kiln_desc_bytes(desc))};

  kiln_session *session = kiln_session_create(&mlp_model, NULL);
  if (!session) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  if (kiln_session_run(session, inputs, MLP_MODEL_NUM_INPUTS, &output, 1)) {
    fprintf(stderr, "%s\n", kiln_session_error(session));
    return 1;
  }

  const float *p = output.data;
  int64_t classes = desc->shape[1];
  for (int64_t n = 0; n < desc->shape[0]; ++n) {
    int64_t best = 0;
    for (int64_t c = 1; c < classes; ++c)
      if (p[n * classes + c] > p[n * classes + best])
        best = c;
    printf("sample %lld: class %lld (p = %.3f)\n", (long long)n,
           (long long)best, p[n * classes + best]);
  }
  int status = kiln_npy_write(argv[argc - 1], &output, error, sizeof error);
  if (status)
    fprintf(stderr, "%s\n", error);

  kiln_session_destroy(session);
  for (int i = 0; i < MLP_MODEL_NUM_INPUTS; ++i)
    kiln_npy_free(&inputs[i]);
  free(output.data);
  return status ? 1 : 0;
}
