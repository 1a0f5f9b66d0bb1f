/*===- thread_pool.h - Worker threads for parallel loops ---------*- C -*-===*
 *
 * A fixed set of worker threads that, together with the calling thread, run
 * the tasks of one parallel loop at a time and wait for all of them. Tasks
 * are handed out one index at a time from an atomic counter, so uneven
 * tasks balance themselves. Idle workers spin briefly (back-to-back loops
 * of one model call start without a wake-up) and then sleep.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KILN_RUNTIME_THREAD_POOL_H
#define KILN_RUNTIME_THREAD_POOL_H

#include "kiln/Runtime/kiln_runtime.h"

typedef struct kiln_thread_pool kiln_thread_pool;

/* A pool whose loops run on `num_threads` threads: the caller and
 * num_threads - 1 workers. NULL if threads cannot be created. */
kiln_thread_pool *kiln_thread_pool_create(int32_t num_threads);
void kiln_thread_pool_destroy(kiln_thread_pool *pool);
/* Runs task(context, i) for i in [0, count) and waits for all of them. */
void kiln_thread_pool_run(kiln_thread_pool *pool, int64_t count,
                          kiln_task_fn task, void *context);

#endif /* KILN_RUNTIME_THREAD_POOL_H */
