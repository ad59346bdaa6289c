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

#include "sh.h"
#include "shops.h"

/* The shell exits after this node: the last external command may replace
 * the shell (execve without fork). */
#define EV_EXIT 1

int eval(struct shell *sh, struct node *n, int flags);

#endif
