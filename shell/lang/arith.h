/*
 * arith.h - $(( )) arithmetic (pure code, no syscalls).
 *
 * Assumes: the expression was already expanded ($x, $(...) replaced).
 * Guarantees: signed 64-bit integers; the POSIX operators (C's, with
 * assignment, ternary and comma) plus ++/-- and base#digits as bash has
 * them; division by zero, a bad shift and overflow of the operators are
 * errors, never undefined behaviour; bare names read variables (unset or
 * empty is 0, any other value must be an integer constant); an operand
 * that is not evaluated (0 && x, the other arm of ?:) neither assigns nor
 * fails on division by zero.
 */
#ifndef CYLO_ARITH_H
#define CYLO_ARITH_H

#include <stdbool.h>
#include <stddef.h>

struct arith_vars {
	/* Value of a variable, or NULL when unset. */
	const char *(*getvar)(void *u, const char *name);
	/* Set a variable; 0, or -1 when refused.  NULL: assignment is an
	 * error. */
	int (*setvar)(void *u, const char *name, const char *value);
	void *u;
	bool nounset;	/* set -u: reading an unset variable is an error */
};

/* Returns 0 with *out set, or -1 with a message in err. */
int arith_run(const char *expr, long long *out, const struct arith_vars *v,
	      char *err, size_t errlen);

/* arith_run without a variable store: names are read, never assigned. */
int arith_eval(const char *expr, long long *out,
	       const char *(*getvar)(void *u, const char *name), void *u,
	       char *err, size_t errlen);

/* V in decimal, as printf's %lld writes it, without printf: in BUF, at
 * the address returned. */
#define ARITH_BUFSIZE 24
char *arith_format(char buf[ARITH_BUFSIZE], long long v);

#endif
