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
struct func;
struct frame;
struct alias;
struct overlay;

struct shell {
	const struct session *s;
	const struct editor *editor;	/* history, set -o vi (shops.h) */
	struct arena line;		/* the per-line arena */
	int status;			/* $? */
	pid_t pid;			/* $$ (the top shell's pid) */
	long last_bg;			/* $! */
	const char *arg0;		/* $0 */
	char **params;			/* $1.. */
	char **params_alloc;		/* the vector set -- made, or NULL */
	int nparams;

	bool interactive;
	bool jobctl;			/* job control on the session tty */
	bool in_child;			/* a forked subshell */
	int tty;			/* the controlling tty (-1: none) */
	pid_t pgid;			/* the shell's process group */
	int cmdsub_depth;
	unsigned long ncmdsub;		/* $( )s run: $? of a bare assignment */

	bool errexit, nounset, xtrace;	/* set -e, -u, -x */
	bool allexport, noclobber, noglob, noexec, verbose;	/* -a -C -f -n -v */
	bool pipefail;			/* set -o pipefail */
	int errexit_off;		/* inside a condition: -e does not apply */
	bool exiting;			/* exit builtin ran: unwind */
	bool interrupted;		/* a foreground job died of Ctrl-C:
					 * drop the rest of the line */
	int breaking, continuing;	/* break N / continue N */
	bool returning;			/* return ran: unwind to the call */
	char **cmd_env;			/* X=1 cmd: the command's environment
					 * (line arena), or NULL: environ */
	struct overlay *overlay;	/* X=1 Y=$X cmd: values so far */
	long line_base;			/* lines before the command being read */
	long lineno;			/* $LINENO */
	bool special_error;		/* a special builtin failed: a script
					 * ends (POSIX 2.8.1) */
	int func_depth;
	struct func *funcs;		/* defined functions */
	struct frame *frame;		/* the running function's locals */
	struct alias *aliases;
	char *traps[65];		/* trap actions; [0] is EXIT */
	bool in_trap;
	int loop_depth;
	int source_depth;

	/* Give back input read ahead of the current line (stdin scripts),
	 * before anything that may read fd 0 runs.  NULL: nothing to do. */
	void (*input_sync)(void);

	struct job *jobs;
	bool warned_stopped;		/* Ctrl-D/exit warned about stopped jobs */
};

/* SIGHUP or SIGTERM reached the interactive shell: end the session
 * (after saving the history), taking the foreground job along. */
extern volatile sig_atomic_t sh_hangup;

/* A trap's signal arrived: the evaluator runs the pending traps between
 * commands (the handler only sets flags). */
extern volatile sig_atomic_t trap_pending;

/* Variables (vars.c: one table, the environment included). */
const char *var_get(struct shell *sh, const char *name);
/* Set; exported when already in the environment or export is true.
 * Returns 0, or -1 after printing why (refused name). */
int var_set(struct shell *sh, const char *name, const char *value, bool export);
int var_export(struct shell *sh, const char *name);
int var_unset(struct shell *sh, const char *name);
/* Names of all variables (for completion): malloc'd, NULL-terminated. */
char **var_names(struct shell *sh);
void var_print(struct shell *sh, bool exported_only);
/* readonly: later assignments and unsets fail. */
int var_readonly(struct shell *sh, const char *name);
bool var_is_readonly(struct shell *sh, const char *name);
void var_print_readonly(struct shell *sh);
/* local NAME: the current value comes back when the function returns.
 * -1 outside a function. */
int var_local(struct shell *sh, const char *name);
/* One function call's locals: what to put back when it returns. */
struct saved_local;
struct frame {
	struct saved_local *saved;
	struct frame *up;
};

/* Restore the locals of the frame being left (func call). */
void var_frame_pop(struct shell *sh, struct frame *f);
/* $- : the letters of the options that are on. */
void shell_flags(struct shell *sh, char *buf, size_t len);
/* Free the positional parameters set -- made. */
void params_free(struct shell *sh);
/* A value quoted so the shell reads it back as it was ('it'\''s'). */
void print_quoted(const char *s);
/* Drop the unexported variables and every readonly mark: what a new sh
 * started with this environment has. */
void vars_keep_exported(struct shell *sh);
void vars_free(struct shell *sh);

#endif
