/*===- gemm_bench.c - f32 GEMM: Kiln vs OpenBLAS vs oneDNN --------------===*
 *
 *   gemm_bench N THREADS ITERATIONS
 *
 * Linked with one Kiln-compiled N x N x N matmul (kiln-compile
 * --emit=object of gemm.mlir.in at size N). Runs C = A B with Kiln, OpenBLAS
 * (cblas_sgemm) and oneDNN (dnnl_sgemm) in this one process on the same
 * data, checks that the three agree, and prints one line with each
 * library's time and the ratios peer / Kiln (above 1: Kiln faster).
 * The machine is shared: a library's time is the best of kRounds medians,
 * its rounds interleaved with the others', so that a disturbance that
 * lasts a few calls lands in one round of one library, not in its result.
 * Thread counts: OpenBLAS through openblas_set_num_threads, oneDNN through
 * OpenMP (omp_set_num_threads), Kiln through its session options.
 *
 *===----------------------------------------------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#include <cblas.h>
#include <math.h>
/* libdnnl is built on GNU OpenMP; its thread count is OpenMP's. */
void omp_set_num_threads(int num_threads);
#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The descriptor kiln-compile --emit=object names after the function. */
extern const kiln_model_desc gemm_model;

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef void (*gemm_fn)(void *context);

enum { kRounds = 3 };

/* Median seconds of `iterations` calls after two warm-up calls. */
static double median_seconds(gemm_fn fn, void *context, int iterations) {
  double *times = malloc(sizeof(double) * (size_t)iterations);
  fn(context);
  fn(context);
  for (int i = 0; i < iterations; ++i) {
    double start = kiln_now_seconds();
    fn(context);
    times[i] = kiln_now_seconds() - start;
  }
  qsort(times, (size_t)iterations, sizeof(double), compare_doubles);
  double median = times[iterations / 2];
  free(times);
  return median;
}

typedef struct {
  int64_t n;
  float *a, *b, *c;
  kiln_session *session;
  kiln_tensor inputs[2], output;
} bench;

static void run_kiln(void *context) {
  bench *s = context;
  if (kiln_session_run(s->session, s->inputs, 2, &s->output, 1) != 0) {
    fprintf(stderr, "kiln: %s\n", kiln_session_error(s->session));
    exit(1);
  }
}

static void run_openblas(void *context) {
  bench *s = context;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)s->n, (int)s->n,
              (int)s->n, 1.0f, s->a, (int)s->n, s->b, (int)s->n, 0.0f, s->c,
              (int)s->n);
}

static void run_onednn(void *context) {
  bench *s = context;
  if (dnnl_sgemm('N', 'N', s->n, s->n, s->n, 1.0f, s->a, s->n, s->b, s->n, 0.0f,
                 s->c, s->n) != dnnl_success) {
    fprintf(stderr, "dnnl_sgemm failed\n");
    exit(1);
  }
}

/* max |x - y| / max |y|. */
static double normalized_error(const float *x, const float *y, int64_t count) {
  double diff = 0, scale = 0;
  for (int64_t i = 0; i < count; ++i) {
    diff = fmax(diff, fabs((double)x[i] - (double)y[i]));
    scale = fmax(scale, fabs((double)y[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s N THREADS ITERATIONS\n", argv[0]);
    return 2;
  }
  int64_t n = atoll(argv[1]);
  int threads = atoi(argv[2]), iterations = atoi(argv[3]);
  if (gemm_model.num_inputs != 2 || gemm_model.inputs[0].shape[0] != n) {
    fprintf(stderr, "this binary holds a Kiln GEMM of size %lld, not %lld\n",
            (long long)gemm_model.inputs[0].shape[0], (long long)n);
    return 2;
  }
  openblas_set_num_threads(threads);
  omp_set_num_threads(threads);

  bench s = {.n = n};
  size_t bytes = sizeof(float) * (size_t)(n * n);
  s.a = aligned_alloc(64, bytes);
  s.b = aligned_alloc(64, bytes);
  s.c = aligned_alloc(64, bytes);
  float *kiln_c = aligned_alloc(64, bytes), *blas_c = aligned_alloc(64, bytes);
  srand(1);
  for (int64_t i = 0; i < n * n; ++i) {
    s.a[i] = (float)rand() / (float)RAND_MAX - 0.5f;
    s.b[i] = (float)rand() / (float)RAND_MAX - 0.5f;
  }
  kiln_session_options options = {threads};
  s.session = kiln_session_create(&gemm_model, &options);
  int64_t shape[2] = {n, n};
  s.inputs[0] = (kiln_tensor){KILN_F32, 2, shape, s.a};
  s.inputs[1] = (kiln_tensor){KILN_F32, 2, shape, s.b};
  s.output = (kiln_tensor){KILN_F32, 2, shape, kiln_c};

  double kiln_s = INFINITY, blas_s = INFINITY, dnnl_s = INFINITY;
  for (int round = 0; round < kRounds; ++round) {
    kiln_s = fmin(kiln_s, median_seconds(run_kiln, &s, iterations));
    blas_s = fmin(blas_s, median_seconds(run_openblas, &s, iterations));
    memcpy(blas_c, s.c, bytes);
    dnnl_s = fmin(dnnl_s, median_seconds(run_onednn, &s, iterations));
  }
  double err_blas = normalized_error(kiln_c, blas_c, n * n);
  double err_dnnl = normalized_error(kiln_c, s.c, n * n);
  if (err_blas > 1e-5 || err_dnnl > 1e-5) {
    fprintf(stderr, "results disagree: vs OpenBLAS %.3g, vs oneDNN %.3g\n",
            err_blas, err_dnnl);
    return 1;
  }
  double gflop = 2.0 * (double)n * (double)n * (double)n * 1e-9;
  printf("| %lld | %d | %.3f | %.3f | %.3f | %.1f | %.2f | %.2f |\n",
         (long long)n, threads, kiln_s * 1e3, blas_s * 1e3, dnnl_s * 1e3,
         gflop / kiln_s, blas_s / kiln_s, dnnl_s / kiln_s);
  kiln_session_destroy(s.session);
  return 0;
}
