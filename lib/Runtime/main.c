/*===- main.c - main() of executables kiln-compile produces ---------------===*/

#include "kiln/Runtime/kiln_runtime.h"

/* The descriptor kiln-compile emits into the model's object. */
extern const kiln_model_desc kiln_model;

int main(int argc, char **argv) {
  return kiln_cli_main(&kiln_model, argc, argv);
}
