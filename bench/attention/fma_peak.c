// One core's f32 FMA peak: 12 independent accumulator chains of the widest
// vectors the compiler targets (-march=native), enough to cover the FMA
// latency on two pipes. Prints `gflops: X`.
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define SPLAT _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define SUM(v) _mm512_reduce_add_ps(v)
#else
typedef __m256 vec;
#define LANES 8
#define SPLAT _mm256_set1_ps
#define FMA _mm256_fmadd_ps
static float SUM(__m256 v) {
  float lanes[8];
  _mm256_storeu_ps(lanes, v);
  float s = 0;
  for (int i = 0; i < 8; ++i)
    s += lanes[i];
  return s;
}
#endif

int main(void) {
  enum { CHAINS = 12 };
  vec acc[CHAINS];
  for (int i = 0; i < CHAINS; ++i)
    acc[i] = SPLAT(0.001f * (float)i);
  vec a = SPLAT(0.999999f), b = SPLAT(1e-7f);
  long iterations = 100000000;
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (long n = 0; n < iterations; ++n)
    for (int i = 0; i < CHAINS; ++i)
      acc[i] = FMA(acc[i], a, b);
  clock_gettime(CLOCK_MONOTONIC, &end);
  double seconds = (double)(end.tv_sec - start.tv_sec) +
                   1e-9 * (end.tv_nsec - start.tv_nsec);
  float total = 0;
  for (int i = 0; i < CHAINS; ++i)
    total += SUM(acc[i]);
  printf("gflops: %.1f\nlanes: %d\nchecksum: %g\n",
         2.0 * LANES * CHAINS * (double)iterations / seconds / 1e9, LANES,
         total);
  return 0;
}
