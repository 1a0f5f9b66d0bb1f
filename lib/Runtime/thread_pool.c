/*===- thread_pool.c - Worker threads for parallel loops -----------------===*/

#include "thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

/* Polls of the job counter before an idle worker goes to sleep: about a
 * millisecond, longer than the gap between two loops of one model call. */
enum { kSpinPolls = 1 << 16 };

struct kiln_thread_pool {
  int32_t num_workers;
  pthread_t *workers;
  pthread_mutex_t mutex;
  pthread_cond_t wake;
  /* The current job; written by the caller before `generation` moves. */
  kiln_task_fn task;
  void *context;
  int64_t count;
  atomic_llong next;       /* next task index to hand out */
  atomic_int busy_workers; /* workers not yet done with the current job */
  atomic_ullong generation;
  atomic_bool stop;
};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static void run_tasks(kiln_thread_pool *pool) {
  for (;;) {
    int64_t index =
        atomic_fetch_add_explicit(&pool->next, 1, memory_order_relaxed);
    if (index >= pool->count)
      return;
    pool->task(pool->context, index);
  }
}

/* Waits until the job generation differs from `seen` or the pool stops. */
static unsigned long long wait_for_job(kiln_thread_pool *pool,
                                       unsigned long long seen) {
  for (int poll = 0; poll < kSpinPolls; ++poll) {
    unsigned long long generation =
        atomic_load_explicit(&pool->generation, memory_order_acquire);
    if (generation != seen || atomic_load(&pool->stop))
      return generation;
    cpu_relax();
  }
  pthread_mutex_lock(&pool->mutex);
  unsigned long long generation;
  while ((generation = atomic_load_explicit(&pool->generation,
                                            memory_order_acquire)) == seen &&
         !atomic_load(&pool->stop))
    pthread_cond_wait(&pool->wake, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
  return generation;
}

static void *worker_main(void *argument) {
  kiln_thread_pool *pool = argument;
  unsigned long long seen = 0;
  for (;;) {
    seen = wait_for_job(pool, seen);
    if (atomic_load(&pool->stop))
      return NULL;
    run_tasks(pool);
    atomic_fetch_sub_explicit(&pool->busy_workers, 1, memory_order_release);
  }
}

kiln_thread_pool *kiln_thread_pool_create(int32_t num_threads) {
  if (num_threads < 2)
    return NULL;
  kiln_thread_pool *pool = calloc(1, sizeof *pool);
  if (!pool)
    return NULL;
  pool->workers = calloc((size_t)num_threads - 1, sizeof(pthread_t));
  if (!pool->workers) {
    free(pool);
    return NULL;
  }
  pthread_mutex_init(&pool->mutex, NULL);
  pthread_cond_init(&pool->wake, NULL);
  /* Compiled tasks keep their packing buffers on the stack. */
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, (size_t)16 << 20);
  for (int32_t i = 0; i < num_threads - 1; ++i) {
    if (pthread_create(&pool->workers[i], &attributes, worker_main, pool))
      break;
    pool->num_workers = i + 1;
  }
  pthread_attr_destroy(&attributes);
  if (pool->num_workers == 0) {
    kiln_thread_pool_destroy(pool);
    return NULL;
  }
  return pool;
}

void kiln_thread_pool_destroy(kiln_thread_pool *pool) {
  if (!pool)
    return;
  pthread_mutex_lock(&pool->mutex);
  atomic_store(&pool->stop, true);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mutex);
  for (int32_t i = 0; i < pool->num_workers; ++i)
    pthread_join(pool->workers[i], NULL);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
  free(pool->workers);
  free(pool);
}

void kiln_thread_pool_run(kiln_thread_pool *pool, int64_t count,
                          kiln_task_fn task, void *context) {
  if (count <= 1) {
    for (int64_t i = 0; i < count; ++i)
      task(context, i);
    return;
  }
  pool->task = task;
  pool->context = context;
  pool->count = count;
  atomic_store_explicit(&pool->next, 0, memory_order_relaxed);
  atomic_store_explicit(&pool->busy_workers, pool->num_workers,
                        memory_order_relaxed);
  pthread_mutex_lock(&pool->mutex);
  atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mutex);
  run_tasks(pool);
  while (atomic_load_explicit(&pool->busy_workers, memory_order_acquire) != 0)
    cpu_relax();
}
