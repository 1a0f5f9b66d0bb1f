/*===- kiln_runtime.h - The C API of Kiln-compiled models --------*- C -*-===*
 *
 * A compiled model is described by a `kiln_model_desc` (inputs, outputs,
 * arena size and an entry point) that kiln-compile emits into the object.
 * The runtime turns it into a session that owns the arena, checks the
 * tensors it is given, and runs the model. The runtime is plain C11 with
 * no dependency beyond libc, libm and libpthread, and is linked statically
 * into every executable kiln-compile produces.
 *
 *   kiln_session *s = kiln_session_create(&my_model, NULL);
 *   kiln_tensor in[1] = {...}, out[1] = {...};
 *   if (kiln_session_run(s, in, 1, out, 1) != 0)
 *     fprintf(stderr, "%s\n", kiln_session_error(s));
 *   kiln_session_destroy(s);
 *
 *===----------------------------------------------------------------------===*/

#ifndef KILN_RUNTIME_KILN_RUNTIME_H
#define KILN_RUNTIME_KILN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element types a model's inputs and outputs may have. */
typedef enum kiln_dtype {
  KILN_F32 = 0,
  KILN_F64 = 1,
  KILN_F16 = 2,
  KILN_BF16 = 3,
  KILN_I64 = 4,
  KILN_I32 = 5,
  KILN_I8 = 6,
  KILN_BOOL = 7, /* one byte per element, 0 or 1 */
  KILN_U8 = 8,
  KILN_U16 = 9,
  KILN_U32 = 10,
  KILN_U64 = 11,
  KILN_I16 = 12,
} kiln_dtype;

/* Bytes per element of `dtype`; 0 for an unknown value. */
size_t kiln_dtype_size(int64_t dtype);
/* "f32", "i64", ...; "?" for an unknown value. */
const char *kiln_dtype_name(int64_t dtype);

/* The static description of one input or output. Plain 64-bit fields only,
 * so that the compiler can emit it as LLVM globals with a fixed layout. */
typedef struct kiln_tensor_desc {
  const char *name;
  int64_t dtype; /* a kiln_dtype */
  int64_t rank;
  const int64_t *shape;
  /* Inputs only: 1 when the model writes a new value into this input's
   * buffer (a donated buffer, as a training step's parameters and optimizer
   * state are), 0 when it only reads it. */
  int64_t updated_in_place;
} kiln_tensor_desc;

/* Calls the compiled function: `buffers` holds the input data pointers,
 * then the output data pointers, then (models compiled with --weights) the
 * mapped weights; `arena` is the scratch memory of
 * `arena_bytes` bytes (64-byte aligned); `runtime` is the session, which
 * the model's parallel loops hand back to kiln_parallel_for. */
typedef void (*kiln_entry_fn)(void **buffers, void *arena, void *runtime);

/* The descriptor layout this runtime reads. Compilers write KILN_ABI_TAG
 * ("KILN" and the version) first, so that a descriptor of another layout
 * is recognized before any other field is read. */
#define KILN_ABI_VERSION 2
#define KILN_ABI_TAG ((UINT64_C(0x4b494c4e) << 32) | KILN_ABI_VERSION)

/* The kind of device a model was compiled for. */
typedef enum kiln_device {
  KILN_DEVICE_CPU = 0,
  KILN_DEVICE_CUDA = 1,
} kiln_device;

/* Every field is 8 bytes (pointers and 64-bit integers) and the compiler
 * emits them in this order; lib/Compiler/ModelDescriptor.cpp checks its
 * field list against this declaration when it is built. */
typedef struct kiln_model_desc {
  uint64_t abi;   /* KILN_ABI_TAG of the compiler that emitted it */
  int64_t device; /* a kiln_device */
  const char *name;
  int64_t num_inputs;
  const kiln_tensor_desc *inputs;
  int64_t num_outputs;
  const kiln_tensor_desc *outputs;
  int64_t arena_bytes;
  kiln_entry_fn entry;
  /* Default thread count (kiln-compile --threads); 0: one per online core. */
  int64_t num_threads;
  /* Size of the weights side file (kiln-compile --weights=FILE), 0 when
   * the constants are embedded, and the FILE given at compile time. */
  int64_t weights_bytes;
  const char *weights_file;
} kiln_model_desc;

/* A tensor handed to or filled by a session: the caller owns `data`. */
typedef struct kiln_tensor {
  int64_t dtype;
  int64_t rank;
  const int64_t *shape;
  void *data;
} kiln_tensor;

/* 0 when this runtime can run `model` (its ABI tag and device kind are
 * this runtime's); otherwise -1 with `error` (of `error_size` bytes)
 * saying what the model was compiled for. Reads no other field. */
int kiln_model_check(const kiln_model_desc *model, char *error,
                     size_t error_size);

/* Number of elements and bytes of a description. */
int64_t kiln_desc_elements(const kiln_tensor_desc *desc);
int64_t kiln_desc_bytes(const kiln_tensor_desc *desc);

typedef struct kiln_session kiln_session;

typedef struct kiln_session_options {
  /* Threads that run parallel loops (the calling thread included); 0 means
   * the model's default (kiln-compile --threads), whose own 0 means one per
   * online core. */
  int32_t num_threads;
  /* The weights side file of a model compiled with --weights; NULL means
   * the path given at compile time. Mapped read-only for the session. */
  const char *weights_path;
} kiln_session_options;

/* Creates a session (allocates the arena, maps the weights file, starts the
 * threads); NULL options mean defaults. Returns NULL only when the session
 * itself cannot be allocated. An arena that cannot be allocated or a
 * weights file that cannot be mapped (missing, wrong size) leaves
 * kiln_session_error non-empty right away, with the byte count or the
 * file's problem, and makes every kiln_session_run fail. */
kiln_session *kiln_session_create(const kiln_model_desc *model,
                                  const kiln_session_options *options);
/* Checks every tensor against the model (count, dtype, shape) and runs.
 * Returns 0 on success; otherwise nothing was run and
 * kiln_session_error() says which tensor was wrong and how. */
int kiln_session_run(kiln_session *session, const kiln_tensor *inputs,
                     int64_t num_inputs, kiln_tensor *outputs,
                     int64_t num_outputs);
const char *kiln_session_error(const kiln_session *session);
/* High-water mark of the session's arena in bytes. */
int64_t kiln_session_peak_bytes(const kiln_session *session);
void kiln_session_destroy(kiln_session *session);

/* Threads the session runs parallel loops on (the calling one included). */
int32_t kiln_session_num_threads(const kiln_session *session);

/* --- Parallel loops (called by compiled code) ----------------------------- */

/* One task of a parallel loop: `context` is the loop's captured state. */
typedef void (*kiln_task_fn)(void *context, int64_t index);

/* Runs task(context, i) for every i in [0, count) on the threads of the
 * session `runtime` (NULL: on the calling thread) and returns when all have
 * finished. Tasks may run in any order and must not call it again. A
 * session runs one model call at a time. */
void kiln_parallel_for(void *runtime, int64_t count, kiln_task_fn task,
                       void *context);

/* --- .npy files (version 1.0/2.0, C order, little-endian) --------------- */

/* Reads `path` into a fresh tensor (data and shape owned by the caller, to
 * be released with kiln_npy_free). Returns 0, or -1 with `error` (of
 * `error_size` bytes) saying what is wrong with the file. */
int kiln_npy_read(const char *path, kiln_tensor *tensor, char *error,
                  size_t error_size);
void kiln_npy_free(kiln_tensor *tensor);
/* Writes `tensor` to `path` atomically (a temporary file renamed into
 * place), so a failed write leaves no partial file. Returns 0 or -1. */
int kiln_npy_write(const char *path, const kiln_tensor *tensor, char *error,
                   size_t error_size);

/* Bytes of `tensor`'s data. */
size_t kiln_tensor_bytes(const kiln_tensor *tensor);

/* The largest .npy header kiln_npy_header writes. */
#define KILN_NPY_HEADER_MAX 576
/* Writes `tensor`'s .npy header into `out` and returns its length (0 when
 * the dtype has no .npy form). */
size_t kiln_npy_header(const kiln_tensor *tensor, char *out);

/* Writes `count` tensors to `path` as an .npz archive (numpy.load reads
 * it; member i is `names[i]`.npy), atomically like kiln_npy_write.
 * Returns 0 or -1. */
int kiln_npz_write(const char *path, const kiln_tensor *tensors,
                   const char *const *names, int64_t count, char *error,
                   size_t error_size);

/* Reads every member of an .npz archive of stored (uncompressed) .npy
 * members, as kiln_npz_write and numpy.savez write them: `*count` tensors
 * and their names (the member names without ".npy"), checked against
 * their CRCs. The caller releases them with kiln_npz_free. Returns 0, or -1
 * with `error` saying what is wrong with the file. */
int kiln_npz_read(const char *path, int64_t *count, char ***names,
                  kiln_tensor **tensors, char *error, size_t error_size);
void kiln_npz_free(int64_t count, char **names, kiln_tensor *tensors);

/* The command line of a compiled model (what `main` of a kiln-compile
 * executable and kiln-run do): `argv` holds one .npy path per input and the
 * options --outdir DIR, --bench N, --threads N, --weights FILE (default:
 * the compile-time file name, next to the executable). Returns the exit
 * status. */
int kiln_cli_main(const kiln_model_desc *model, int argc, char **argv);

/* The command line of a `kiln-compile --train` executable: `init` gives
 * the initial parameters and optimizer state (its first `num_params`
 * results are the parameters), `step` maps (state..., batch inputs...,
 * target) to (state'..., loss). Options: --data FILE per batch input,
 * --labels FILE, --steps N, --save FILE.npz, --threads N, --quiet. Returns
 * the exit status. */
int kiln_train_cli_main(const kiln_model_desc *step,
                        const kiln_model_desc *init, int64_t num_params,
                        int argc, char **argv);

/* Monotonic time in seconds, for benchmarks. */
double kiln_now_seconds(void);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_KILN_RUNTIME_H */
