/*===- kiln_compiler.h - Kiln's compiler as a C library -----------*- C -*-===*
 *
 * libkiln_compiler.so runs kiln-compile in the calling process: the same
 * options, defaults and diagnostics as the tool (kiln-compile --help), no
 * program started per call. Kiln's Python package calls it through ctypes.
 *
 *   const char *args[] = {"model.onnx", "--emit=shared", "-o", "libm.so"};
 *   char *diagnostics = NULL;
 *   if (kiln_compiler_compile(4, args, 0, &diagnostics) != 0)
 *     fprintf(stderr, "%s", diagnostics);
 *   kiln_compiler_free(diagnostics);
 *
 *===----------------------------------------------------------------------===*/

#ifndef KILN_COMPILER_KILN_COMPILER_H
#define KILN_COMPILER_KILN_COMPILER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Compiles with kiln-compile's command-line arguments `args` (without the
 * program name). Every diagnostic, error and progress line is collected in
 * `*diagnostics` (a NUL-terminated string to release with
 * kiln_compiler_free; may be empty), and also written to stderr as it comes
 * when `echo` is non-zero. Returns kiln-compile's exit status: 0 on
 * success, 1 when the compile failed (no output file is left), 2 when the
 * arguments ask for something a library cannot do (--help, --version).
 * Calls from several threads are serialized: LLVM's command-line options
 * are process-wide. */
int kiln_compiler_compile(int64_t num_args, const char *const *args, int echo,
                          char **diagnostics);

/* Releases a string kiln_compiler_compile returned. */
void kiln_compiler_free(char *text);

#ifdef __cplusplus
}
#endif

#endif /* KILN_COMPILER_KILN_COMPILER_H */
