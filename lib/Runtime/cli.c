/*===- cli.c - The command line of compiled models ----------------------===*
 *
 * What `main` of every executable kiln-compile produces does, and what
 * kiln-run does after JIT-compiling a model:
 *
 *   ./model in0.npy [in1.npy ...] [--outdir DIR] [--bench N] [--threads N]
 * [--weights FILE]
 *
 * Reads one .npy per model input, checks them all before running anything,
 * runs the model, and writes DIR/<output name>.npy per output, and
 * DIR/<input name>.npy per input the model updates in place (a training
 * step's parameters), all after the first run. With
 * --bench N it then runs N timed iterations after a warm-up and prints
 * `median_ms: X` and `peak_bytes: Y`. Any problem is one line on stderr
 * naming the input and what was expected, exit status 2, and no output
 * file written.
 *
 *===----------------------------------------------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#include "cli_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(const kiln_model_desc *model, FILE *out,
                  const char *program) {
  fprintf(out, "usage: %s", program);
  for (int64_t i = 0; i < model->num_inputs; ++i)
    fprintf(out, " %s.npy", model->inputs[i].name);
  fprintf(out, " [--outdir DIR] [--bench N] [--threads N] [--weights FILE]\n");
  fprintf(out, "runs the compiled model '%s'\n", model->name);
}

/* Writes `tensor` to DIR/<desc name>.npy; on failure prints which `kind`
 * (input or output) `index` it was and returns -1. */
/* The outputs kiln-compile --check-finite adds (kiln-check-finite): the
 * index of the first op whose result was not finite, or -1, and the
 * NUL-separated descriptions of the ops. */
#define FIRST_NONFINITE "kiln.first_nonfinite"
#define NONFINITE_SITES "kiln.nonfinite_sites"

static int is_check_output(const kiln_tensor_desc *desc) {
  return strcmp(desc->name, FIRST_NONFINITE) == 0 ||
         strcmp(desc->name, NONFINITE_SITES) == 0;
}

/* With --check-finite outputs: 0 when every value was finite; otherwise
 * prints which op produced the first non-finite one and returns 3. */
static int report_nonfinite(const kiln_model_desc *model,
                            const kiln_tensor *outputs) {
  const int64_t *first = NULL;
  const char *sites = NULL;
  int64_t sites_bytes = 0;
  for (int64_t i = 0; i < model->num_outputs; ++i) {
    const kiln_tensor_desc *desc = &model->outputs[i];
    if (strcmp(desc->name, FIRST_NONFINITE) == 0 && desc->dtype == KILN_I64 &&
        desc->rank == 0)
      first = outputs[i].data;
    else if (strcmp(desc->name, NONFINITE_SITES) == 0 && desc->rank == 1) {
      sites = outputs[i].data;
      sites_bytes = desc->shape[0];
    }
  }
  if (!first || !sites || *first < 0)
    return 0;
  const char *site = sites, *end = sites + sites_bytes;
  for (int64_t k = 0; k < *first && site < end; ++k)
    site += strnlen(site, (size_t)(end - site)) + 1;
  fprintf(stderr,
          "error: non-finite value (NaN or infinity) first produced by %.*s\n",
          site < end ? (int)strnlen(site, (size_t)(end - site)) : 1,
          site < end ? site : "?");
  return 3;
}

static int write_tensor(const char *outdir, const kiln_tensor_desc *desc,
                        const kiln_tensor *tensor, const char *kind,
                        int64_t index) {
  char error[512];
  size_t length = strlen(outdir) + strlen(desc->name) + 8;
  char *path = malloc(length);
  snprintf(path, length, "%s/%s.npy", outdir, desc->name);
  int failed = kiln_npy_write(path, tensor, error, sizeof error);
  free(path);
  if (failed)
    fprintf(stderr, "error: %s %lld ('%s'): %s\n", kind, (long long)index,
            desc->name, error);
  return failed ? -1 : 0;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int kiln_parse_count(const char *text, const char *flag, long *value) {
  char *end;
  errno = 0;
  *value = strtol(text, &end, 10);
  if (errno || *end || *value < 0) {
    fprintf(stderr, "error: %s expects a non-negative integer, given '%s'\n",
            flag, text);
    return -1;
  }
  return 0;
}

/* The compile-time weights file name in the directory of this executable
 * (so that the program and its weights move together). */
static const char *weights_next_to_executable(const kiln_model_desc *model,
                                              char *out, size_t size) {
  const char *file = model->weights_file;
  const char *slash = strrchr(file, '/');
  const char *base = slash ? slash + 1 : file;
  char self[4096];
  ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0)
    return file;
  self[length] = '\0';
  char *dir_end = strrchr(self, '/');
  if (!dir_end)
    return file;
  *dir_end = '\0';
  snprintf(out, size, "%s/%s", self, base);
  return out;
}

/* Defined by libKilnRuntimeMpi in executables of partitioned models, which
 * mpirun starts once per device: only the first process writes outputs. */
extern int kiln_process_rank(void) __attribute__((weak));

int kiln_cli_process_rank(void) {
  return kiln_process_rank ? kiln_process_rank() : 0;
}

int kiln_cli_main(const kiln_model_desc *model, int argc, char **argv) {
  char abi_error[256];
  if (kiln_model_check(model, abi_error, sizeof abi_error) != 0) {
    fprintf(stderr, "error: %s\n", abi_error);
    return 2;
  }
  const char *outdir = NULL, *weights = NULL;
  long bench = 0, threads = 0;
  const char **paths = calloc((size_t)argc, sizeof(char *));
  int num_paths = 0;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      usage(model, stdout, argv[0]);
      free(paths);
      return 0;
    }
    int has_value = i + 1 < argc;
    if (strcmp(arg, "--outdir") == 0 && has_value)
      outdir = argv[++i];
    else if (strcmp(arg, "--bench") == 0 && has_value) {
      if (kiln_parse_count(argv[++i], "--bench", &bench))
        goto bad_arguments;
    } else if (strcmp(arg, "--weights") == 0 && has_value) {
      weights = argv[++i];
    } else if (strcmp(arg, "--threads") == 0 && has_value) {
      if (kiln_parse_count(argv[++i], "--threads", &threads))
        goto bad_arguments;
    } else if (strncmp(arg, "--", 2) == 0) {
      fprintf(stderr, "error: unknown or incomplete option '%s'\n", arg);
      usage(model, stderr, argv[0]);
      goto bad_arguments;
    } else
      paths[num_paths++] = arg;
  }
  if (num_paths != model->num_inputs) {
    fprintf(stderr, "error: model '%s' takes %lld input file(s), given %d\n",
            model->name, (long long)model->num_inputs, num_paths);
    usage(model, stderr, argv[0]);
    goto bad_arguments;
  }

  int status = 2;
  char error[512];
  int64_t num_inputs = model->num_inputs;
  int64_t num_outputs = model->num_outputs;
  kiln_tensor *inputs = calloc((size_t)num_inputs + 1, sizeof(kiln_tensor));
  kiln_tensor *outputs = calloc((size_t)num_outputs + 1, sizeof(kiln_tensor));
  /* The session first: a model whose arena or weights cannot be had fails
   * before any input is read. */
  char default_weights[4096];
  if (!weights && model->weights_bytes > 0)
    weights = weights_next_to_executable(model, default_weights,
                                         sizeof default_weights);
  kiln_session_options options = {(int32_t)threads, weights};
  kiln_session *session = kiln_session_create(model, &options);
  if (!session) {
    fprintf(stderr, "error: out of memory\n");
    goto done;
  }
  if (kiln_session_error(session)[0]) {
    fprintf(stderr, "error: %s\n", kiln_session_error(session));
    goto done;
  }
  for (int64_t i = 0; i < num_inputs; ++i) {
    if (kiln_npy_read(paths[i], &inputs[i], error, sizeof error) != 0) {
      fprintf(stderr, "error: input %lld ('%s') from %s: %s\n", (long long)i,
              model->inputs[i].name, paths[i], error);
      goto done;
    }
  }
  for (int64_t i = 0; i < num_outputs; ++i) {
    const kiln_tensor_desc *desc = &model->outputs[i];
    outputs[i].dtype = desc->dtype;
    outputs[i].rank = desc->rank;
    outputs[i].shape = desc->shape;
    outputs[i].data = malloc((size_t)kiln_desc_bytes(desc) + 1);
    if (!outputs[i].data) {
      fprintf(stderr, "error: cannot allocate %lld bytes for output '%s'\n",
              (long long)kiln_desc_bytes(desc), desc->name);
      goto done;
    }
  }
  if (kiln_session_run(session, inputs, num_inputs, outputs, num_outputs)) {
    fprintf(stderr, "error: %s\n", kiln_session_error(session));
    goto done;
  }
  if (report_nonfinite(model, outputs)) {
    status = 3;
    goto done;
  }
  if (outdir && kiln_cli_process_rank() == 0) {
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "error: cannot create --outdir %s: %s\n", outdir,
              strerror(errno));
      goto done;
    }
    for (int64_t i = 0; i < num_inputs; ++i)
      if (model->inputs[i].updated_in_place &&
          write_tensor(outdir, &model->inputs[i], &inputs[i], "input", i))
        goto done;
    for (int64_t i = 0; i < num_outputs; ++i)
      if (!is_check_output(&model->outputs[i]) &&
          write_tensor(outdir, &model->outputs[i], &outputs[i], "output", i))
        goto done;
  }
  if (bench > 0) {
    double *times = malloc(sizeof(double) * (size_t)bench);
    for (int warm = 0; warm < 2; ++warm)
      kiln_session_run(session, inputs, num_inputs, outputs, num_outputs);
    for (long i = 0; i < bench; ++i) {
      double start = kiln_now_seconds();
      kiln_session_run(session, inputs, num_inputs, outputs, num_outputs);
      times[i] = kiln_now_seconds() - start;
    }
    qsort(times, (size_t)bench, sizeof(double), compare_doubles);
    double median = bench % 2 ? times[bench / 2]
                              : 0.5 * (times[bench / 2 - 1] + times[bench / 2]);
    printf("median_ms: %.6f\n", median * 1e3);
    printf("peak_bytes: %lld\n", (long long)kiln_session_peak_bytes(session));
    free(times);
  }
  status = 0;
done:
  kiln_session_destroy(session);
  for (int64_t i = 0; i < num_inputs; ++i)
    kiln_npy_free(&inputs[i]);
  for (int64_t i = 0; i < num_outputs; ++i)
    free(outputs[i].data);
  free(inputs);
  free(outputs);
  free(paths);
  return status;
bad_arguments:
  free(paths);
  return 2;
}
