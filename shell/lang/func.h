/*
 * func.h - the table of shell functions.
 *
 * Assumes: bodies come from parse() in the line arena.  Guarantees: a
 * defined function owns a deep copy of its body in an arena of its own,
 * so it outlives the line that defined it; a function redefined or unset
 * while it runs is freed only when its last call returns.
 */
#ifndef CYLO_FUNC_H
#define CYLO_FUNC_H

#include <stdbool.h>

#include "sh.h"

struct func {
	char *name;
	struct arena mem;	/* holds body */
	struct node *body;
	int refs;		/* calls running, plus one while defined */
	long line_base;		/* $LINENO of its body: lines before it */
	struct func *next;
};

/* Define (or redefine) name with a copy of body. */
void func_define(struct shell *sh, const char *name, const struct node *body,
		 long line_base);
struct func *func_lookup(struct shell *sh, const char *name);
/* Remove name; 0, or -1 when there is no such function. */
int func_unset(struct shell *sh, const char *name);
/* A call holds the function while it runs. */
void func_hold(struct func *f);
void func_release(struct func *f);
/* Print every function's name (no body text is kept). */
void funcs_print(struct shell *sh);
void funcs_free(struct shell *sh);

#endif
