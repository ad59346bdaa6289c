/*
 * eval_int.h - what the evaluator's files share (eval.c, redir.c,
 * spawn.c, eval_compound.c); nothing outside the evaluator includes it.
 *
 * Assumes: the callers are the evaluator's own files, under eval.h's
 * contract.  Guarantees: nothing beyond eval.h's; this only lets the
 * evaluator live in files of one job each.
 */
#ifndef CYLO_EVAL_INT_H
#define CYLO_EVAL_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include "eval.h"
#include "expand.h"

#define MAX_SAVED 32

/* The fds a builtin's or a compound command's redirections replaced,
 * given back by restore_fds. */
struct fdsave {
	int fd[MAX_SAVED], saved[MAX_SAVED];
	int n;
};

/* eval.c */
extern const char *cur_text;	/* source text of the running and-or list */
void xctx(struct shell *sh, struct expand_ctx *x);
int expand_failed(struct shell *sh, const struct expand_ctx *x);
_Noreturn void child_exit(int status);
pid_t xfork(struct shell *sh);
/* A forked child that ran shell code ends: its EXIT trap, then _exit. */
_Noreturn void subshell_exit(struct shell *sh, int status);
bool unwinding(const struct shell *sh);

/* redir.c: redirections, applied in the shell (sv saves what they
 * replace; NULL for a child or exec, which keeps them). */
void restore_fds(struct fdsave *sv);
int move_fd(int from, int to);
int open_redir(struct expand_ctx *x, const struct redir *r, bool noclobber);
int apply_redirs(struct shell *sh, struct redir *r, struct fdsave *sv);

/* spawn.c: commands found on PATH, started and reported. */
int exec_error(struct shell *sh, const char *name, const char *path, int err);
int not_found(const char *name, int err);
int run_external(struct shell *sh, struct node *n, char **argv, int flags);

/* eval_compound.c: loops, case and (( )). */
int eval_loop(struct shell *sh, struct node *n);
int eval_for(struct shell *sh, struct node *n);
int arith_test(struct shell *sh, struct word *w);
int eval_arith_for(struct shell *sh, struct node *n);
int eval_case(struct shell *sh, struct node *n, int flags);

#endif
