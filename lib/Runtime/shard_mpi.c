/*===- shard_mpi.c - Collectives of partitioned models over MPI ----------===*
 *
 * The calls kiln-lower-shard-collectives emits for upstream shard
 * collectives, on contiguous buffers. A grid of devices maps onto
 * MPI_COMM_WORLD in row-major order (the last grid axis fastest); a
 * collective over some grid axes runs within each group of processes that
 * differ only along them, numbered row-major over those axes in the order
 * the op lists them. The groups' communicators are split on first use and
 * kept for the life of the process.
 *
 * Buffers are described as [outer, rows, inner] views around the tensor
 * dim an op acts on (inner in bytes where the op only moves data).
 *
 *===----------------------------------------------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#include <limits.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Element types are the runtime's kiln_dtype codes (kiln_runtime.h). */
enum { REDUCE_SUM = 1, REDUCE_MAX, REDUCE_MIN, REDUCE_PRODUCT, REDUCE_AVERAGE };

static void finalize(void) {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized)
    MPI_Finalize();
}

static void ensure_initialized(void) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    MPI_Init(NULL, NULL);
    atexit(finalize);
  }
}

/* The rank of this process, 0 without MPI running (main.c writes outputs
 * only on rank 0). */
int kiln_process_rank(void) {
  ensure_initialized();
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

static void fail(const char *message) {
  fprintf(stderr, "error: %s\n", message);
  MPI_Abort(MPI_COMM_WORLD, 1);
}

typedef struct {
  int64_t grid, axes;
  MPI_Comm comm;
} cached_comm;

static cached_comm cache[64];
static int cache_size;

/* The communicator of this process's group over the packed `axes` of the
 * packed `grid` (see LowerShardCollectives.cpp for the packing). */
static MPI_Comm group_comm(int64_t grid, int64_t axes) {
  for (int i = 0; i < cache_size; ++i)
    if (cache[i].grid == grid && cache[i].axes == axes)
      return cache[i].comm;
  ensure_initialized();
  int rank_count = (int)(grid & 15), sizes[4], devices = 1;
  for (int i = 0; i < rank_count; ++i) {
    sizes[i] = (int)((grid >> (4 + 12 * i)) & 4095);
    devices *= sizes[i];
  }
  int world = 0, rank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &world);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (world != devices) {
    char message[160];
    snprintf(message, sizeof message,
             "the model was partitioned for %d devices but runs on %d "
             "processes: run it with mpirun -np %d",
             devices, world, devices);
    fail(message);
  }
  int index[4], remaining = rank;
  for (int i = rank_count - 1; i >= 0; --i) {
    index[i] = remaining % sizes[i];
    remaining /= sizes[i];
  }
  int axis_count = (int)(axes & 15), in_group[4] = {0, 0, 0, 0};
  int key = 0;
  for (int i = 0; i < axis_count; ++i) {
    int axis = (int)((axes >> (4 + 4 * i)) & 15);
    in_group[axis] = 1;
    key = key * sizes[axis] + index[axis];
  }
  int color = 0;
  for (int i = 0; i < rank_count; ++i)
    if (!in_group[i])
      color = color * sizes[i] + index[i];
  MPI_Comm comm;
  MPI_Comm_split(MPI_COMM_WORLD, color, key, &comm);
  if (cache_size < 64)
    cache[cache_size++] = (cached_comm){grid, axes, comm};
  return comm;
}

static MPI_Datatype mpi_type(int64_t dtype) {
  switch (dtype) {
  case KILN_F32:
    return MPI_FLOAT;
  case KILN_F64:
    return MPI_DOUBLE;
  case KILN_I32:
    return MPI_INT32_T;
  case KILN_I64:
    return MPI_INT64_T;
  case KILN_I8:
  case KILN_BOOL:
    return MPI_INT8_T;
  case KILN_I16:
    return MPI_INT16_T;
  case KILN_U8:
    return MPI_UINT8_T;
  case KILN_U16:
    return MPI_UINT16_T;
  case KILN_U32:
    return MPI_UINT32_T;
  case KILN_U64:
    return MPI_UINT64_T;
  default:
    fail("the MPI runtime cannot reduce this element type");
  }
  return MPI_BYTE;
}

static MPI_Op mpi_op(int64_t op) {
  switch (op) {
  case REDUCE_SUM:
  case REDUCE_AVERAGE:
    return MPI_SUM;
  case REDUCE_MAX:
    return MPI_MAX;
  case REDUCE_MIN:
    return MPI_MIN;
  case REDUCE_PRODUCT:
    return MPI_PROD;
  default:
    fail("unknown reduction");
  }
  return MPI_SUM;
}

/* Divides `count` elements by the group size for an average. */
static void average(void *data, int64_t count, int64_t dtype, int group) {
  if (dtype == KILN_F32)
    for (int64_t i = 0; i < count; ++i)
      ((float *)data)[i] /= (float)group;
  else if (dtype == KILN_F64)
    for (int64_t i = 0; i < count; ++i)
      ((double *)data)[i] /= group;
  else
    fail("the MPI runtime averages only floating-point tensors");
}

void kiln_shard_all_reduce(int64_t in, int64_t out, int64_t count,
                           int64_t dtype, int64_t op, int64_t grid,
                           int64_t axes) {
  MPI_Comm comm = group_comm(grid, axes);
  MPI_Allreduce((void *)(uintptr_t)in, (void *)(uintptr_t)out, (int)count,
                mpi_type(dtype), mpi_op(op), comm);
  if (op == REDUCE_AVERAGE) {
    int group = 1;
    MPI_Comm_size(comm, &group);
    average((void *)(uintptr_t)out, count, dtype, group);
  }
}

/* Copies block `k` of `pieces` along the rows of an [outer, rows, inner]
 * buffer to or from a contiguous piece of [outer, rows / pieces, inner]. */
static void move_piece(char *whole, char *piece, int64_t outer, int64_t rows,
                       int64_t inner, int64_t pieces, int64_t k, int into) {
  int64_t piece_rows = rows / pieces, span = piece_rows * inner;
  for (int64_t o = 0; o < outer; ++o) {
    char *w = whole + (o * rows + k * piece_rows) * inner;
    char *p = piece + o * span;
    if (into)
      memcpy(w, p, (size_t)span);
    else
      memcpy(p, w, (size_t)span);
  }
}

/* in: [outer, rows, inner bytes]; out: [outer, rows * group, inner]. */
void kiln_shard_all_gather(int64_t in, int64_t out, int64_t outer, int64_t rows,
                           int64_t inner, int64_t grid, int64_t axes) {
  MPI_Comm comm = group_comm(grid, axes);
  int group = 1;
  MPI_Comm_size(comm, &group);
  int64_t bytes = outer * rows * inner;
  char *received = malloc((size_t)(bytes * group));
  MPI_Allgather((void *)(uintptr_t)in, (int)bytes, MPI_BYTE, received,
                (int)bytes, MPI_BYTE, comm);
  for (int k = 0; k < group; ++k)
    move_piece((char *)(uintptr_t)out, received + k * bytes, outer,
               rows * group, inner, group, k, 1);
  free(received);
}

/* in: [outer, rows * group, inner bytes]; out: this process's
 * [outer, rows, inner]. No communication. */
void kiln_shard_all_slice(int64_t in, int64_t out, int64_t outer, int64_t rows,
                          int64_t inner, int64_t grid, int64_t axes) {
  MPI_Comm comm = group_comm(grid, axes);
  int group = 1, index = 0;
  MPI_Comm_size(comm, &group);
  MPI_Comm_rank(comm, &index);
  move_piece((char *)(uintptr_t)in, (char *)(uintptr_t)out, outer, rows * group,
             inner, group, index, 0);
}

/* in: [outer, rows * group, inner] elements; out: the sum's
 * [outer, rows, inner] block of this process. */
void kiln_shard_reduce_scatter(int64_t in, int64_t out, int64_t outer,
                               int64_t rows, int64_t inner, int64_t dtype,
                               int64_t op, int64_t grid, int64_t axes) {
  MPI_Comm comm = group_comm(grid, axes);
  int group = 1;
  MPI_Comm_size(comm, &group);
  int size = 0;
  MPI_Type_size(mpi_type(dtype), &size);
  int64_t count = outer * rows * inner;
  char *packed = malloc((size_t)(count * group * size));
  for (int k = 0; k < group; ++k)
    move_piece((char *)(uintptr_t)in, packed + k * count * size, outer,
               rows * group, inner * size, group, k, 0);
  MPI_Reduce_scatter_block(packed, (void *)(uintptr_t)out, (int)count,
                           mpi_type(dtype), mpi_op(op), comm);
  free(packed);
  if (op == REDUCE_AVERAGE)
    average((void *)(uintptr_t)out, count, dtype, group);
}

/* Sends block k of the input's split dim ([outerS, rowsS, innerS bytes])
 * to group member k, and lays the block received from member k at
 * position k of the output's concat dim (pieces [outerC, rowsC, innerC]). */
void kiln_shard_all_to_all(int64_t in, int64_t out, int64_t outer_s,
                           int64_t rows_s, int64_t inner_s, int64_t outer_c,
                           int64_t rows_c, int64_t inner_c, int64_t grid,
                           int64_t axes) {
  MPI_Comm comm = group_comm(grid, axes);
  int group = 1;
  MPI_Comm_size(comm, &group);
  int64_t piece = outer_s * (rows_s / group) * inner_s;
  char *sent = malloc((size_t)(piece * group));
  char *received = malloc((size_t)(piece * group));
  for (int k = 0; k < group; ++k)
    move_piece((char *)(uintptr_t)in, sent + k * piece, outer_s, rows_s,
               inner_s, group, k, 0);
  MPI_Alltoall(sent, (int)piece, MPI_BYTE, received, (int)piece, MPI_BYTE,
               comm);
  for (int k = 0; k < group; ++k)
    move_piece((char *)(uintptr_t)out, received + k * piece, outer_c,
               rows_c * group, inner_c, group, k, 1);
  free(sent);
  free(received);
}

/* Rows [r, r + count) of an [outer, rows, inner bytes] buffer to or from a
 * contiguous [outer, count, inner] one. */
static void move_rows(char *whole, char *part, int64_t outer, int64_t rows,
                      int64_t inner, int64_t r, int64_t count, int into) {
  for (int64_t o = 0; o < outer; ++o) {
    char *w = whole + (o * rows + r) * inner;
    char *p = part + o * count * inner;
    if (into)
      memcpy(w, p, (size_t)(count * inner));
    else
      memcpy(p, w, (size_t)(count * inner));
  }
}

/* `out` holds this process's rows in [low, rows - high) of its split dim;
 * fills the `low` rows before them from the previous group member and the
 * `high` rows after them from the next. The first and last members keep
 * their pads. `in` is unused (the data is already in `out`). */
void kiln_shard_update_halo(int64_t in, int64_t out, int64_t outer,
                            int64_t rows, int64_t inner, int64_t low,
                            int64_t high, int64_t grid, int64_t axes) {
  (void)in;
  MPI_Comm comm = group_comm(grid, axes);
  int group = 1, index = 0;
  MPI_Comm_size(comm, &group);
  MPI_Comm_rank(comm, &index);
  int previous = index > 0 ? index - 1 : MPI_PROC_NULL;
  int next = index + 1 < group ? index + 1 : MPI_PROC_NULL;
  char *data = (char *)(uintptr_t)out;
  int64_t most = low > high ? low : high;
  char *send = malloc((size_t)(outer * most * inner + 1));
  char *receive = malloc((size_t)(outer * most * inner + 1));
  if (low > 0) {
    /* My last `low` data rows go to the next member's low pad. */
    move_rows(data, send, outer, rows, inner, rows - high - low, low, 0);
    MPI_Sendrecv(send, (int)(outer * low * inner), MPI_BYTE, next, 0, receive,
                 (int)(outer * low * inner), MPI_BYTE, previous, 0, comm,
                 MPI_STATUS_IGNORE);
    if (previous != MPI_PROC_NULL)
      move_rows(data, receive, outer, rows, inner, 0, low, 1);
  }
  if (high > 0) {
    /* My first `high` data rows go to the previous member's high pad. */
    move_rows(data, send, outer, rows, inner, low, high, 0);
    MPI_Sendrecv(send, (int)(outer * high * inner), MPI_BYTE, previous, 1,
                 receive, (int)(outer * high * inner), MPI_BYTE, next, 1, comm,
                 MPI_STATUS_IGNORE);
    if (next != MPI_PROC_NULL)
      move_rows(data, receive, outer, rows, inner, rows - high, high, 1);
  }
  free(send);
  free(receive);
}

/* Device `rank` receives the block of device sources[rank] and sends its
   own to the device whose source it is. */
void kiln_shard_permute(int64_t in, int64_t out, int64_t bytes, int64_t sources,
                        int64_t grid, int64_t axes) {
  MPI_Comm comm = group_comm(grid, axes);
  const int64_t *table = (const int64_t *)(intptr_t)sources;
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int from = (int)table[rank], to = rank;
  for (int i = 0; i < size; ++i)
    if (table[i] == rank)
      to = i;
  if (bytes > INT_MAX)
    fail("collective-permute of a block over 2 GiB");
  if (from == rank && to == rank) {
    memcpy((void *)(intptr_t)out, (const void *)(intptr_t)in, (size_t)bytes);
    return;
  }
  MPI_Sendrecv((const void *)(intptr_t)in, (int)bytes, MPI_BYTE, to, 0,
               (void *)(intptr_t)out, (int)bytes, MPI_BYTE, from, 0, comm,
               MPI_STATUS_IGNORE);
}
