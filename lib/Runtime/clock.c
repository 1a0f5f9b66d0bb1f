/*===- clock.c - Monotonic time for benchmarks ---------------------------===*/

#define _POSIX_C_SOURCE 200809L
#include "kiln/Runtime/kiln_runtime.h"

#include <time.h>

double kiln_now_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}
