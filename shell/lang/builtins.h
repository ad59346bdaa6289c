/*
 * builtins.h - commands the shell runs itself.
 *
 * Assumes: called by the evaluator with redirections already applied and
 * argv fully expanded.  Guarantees: builtins write through stdio and the
 * evaluator flushes around them; kill and wait reach session processes
 * only (everything in the session's PID namespace belongs to it).
 */
#ifndef CYLO_BUILTINS_H
#define CYLO_BUILTINS_H

#include "sh.h"

/* Index of a builtin, or -1. */
int builtin_lookup(const char *name);
int builtin_run(struct shell *sh, int idx, int argc, char **argv);
/* The idx-th builtin name, NULL past the end (completion, help). */
const char *builtin_name(int idx);
/* Its usage line and one-line description (help). */
const char *builtin_usage(int idx);
const char *builtin_help(int idx);
bool is_keyword(const char *name);

#endif
