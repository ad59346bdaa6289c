/*
 * expand.h - word expansion: brace expansion (bash), tilde, parameters,
 * command substitution, arithmetic, field splitting, pathname expansion,
 * quote removal.
 *
 * Assumes: words come from the parser (typed parts, quoting recorded).
 * Guarantees: variables are read and set, and command substitutions run,
 * only through the callbacks in struct expand_ctx, so the code is pure
 * apart from glob(3); field splitting follows IFS as POSIX says (unset:
 * space, tab, newline; empty: no splitting); a glob with more than
 * glob_max matches, and a brace expansion of more than glob_max words,
 * is an error; a glob with no match leaves the word as written.
 */
#ifndef CYLO_EXPAND_H
#define CYLO_EXPAND_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "parse.h"

#define EXPAND_GLOB_MAX 10000

struct expand_ctx {
	struct arena *a;
	void *u;
	/* Value of a named variable, or NULL when unset. */
	const char *(*getvar)(void *u, const char *name);
	/* Set a variable (${x:=word}, $((x = 1))); returns 0 or -1. */
	int (*setvar)(void *u, const char *name, const char *value);
	/* Output of a command substitution (trailing newlines kept), from
	 * the arena; NULL when it could not be run. */
	char *(*cmdsub)(void *u, struct node *n);
	/* $RANDOM: 0..32767.  NULL: RANDOM is an ordinary variable. */
	unsigned (*random)(void *u);
	/* The home directory of a user (~user), or NULL when there is no
	 * such user.  NULL: ~user stays as written. */
	const char *(*homedir)(void *u, const char *user);
	const char *arg0;		/* $0 */
	char *const *params;		/* $1 ... */
	int nparams;
	int last_status;		/* $? */
	long pid;			/* $$ */
	long last_bg;			/* $!, 0 when none */
	size_t glob_max;		/* 0: EXPAND_GLOB_MAX */
	bool nounset;			/* set -u: an unset variable is an error */
	bool noglob;			/* set -f: no pathname expansion */
	bool fatal;			/* ${x:?}, set -u: a script must stop */
	char err[256];
};

/*
 * Expand words into fields.  *out is a NULL-terminated array from the
 * arena.  Returns the number of fields, or -1 with a message in ctx->err.
 */
int expand_words(struct expand_ctx *x, struct word *const *w, int n,
		 char ***out);
/* The words of a simple command: as expand_words, except that after
 * export, readonly, local, declare or typeset (written as such), a
 * NAME=value argument expands as an assignment: one field, a tilde after
 * the '=' and each ':'. */
int expand_args(struct expand_ctx *x, struct word *const *w, int n,
		char ***out);
/* One string: no field splitting, no globbing ("$@" joined by spaces,
 * "$*" by the first character of IFS).  Assignment values (with tilde
 * expansion after every unquoted ':') and here-document bodies (whose
 * text is all quoted).  NULL on error. */
char *expand_string(struct expand_ctx *x, const struct word *w);
/* A pattern for fnmatch(3) (case, [[ == ]]): no splitting, no globbing;
 * quoted characters are escaped, so they match themselves.  NULL on
 * error. */
char *expand_pattern(struct expand_ctx *x, const struct word *w);
/* A redirection target: exactly one field (a glob must match one file). */
char *expand_target(struct expand_ctx *x, const struct word *w);

#endif
