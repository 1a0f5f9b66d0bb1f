/*===- cli_fuzzer.c - libFuzzer target: the programs' command lines ------===*
 *
 * The input is split at newlines into an argument vector for the command
 * line of a compiled model (kiln_cli_main) or, when its first byte is odd,
 * of a training program (kiln_train_cli_main), over small hand-written
 * models. Either must return an exit status, never crash. Arguments with a
 * '/' are dropped (files stay in the working directory, a scratch one) and
 * counts are kept to two digits (so that --bench and --steps stay quick).
 *
 *===----------------------------------------------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const int64_t kPair[1] = {2};
static const int64_t kBatch[2] = {1, 2};
static const int64_t kOne[1] = {1};

/* y = x, on [2] f32. */
static void copy_entry(void **buffers, void *arena, void *runtime) {
  (void)arena, (void)runtime;
  memcpy(buffers[1], buffers[0], 2 * sizeof(float));
}
static const kiln_tensor_desc kCopyIn[] = {{"x", KILN_F32, 1, kPair, 0}};
static const kiln_tensor_desc kCopyOut[] = {{"y", KILN_F32, 1, kPair, 0}};
static const kiln_model_desc kCopy = {
    KILN_ABI_TAG, KILN_DEVICE_CPU, "copy", 1, kCopyIn, 1, kCopyOut,
    64,           copy_entry,      1,      0, ""};

/* init: w = 0.5; step (w, x [1, 2], label [1] i64) -> loss, w -= 0.1 x. */
static void init_entry(void **buffers, void *arena, void *runtime) {
  (void)arena, (void)runtime;
  float *w = buffers[0];
  w[0] = w[1] = 0.5f;
}
static void step_entry(void **buffers, void *arena, void *runtime) {
  (void)arena, (void)runtime;
  float *w = buffers[0];
  const float *x = buffers[1];
  float *loss = buffers[3];
  *loss = w[0] * x[0] + w[1] * x[1];
  w[0] -= 0.1f * x[0];
  w[1] -= 0.1f * x[1];
}
static const kiln_tensor_desc kInitOut[] = {{"w", KILN_F32, 1, kPair, 0}};
static const kiln_model_desc kInit = {KILN_ABI_TAG,
                                      KILN_DEVICE_CPU,
                                      "init",
                                      0,
                                      NULL,
                                      1,
                                      kInitOut,
                                      0,
                                      init_entry,
                                      1,
                                      0,
                                      ""};
static const kiln_tensor_desc kStepIn[] = {{"w", KILN_F32, 1, kPair, 1},
                                           {"x", KILN_F32, 2, kBatch, 0},
                                           {"labels", KILN_I64, 1, kOne, 0}};
static const kiln_tensor_desc kStepOut[] = {{"loss", KILN_F32, 1, kOne, 0}};
static const kiln_model_desc kStep = {KILN_ABI_TAG,
                                      KILN_DEVICE_CPU,
                                      "step",
                                      3,
                                      kStepIn,
                                      1,
                                      kStepOut,
                                      0,
                                      step_entry,
                                      1,
                                      0,
                                      ""};

/* An argument is kept when it names nothing outside the working directory
 * and its digits are a count of at most two. */
static int allowed(const char *arg) {
  if (strchr(arg, '/'))
    return 0;
  size_t digits = 0;
  for (const char *c = arg; *c; ++c)
    digits = isdigit((unsigned char)*c) ? digits + 1 : 0;
  return digits <= 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0 || size > 512)
    return 0;
  char *text = malloc(size + 1);
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  char *argv[34] = {"program"};
  int argc = 1;
  for (char *arg = strtok(text, "\n"); arg && argc < 33;
       arg = strtok(NULL, "\n"))
    if (allowed(arg))
      argv[argc++] = arg;
  argv[argc] = NULL;
  if (data[0] & 1)
    kiln_train_cli_main(&kStep, &kInit, 1, argc, argv);
  else
    kiln_cli_main(&kCopy, argc, argv);
  free(text);
  return 0;
}
