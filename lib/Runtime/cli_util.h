/*===- cli_util.h - What the runtime's command lines share ---------------===*
 *
 * Internal to the runtime: argument parsing used by cli.c (model
 * executables) and train_cli.c (training programs).
 *
 *===----------------------------------------------------------------------===*/

#ifndef KILN_RUNTIME_CLI_UTIL_H
#define KILN_RUNTIME_CLI_UTIL_H

/* Parses `text` as a non-negative integer for option `flag`; on failure
 * prints why on stderr and returns -1. */
int kiln_parse_count(const char *text, const char *flag, long *value);

/* This process's rank among the processes mpirun started for a partitioned
 * model (libKilnRuntimeMpi), 0 otherwise: only rank 0 prints and writes. */
int kiln_cli_process_rank(void);

#endif /* KILN_RUNTIME_CLI_UTIL_H */
