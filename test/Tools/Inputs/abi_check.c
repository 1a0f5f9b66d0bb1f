/* Descriptors of other layouts are refused with a message, before any
 * other field is read: one from before the ABI tag (ABI 1 began with the
 * model's name), a future version, and a model for another device. */
#include "kiln/Runtime/kiln_runtime.h"

#include <stdio.h>

struct abi1_desc { /* ABI 1's kiln_model_desc began like this */
  const char *name;
  int64_t num_inputs;
};

static int refused(const kiln_model_desc *model) {
  kiln_session *session = kiln_session_create(model, NULL);
  int status = kiln_session_run(session, NULL, 0, NULL, 0);
  printf("%s\n", kiln_session_error(session));
  kiln_session_destroy(session);
  return status != 0;
}

int main(void) {
  static const struct abi1_desc old = {"old", 0};
  kiln_model_desc future = {0}, gpu = {0};
  future.abi = (KILN_ABI_TAG & ~(uint64_t)0xffffffffu) | 3;
  gpu.abi = KILN_ABI_TAG;
  gpu.device = KILN_DEVICE_CUDA;
  int ok = refused((const kiln_model_desc *)(const void *)&old) &&
           refused(&future) && refused(&gpu);
  return ok ? 0 : 1;
}
