/*
 * eval.h - the evaluator: runs an AST with fork/execve of resolved paths.
 *
 * Assumes: the AST came from parse() (so nothing refused reaches here) and
 * the shell runs inside the finished sandbox.  Guarantees: commands are
 * found on PATH by the shell itself and started with execve(path, argv,
 * environ), never through sh -c or system(); exit statuses follow POSIX
 * shells (127 not found, 126 not executable, 128+N for signal N); what a
 * simple command allocates in the line arena is released when it ends.
 */
#ifndef CYLO_EVAL_H
#define CYLO_EVAL_H

#include <stddef.h>

#include "sh.h"

/* The shell exits after this node: the last external command may replace
 * the shell (execve without fork). */
#define EV_EXIT 1

int eval(struct shell *sh, struct node *n, int flags);
/* Parse all of src, then run it; a refused or malformed input runs
 * nothing and gives status 2.  name prefixes messages (NULL: none). */
int eval_source(struct shell *sh, const char *src, size_t len, int flags,
		const char *name);
/* Run a file of commands (source, or the script of `cylosh FILE`). */
int eval_file(struct shell *sh, const char *path, int flags);
/* Run an argv as a command (builtin or external), e.g. for `command`. */
int eval_argv(struct shell *sh, int argc, char **argv);
/*
 * Find name on PATH.  Returns 0 with the path in buf, or an errno:
 * ENOENT (not found), EACCES (found but not executable), ENAMETOOLONG.
 */
int path_lookup(const char *name, char *buf, size_t len);

#endif
