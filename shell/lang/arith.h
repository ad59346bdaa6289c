/*
 * arith.h - $(( )) arithmetic (pure code, no syscalls).
 *
 * Assumes: the expression was already expanded ($x, $(...) replaced).
 * Guarantees: signed 64-bit integers; division by zero and overflow of
 * the operators are errors, never undefined behaviour; bare names read
 * variables (unset or empty is 0) and are never assigned.
 */
#ifndef CYLO_ARITH_H
#define CYLO_ARITH_H

#include <stddef.h>

/* Returns 0 with *out set, or -1 with a message in err. */
int arith_eval(const char *expr, long long *out,
	       const char *(*getvar)(void *u, const char *name), void *u,
	       char *err, size_t errlen);

#endif
