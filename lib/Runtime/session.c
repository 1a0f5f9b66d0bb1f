/*===- session.c - Running a compiled model ------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"
#include "thread_pool.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct kiln_session {
  const kiln_model_desc *model;
  void *arena;
  int32_t num_threads;
  kiln_thread_pool *pool; /* NULL when running on one thread */
  void *weights;          /* the mapped weights file, or NULL */
  int broken;             /* set up failed: `error` says why */
  char error[512];
};

static int session_fail(kiln_session *session, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(session->error, sizeof session->error, format, args);
  va_end(args);
  return -1;
}

/* Maps the weights file read-only; on failure the session is broken. */
static void map_weights(kiln_session *session, const char *path) {
  const kiln_model_desc *model = session->model;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat info;
  if (fd < 0 || fstat(fd, &info) != 0) {
    session_fail(session, "weights file '%s': cannot open", path);
  } else if ((int64_t)info.st_size != model->weights_bytes) {
    session_fail(session, "weights file '%s': expected %lld bytes, found %lld",
                 path, (long long)model->weights_bytes,
                 (long long)info.st_size);
  } else {
    void *data =
        mmap(NULL, (size_t)info.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED)
      session_fail(session, "weights file '%s': cannot map", path);
    else
      session->weights = data;
  }
  if (fd >= 0)
    close(fd);
  session->broken = session->weights == NULL;
}

int kiln_model_check(const kiln_model_desc *model, char *error,
                     size_t error_size) {
  if (model->abi != KILN_ABI_TAG) {
    if ((model->abi >> 32) == (KILN_ABI_TAG >> 32))
      snprintf(error, error_size,
               "the model was compiled for Kiln runtime ABI %u, this "
               "runtime reads ABI %d; recompile it with a matching "
               "kiln-compile",
               (unsigned)(model->abi & 0xffffffffu), KILN_ABI_VERSION);
    else
      snprintf(error, error_size,
               "the model descriptor has no Kiln ABI tag (built by a "
               "kiln-compile older than ABI %d?); recompile it",
               KILN_ABI_VERSION);
    return -1;
  }
  if (model->device != KILN_DEVICE_CPU) {
    snprintf(error, error_size,
             "the model was compiled for %s; this runtime runs CPU models",
             model->device == KILN_DEVICE_CUDA ? "a CUDA GPU"
                                               : "an unknown device");
    return -1;
  }
  return 0;
}

kiln_session *kiln_session_create(const kiln_model_desc *model,
                                  const kiln_session_options *options) {
  kiln_session *session = calloc(1, sizeof *session);
  if (!session)
    return NULL;
  session->model = model;
  if (kiln_model_check(model, session->error, sizeof session->error) != 0) {
    /* Nothing else of a foreign descriptor is read. */
    session->broken = 1;
    return session;
  }
  int64_t threads = options && options->num_threads > 0 ? options->num_threads
                                                        : model->num_threads;
  if (threads <= 0)
    threads = sysconf(_SC_NPROCESSORS_ONLN);
  if (model->weights_bytes > 0)
    map_weights(session, options && options->weights_path
                             ? options->weights_path
                             : model->weights_file);
  session->pool = kiln_thread_pool_create((int32_t)threads);
  /* Without worker threads the loops run on the caller alone. */
  session->num_threads = session->pool ? (int32_t)threads : 1;
  if (model->arena_bytes > 0) {
    size_t bytes = ((size_t)model->arena_bytes + 63) / 64 * 64;
    session->arena = aligned_alloc(64, bytes);
    if (!session->arena) {
      /* The byte count the model planned, so that the user knows what to
       * free or ask for. */
      snprintf(session->error, sizeof session->error,
               "cannot allocate the %lld-byte scratch arena of '%s'",
               (long long)model->arena_bytes, model->name);
      session->broken = 1;
    }
  }
  return session;
}

static void format_shape(char *out, size_t size, int64_t rank,
                         const int64_t *shape) {
  size_t used = 0;
  used += (size_t)snprintf(out + used, size - used, "[");
  for (int64_t i = 0; i < rank && used < size; ++i)
    used += (size_t)snprintf(out + used, size - used, "%s%lld", i ? ", " : "",
                             (long long)shape[i]);
  if (used < size)
    snprintf(out + used, size - used, "]");
}

/* Checks one tensor against its description; `role` is "input"/"output". */
static int check_tensor(kiln_session *session, const char *role, int64_t index,
                        const kiln_tensor_desc *desc,
                        const kiln_tensor *tensor) {
  if (tensor->dtype != desc->dtype)
    return session_fail(session, "%s %lld ('%s'): expected dtype %s, given %s",
                        role, (long long)index, desc->name,
                        kiln_dtype_name(desc->dtype),
                        kiln_dtype_name(tensor->dtype));
  int same = tensor->rank == desc->rank;
  for (int64_t i = 0; same && i < desc->rank; ++i)
    same = tensor->shape[i] == desc->shape[i];
  if (!same) {
    char expected[256], given[256];
    format_shape(expected, sizeof expected, desc->rank, desc->shape);
    format_shape(given, sizeof given, tensor->rank, tensor->shape);
    return session_fail(session, "%s %lld ('%s'): expected shape %s, given %s",
                        role, (long long)index, desc->name, expected, given);
  }
  if (!tensor->data)
    return session_fail(session, "%s %lld ('%s'): no data", role,
                        (long long)index, desc->name);
  return 0;
}

int kiln_session_run(kiln_session *session, const kiln_tensor *inputs,
                     int64_t num_inputs, kiln_tensor *outputs,
                     int64_t num_outputs) {
  const kiln_model_desc *model = session->model;
  if (session->broken)
    return -1;
  session->error[0] = '\0';
  if (num_inputs != model->num_inputs)
    return session_fail(session, "model '%s' takes %lld inputs, given %lld",
                        model->name, (long long)model->num_inputs,
                        (long long)num_inputs);
  if (num_outputs != model->num_outputs)
    return session_fail(session, "model '%s' has %lld outputs, given %lld",
                        model->name, (long long)model->num_outputs,
                        (long long)num_outputs);
  int64_t count = num_inputs + num_outputs;
  void *stack_buffers[64];
  void **buffers =
      count < 64 ? stack_buffers : malloc(sizeof(void *) * (size_t)(count + 1));
  if (!buffers)
    return session_fail(session, "out of memory");
  int status = 0;
  for (int64_t i = 0; i < num_inputs && status == 0; ++i) {
    status = check_tensor(session, "input", i, &model->inputs[i], &inputs[i]);
    buffers[i] = inputs[i].data;
  }
  for (int64_t i = 0; i < num_outputs && status == 0; ++i) {
    status =
        check_tensor(session, "output", i, &model->outputs[i], &outputs[i]);
    buffers[num_inputs + i] = outputs[i].data;
  }
  buffers[count] = session->weights;
  if (status == 0)
    model->entry(buffers, session->arena, session);
  if (buffers != stack_buffers)
    free(buffers);
  return status;
}

const char *kiln_session_error(const kiln_session *session) {
  return session->error;
}

int64_t kiln_session_peak_bytes(const kiln_session *session) {
  return session->model->arena_bytes;
}

void kiln_session_destroy(kiln_session *session) {
  if (!session)
    return;
  kiln_thread_pool_destroy(session->pool);
  if (session->weights)
    munmap(session->weights, (size_t)session->model->weights_bytes);
  free(session->arena);
  free(session);
}

int32_t kiln_session_num_threads(const kiln_session *session) {
  return session->num_threads;
}

void kiln_parallel_for(void *runtime, int64_t count, kiln_task_fn task,
                       void *context) {
  kiln_session *session = runtime;
  if (session && session->pool) {
    kiln_thread_pool_run(session->pool, count, task, context);
    return;
  }
  for (int64_t i = 0; i < count; ++i)
    task(context, i);
}
