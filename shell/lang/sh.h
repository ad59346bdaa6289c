/*
 * sh.h - the state of one running shell (evaluator, builtins, jobs, REPL).
 *
 * Assumes: one shell per process; a forked child (subshell, pipeline
 * element, command substitution) gets a copy and marks itself in_child.
 * Guarantees: the few mutable globals of the shell are here, in one struct
 * passed explicitly; variables live in the environment (exported) or in a
 * small private table (not exported).
 */
#ifndef CYLO_SH_H
#define CYLO_SH_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "arena.h"
#include "parse.h"
#include "session.h"

struct var;
struct job;
struct editor;

struct shell {
	const struct session *s;
	const struct editor *editor;	/* history, set -o vi (shops.h) */
	struct arena line;		/* the per-line arena */
	int status;			/* $? */
	pid_t pid;			/* $$ (the top shell's pid) */
	long last_bg;			/* $! */
	const char *arg0;		/* $0 */
	char **params;			/* $1.. (malloc'd vector) */
	int nparams;

	bool interactive;
	bool jobctl;			/* job control on the session tty */
	bool in_child;			/* a forked subshell */
	int tty;			/* the controlling tty (-1: none) */
	pid_t pgid;			/* the shell's process group */
	int cmdsub_depth;
	unsigned long ncmdsub;		/* $( )s run: $? of a bare assignment */

	bool errexit, nounset, xtrace;	/* set -e, -u, -x */
	int errexit_off;		/* inside a condition: -e does not apply */
	bool exiting;			/* exit builtin ran: unwind */
	bool interrupted;		/* a foreground job died of Ctrl-C:
					 * drop the rest of the line */
	int breaking, continuing;	/* break N / continue N */
	int loop_depth;
	int source_depth;

	/* Give back input read ahead of the current line (stdin scripts),
	 * before anything that may read fd 0 runs.  NULL: nothing to do. */
	void (*input_sync)(void);

	struct var *vars;		/* unexported shell variables */
	struct job *jobs;
	bool warned_stopped;		/* Ctrl-D/exit warned about stopped jobs */
};

/* SIGHUP or SIGTERM reached the interactive shell: end the session
 * (after saving the history), taking the foreground job along. */
extern volatile sig_atomic_t sh_hangup;

/* Variables: unexported ones first, then the environment. */
const char *var_get(struct shell *sh, const char *name);
/* Set; exported when already in the environment or export is true.
 * Returns 0, or -1 after printing why (refused name). */
int var_set(struct shell *sh, const char *name, const char *value, bool export);
int var_export(struct shell *sh, const char *name);
int var_unset(struct shell *sh, const char *name);
/* Names of all variables (for completion): malloc'd, NULL-terminated. */
char **var_names(struct shell *sh);
void var_print(struct shell *sh, bool exported_only);
void vars_free(struct shell *sh);

#endif
