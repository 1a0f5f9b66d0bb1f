/*===- train_main.c - main() of `kiln-compile --train` executables --------===*/

#include "kiln/Runtime/kiln_runtime.h"

/* What kiln-compile --train emits: the two compiled functions and how many
 * of train_init's results are parameters (the rest is optimizer state). */
extern const kiln_model_desc kiln_train_step;
extern const kiln_model_desc kiln_train_init;
extern const int64_t kiln_train_num_params;

int main(int argc, char **argv) {
  return kiln_train_cli_main(&kiln_train_step, &kiln_train_init,
                             kiln_train_num_params, argc, argv);
}
