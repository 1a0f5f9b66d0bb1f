/*===- fuzz_file.h - What the fuzz targets share --------------------------===*
 *
 * The runtime's readers take paths, as the programs' command lines give
 * them: each input is written to one file per process.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KILN_FUZZ_FUZZ_FILE_H
#define KILN_FUZZ_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes `data` to a file of this process (in $TMPDIR) and returns its
 * path. */
static inline const char *kiln_fuzz_write_file(const uint8_t *data, size_t size,
                                               const char *suffix) {
  static char path[512];
  if (!path[0]) {
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/kiln-fuzz-%d%s", dir ? dir : "/tmp",
             (int)getpid(), suffix);
  }
  FILE *file = fopen(path, "wb");
  if (!file)
    abort();
  if (size && fwrite(data, 1, size, file) != size)
    abort();
  fclose(file);
  return path;
}

#endif /* KILN_FUZZ_FUZZ_FILE_H */
