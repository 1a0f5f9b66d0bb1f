/*===- train_cli.c - The command line of compiled training programs ------===*
 *
 * What `main` of a `kiln-compile --train` executable does:
 *
 *   ./train --data x.npy [--data x2.npy ...] --labels y.npy
 *           [--steps N] [--save params.npz] [--threads N] [--quiet]
 *           [--memory] [--checkpoint DIR [--checkpoint-every N]]
 *           [--resume DIR]
 *
 * The program holds two compiled functions: `train_init` (the initial
 * parameters, from the model's initializers, and zero optimizer state) and
 * `train_step` (state..., batch inputs..., target -> loss), which updates
 * the state (parameters and optimizer state) in place: its arguments are
 * donated to the new values, so the step holds one copy of them. Each
 * --data file holds every sample of one model input ([samples, ...], the
 * model's input shape after the first dimension) and --labels the targets.
 * Step i takes the batch of B consecutive samples starting at (i * B) mod
 * samples, wrapping around (B is the model's batch dimension), runs
 * train_step and prints `step i loss L`. --steps defaults to one epoch.
 * --save writes the trained parameters, named as in the model, to an .npz
 * file (numpy.load reads it). Problems are one line on stderr and exit
 * status 2, before any step runs.
 *
 * --checkpoint DIR writes DIR/checkpoint.npz (every state tensor by name,
 * and `kiln_steps_done`) every --checkpoint-every steps and at the end,
 * atomically (a temporary file synced and renamed), so a kill at any
 * moment leaves the previous checkpoint or the new one. --resume DIR
 * continues from DIR's checkpoint up to --steps: the state and the data
 * position are restored, so the losses after it equal those of a run
 * never interrupted, bit for bit. SIGINT and SIGTERM finish the current
 * step, write the checkpoint (with --checkpoint) and exit with status
 * 128 + the signal.
 *
 *===----------------------------------------------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#include "cli_util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(const kiln_model_desc *step, int64_t num_state, FILE *out,
                  const char *program) {
  fprintf(out, "usage: %s", program);
  for (int64_t i = num_state; i + 1 < step->num_inputs; ++i)
    fprintf(out, " --data %s.npy", step->inputs[i].name);
  fprintf(out,
          " --labels %s.npy [--steps N] [--save FILE.npz] "
          "[--threads N] [--quiet] [--memory] [--checkpoint DIR "
          "[--checkpoint-every N]] [--resume DIR]\n",
          step->inputs[step->num_inputs - 1].name);
  fprintf(out,
          "trains '%s': each --data file holds [samples, ...] of one "
          "input; the batch size is the model's (%lld)\n",
          step->name,
          (long long)(step->num_inputs > num_state
                          ? step->inputs[num_state].shape[0]
                          : 0));
}

/* Checks that `file` (all samples) matches `desc` (one batch) after the
 * first dimension; returns the number of samples or -1. */
static int64_t check_samples(const kiln_tensor *file,
                             const kiln_tensor_desc *desc, const char *path) {
  if (file->dtype != desc->dtype) {
    fprintf(stderr, "error: %s holds %s; input '%s' is %s\n", path,
            kiln_dtype_name(file->dtype), desc->name,
            kiln_dtype_name(desc->dtype));
    return -1;
  }
  int ok = file->rank == desc->rank && file->rank >= 1;
  for (int64_t d = 1; ok && d < desc->rank; ++d)
    ok = file->shape[d] == desc->shape[d];
  if (!ok || file->shape[0] < 1) {
    fprintf(stderr, "error: %s has shape [", path);
    for (int64_t d = 0; d < file->rank; ++d)
      fprintf(stderr, "%s%lld", d ? ", " : "", (long long)file->shape[d]);
    fprintf(stderr, "]; input '%s' needs [samples", desc->name);
    for (int64_t d = 1; d < desc->rank; ++d)
      fprintf(stderr, ", %lld", (long long)desc->shape[d]);
    fprintf(stderr, "]\n");
    return -1;
  }
  return file->shape[0];
}

/* Copies samples [first, first + batch) of `file`, wrapping around, into
 * `out`. */
static void gather_batch(const kiln_tensor *file, int64_t first, int64_t batch,
                         void *out) {
  size_t sample = kiln_tensor_bytes(file) / (size_t)file->shape[0];
  for (int64_t i = 0; i < batch; ++i) {
    int64_t index = (first + i) % file->shape[0];
    memcpy((char *)out + (size_t)i * sample,
           (const char *)file->data + (size_t)index * sample, sample);
  }
}

static int alloc_like(kiln_tensor *tensor, const kiln_tensor_desc *desc) {
  tensor->dtype = desc->dtype;
  tensor->rank = desc->rank;
  tensor->shape = desc->shape;
  tensor->data = malloc((size_t)kiln_desc_bytes(desc) + 1);
  return tensor->data ? 0 : -1;
}

/* The signal that asked the program to stop after the current step. */
static volatile sig_atomic_t stop_signal;

static void request_stop(int signal_number) { stop_signal = signal_number; }

#define STEPS_MEMBER "kiln_steps_done"

/* DIR/checkpoint.npz, in a buffer the caller frees. */
static char *checkpoint_path(const char *dir) {
  size_t length = strlen(dir) + sizeof "/checkpoint.npz";
  char *path = malloc(length);
  if (path)
    snprintf(path, length, "%s/checkpoint.npz", dir);
  return path;
}

/* Writes the state and the step count to DIR/checkpoint.npz. */
static int write_checkpoint(const char *dir, const kiln_model_desc *init,
                            const kiln_tensor *state, int64_t steps_done) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "error: --checkpoint %s: %s\n", dir, strerror(errno));
    return -1;
  }
  int64_t num_state = init->num_outputs;
  kiln_tensor *tensors = calloc((size_t)num_state + 1, sizeof(kiln_tensor));
  const char **names = calloc((size_t)num_state + 1, sizeof(char *));
  char *path = checkpoint_path(dir);
  int status = -1;
  if (tensors && names && path) {
    for (int64_t i = 0; i < num_state; ++i) {
      tensors[i] = state[i];
      names[i] = init->outputs[i].name;
    }
    int64_t scalar_shape[1] = {1};
    int64_t done = steps_done;
    tensors[num_state] = (kiln_tensor){KILN_I64, 1, scalar_shape, &done};
    names[num_state] = STEPS_MEMBER;
    char error[512];
    status = kiln_npz_write(path, tensors, names, num_state + 1, error,
                            sizeof error);
    if (status)
      fprintf(stderr, "error: --checkpoint: %s\n", error);
  } else {
    fprintf(stderr, "error: out of memory\n");
  }
  free(tensors);
  free(names);
  free(path);
  return status;
}

/* Fills `state` from DIR/checkpoint.npz and returns the steps it had done,
 * or -1 after saying why. */
static int64_t read_checkpoint(const char *dir, const kiln_model_desc *init,
                               kiln_tensor *state) {
  char *path = checkpoint_path(dir);
  if (!path) {
    fprintf(stderr, "error: out of memory\n");
    return -1;
  }
  int64_t count = 0, steps_done = -1;
  char **names = NULL;
  kiln_tensor *tensors = NULL;
  char error[512];
  if (kiln_npz_read(path, &count, &names, &tensors, error, sizeof error)) {
    fprintf(stderr, "error: --resume %s: %s\n", path, error);
    free(path);
    return -1;
  }
  int ok = 1;
  for (int64_t i = 0; ok && i < init->num_outputs; ++i) {
    const kiln_tensor_desc *desc = &init->outputs[i];
    int64_t j = 0;
    while (j < count && strcmp(names[j], desc->name) != 0)
      ++j;
    int same = j < count && tensors[j].dtype == desc->dtype &&
               tensors[j].rank == desc->rank;
    for (int64_t d = 0; same && d < desc->rank; ++d)
      same = tensors[j].shape[d] == desc->shape[d];
    if (!same) {
      fprintf(stderr,
              "error: --resume %s: %s '%s' (%s, rank %lld) of this "
              "program\n",
              path, j < count ? "it holds another form of" : "it lacks",
              desc->name, kiln_dtype_name(desc->dtype), (long long)desc->rank);
      ok = 0;
      break;
    }
    memcpy(state[i].data, tensors[j].data, (size_t)kiln_desc_bytes(desc));
  }
  for (int64_t j = 0; ok && j < count; ++j)
    if (strcmp(names[j], STEPS_MEMBER) == 0 && tensors[j].dtype == KILN_I64 &&
        kiln_tensor_bytes(&tensors[j]) == sizeof(int64_t))
      steps_done = *(const int64_t *)tensors[j].data;
  if (ok && steps_done < 0)
    fprintf(stderr, "error: --resume %s: no " STEPS_MEMBER " in it\n", path);
  kiln_npz_free(count, names, tensors);
  free(path);
  return ok ? steps_done : -1;
}

int kiln_train_cli_main(const kiln_model_desc *step,
                        const kiln_model_desc *init, int64_t num_params,
                        int argc, char **argv) {
  char abi_error[256];
  if (kiln_model_check(step, abi_error, sizeof abi_error) != 0 ||
      kiln_model_check(init, abi_error, sizeof abi_error) != 0) {
    fprintf(stderr, "error: %s\n", abi_error);
    return 2;
  }
  int64_t num_state = init->num_outputs;
  int64_t num_data = step->num_inputs - num_state - 1;
  const char *save = NULL, *labels_path = NULL, *checkpoint = NULL,
             *resume = NULL;
  long steps = -1, threads = 0, checkpoint_every = 0;
  int quiet = 0, memory = 0;
  const char **data_paths = calloc((size_t)argc + 1, sizeof(char *));
  int num_paths = 0;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    int has_value = i + 1 < argc;
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      usage(step, num_state, stdout, argv[0]);
      free(data_paths);
      return 0;
    } else if (strcmp(arg, "--data") == 0 && has_value)
      data_paths[num_paths++] = argv[++i];
    else if (strcmp(arg, "--labels") == 0 && has_value)
      labels_path = argv[++i];
    else if (strcmp(arg, "--save") == 0 && has_value)
      save = argv[++i];
    else if (strcmp(arg, "--checkpoint") == 0 && has_value)
      checkpoint = argv[++i];
    else if (strcmp(arg, "--resume") == 0 && has_value)
      resume = argv[++i];
    else if (strcmp(arg, "--checkpoint-every") == 0 && has_value) {
      if (kiln_parse_count(argv[++i], "--checkpoint-every", &checkpoint_every))
        goto bad_arguments;
    } else if (strcmp(arg, "--quiet") == 0)
      quiet = 1;
    else if (strcmp(arg, "--memory") == 0)
      memory = 1;
    else if (strcmp(arg, "--steps") == 0 && has_value) {
      if (kiln_parse_count(argv[++i], "--steps", &steps))
        goto bad_arguments;
    } else if (strcmp(arg, "--threads") == 0 && has_value) {
      if (kiln_parse_count(argv[++i], "--threads", &threads))
        goto bad_arguments;
    } else {
      fprintf(stderr, "error: unknown or incomplete argument '%s'\n", arg);
      usage(step, num_state, stderr, argv[0]);
      goto bad_arguments;
    }
  }
  if (checkpoint_every && !checkpoint) {
    fprintf(stderr, "error: --checkpoint-every needs --checkpoint DIR\n");
    goto bad_arguments;
  }
  if (num_paths != num_data || !labels_path) {
    fprintf(stderr,
            "error: '%s' needs %lld --data file(s) and --labels, "
            "given %d --data%s\n",
            step->name, (long long)num_data, num_paths,
            labels_path ? "" : " and no --labels");
    usage(step, num_state, stderr, argv[0]);
    goto bad_arguments;
  }

  int status = 2;
  char error[512];
  int64_t num_inputs = step->num_inputs;
  kiln_tensor *files = calloc((size_t)num_data + 2, sizeof(kiln_tensor));
  kiln_tensor *state = calloc((size_t)num_state + 1, sizeof(kiln_tensor));
  kiln_tensor *inputs = calloc((size_t)num_inputs + 1, sizeof(kiln_tensor));
  kiln_tensor loss = {0};
  kiln_session *init_session = NULL, *step_session = NULL;
  int64_t samples = -1;
  for (int64_t i = 0; i <= num_data; ++i) {
    const char *path = i < num_data ? data_paths[i] : labels_path;
    const kiln_tensor_desc *desc = &step->inputs[num_state + i];
    if (kiln_npy_read(path, &files[i], error, sizeof error) != 0) {
      fprintf(stderr, "error: %s ('%s'): %s\n", path, desc->name, error);
      goto done;
    }
    int64_t count = check_samples(&files[i], desc, path);
    if (count < 0)
      goto done;
    if (samples >= 0 && count != samples) {
      fprintf(stderr, "error: %s has %lld samples, the other files %lld\n",
              path, (long long)count, (long long)samples);
      goto done;
    }
    samples = count;
  }
  int64_t batch = step->inputs[num_state].shape[0];
  if (steps < 0)
    steps = (long)((samples + batch - 1) / batch);

  /* One buffer per state tensor: train_init fills it, each step updates
   * it in place. The loss is the step's only output. */
  if (step->num_outputs != 1) {
    fprintf(stderr,
            "error: '%s' has %lld outputs; a training step returns "
            "only the loss and updates its state in place\n",
            step->name, (long long)step->num_outputs);
    goto done;
  }
  for (int64_t i = 0; i < num_state; ++i)
    if (alloc_like(&state[i], &init->outputs[i])) {
      fprintf(stderr, "error: out of memory\n");
      goto done;
    }
  if (alloc_like(&loss, &step->outputs[0])) {
    fprintf(stderr, "error: out of memory\n");
    goto done;
  }
  for (int64_t i = 0; i <= num_data; ++i)
    if (alloc_like(&inputs[num_state + i], &step->inputs[num_state + i])) {
      fprintf(stderr, "error: out of memory\n");
      goto done;
    }
  kiln_session_options options = {(int32_t)threads, NULL};
  init_session = kiln_session_create(init, &options);
  step_session = kiln_session_create(step, &options);
  if (!init_session || !step_session) {
    fprintf(stderr, "error: out of memory\n");
    goto done;
  }
  if (kiln_session_error(step_session)[0] ||
      kiln_session_error(init_session)[0]) {
    fprintf(stderr, "error: %s\n",
            kiln_session_error(step_session)[0]
                ? kiln_session_error(step_session)
                : kiln_session_error(init_session));
    goto done;
  }
  if (kiln_session_run(init_session, NULL, 0, state, num_state)) {
    fprintf(stderr, "error: %s\n", kiln_session_error(init_session));
    goto done;
  }
  long first_step = 0;
  if (resume) {
    int64_t done = read_checkpoint(resume, init, state);
    if (done < 0)
      goto done;
    first_step = (long)done;
  }
  for (int64_t i = 0; i < num_state; ++i)
    inputs[i] = state[i];
  /* A stop asked for by a signal ends the run after the current step. */
  struct sigaction stop_action;
  memset(&stop_action, 0, sizeof stop_action);
  stop_action.sa_handler = request_stop;
  sigaction(SIGINT, &stop_action, NULL);
  sigaction(SIGTERM, &stop_action, NULL);
  int root = kiln_cli_process_rank() == 0;
  long s;
  for (s = first_step; s < steps && !stop_signal; ++s) {
    int64_t first = (int64_t)s * batch % samples;
    for (int64_t i = 0; i <= num_data; ++i)
      gather_batch(&files[i], first, batch, inputs[num_state + i].data);
    if (kiln_session_run(step_session, inputs, num_inputs, &loss, 1)) {
      fprintf(stderr, "error: %s\n", kiln_session_error(step_session));
      goto done;
    }
    /* Enough digits to give the loss back exactly: resumed runs are
     * compared with uninterrupted ones by their printed losses. */
    if (!quiet && root) {
      if (loss.dtype == KILN_F64)
        printf("step %ld loss %.17g\n", s + 1, *(const double *)loss.data);
      else
        printf("step %ld loss %.9g\n", s + 1,
               (double)*(const float *)loss.data);
      fflush(stdout);
    }
    if (checkpoint && checkpoint_every && (s + 1) % checkpoint_every == 0 &&
        root && write_checkpoint(checkpoint, init, state, s + 1) != 0)
      goto done;
  }
  if (checkpoint && root && write_checkpoint(checkpoint, init, state, s) != 0)
    goto done;
  if (stop_signal) {
    fprintf(stderr, "stopped by signal %d after step %ld%s%s\n",
            (int)stop_signal, s, checkpoint ? "; checkpoint in " : "",
            checkpoint ? checkpoint : "");
    status = 128 + stop_signal;
    goto done;
  }
  /* What the step allocates for itself, as --bench reports it for other
     programs: its scratch arena (the state and the batch are the
     caller's). */
  if (memory)
    printf("peak_bytes: %lld\n",
           (long long)kiln_session_peak_bytes(step_session));
  fflush(stdout);
  if (save && kiln_cli_process_rank() == 0) {
    const char **names = calloc((size_t)num_params + 1, sizeof(char *));
    for (int64_t i = 0; i < num_params; ++i)
      names[i] = init->outputs[i].name;
    int failed =
        kiln_npz_write(save, state, names, num_params, error, sizeof error);
    free(names);
    if (failed) {
      fprintf(stderr, "error: --save: %s\n", error);
      goto done;
    }
  }
  status = 0;
done:
  kiln_session_destroy(init_session);
  kiln_session_destroy(step_session);
  for (int64_t i = 0; i <= num_data; ++i) {
    kiln_npy_free(&files[i]);
    free(inputs[num_state + i].data);
  }
  for (int64_t i = 0; i < num_state; ++i)
    free(state[i].data);
  free(loss.data);
  free(files);
  free(state);
  free(inputs);
  free(data_paths);
  return status;
bad_arguments:
  free(data_paths);
  return 2;
}
