/*
 * arith.c - $(( )) arithmetic (see arith.h): precedence climbing over the
 * C operators a lab script uses (no assignment, no comma, no ++/--).
 *
 * Assumes: expr is NUL-terminated and already expanded.  Guarantees: no
 * syscalls, no allocation; recursion bounded (200 levels); every overflow,
 * bad shift and division by zero is reported, never executed.
 */
#include "arith.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ar {
	const char *s;
	const char *(*getvar)(void *u, const char *name);
	void *u;
	char *err;
	size_t errlen;
	jmp_buf jb;
	int depth;
};

static _Noreturn void
fail(struct ar *a, const char *msg)
{
	snprintf(a->err, a->errlen, "arithmetic: %s", msg);
	longjmp(a->jb, 1);
}

static void
skip(struct ar *a)
{
	while (*a->s == ' ' || *a->s == '\t' || *a->s == '\n')
		a->s++;
}

static bool
is_namec(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

static long long expr(struct ar *a, int minprec);

static long long
number(struct ar *a, const char *s, const char **end)
{
	long long v;
	char *e;

	errno = 0;
	v = strtoll(s, &e, 0);
	if (errno || e == s)
		fail(a, "bad number");
	if (is_namec(*e, false))
		fail(a, "bad number");
	*end = e;
	return v;
}

static long long
primary(struct ar *a)
{
	long long v;

	if (++a->depth > 200)
		fail(a, "expression nested too deeply");
	skip(a);
	if (*a->s == '(') {
		a->s++;
		v = expr(a, 0);
		skip(a);
		if (*a->s != ')')
			fail(a, "missing ')'");
		a->s++;
	} else if (*a->s == '-' || *a->s == '+' || *a->s == '!' || *a->s == '~') {
		char op = *a->s++;

		v = primary(a);
		if (op == '-') {
			if (v == LLONG_MIN)
				fail(a, "overflow");
			v = -v;
		} else if (op == '!') {
			v = !v;
		} else if (op == '~') {
			v = ~v;
		}
	} else if (*a->s >= '0' && *a->s <= '9') {
		v = number(a, a->s, &a->s);
	} else if (is_namec(*a->s, true)) {
		char name[256];
		size_t n = 0;
		const char *val, *end;

		while (is_namec(a->s[n], false))
			n++;
		if (n >= sizeof(name))
			fail(a, "name too long");
		memcpy(name, a->s, n);
		name[n] = 0;
		a->s += n;
		skip(a);
		if (*a->s == '=' && a->s[1] != '=')
			fail(a, "assignment is not supported (use X=$((...)))");
		val = a->getvar(a->u, name);
		while (val && (*val == ' ' || *val == '\t'))
			val++;
		if (!val || !*val)
			v = 0;
		else {
			v = number(a, val, &end);
			while (*end == ' ' || *end == '\t')
				end++;
			if (*end)
				fail(a, "a variable is not a number");
		}
	} else {
		fail(a, *a->s ? "syntax error" : "missing operand");
	}
	a->depth--;
	return v;
}

struct op {
	const char *s;
	int prec;
};

/* Longest first within a prefix. */
static const struct op ops[] = {
	{ "||", 1 }, { "&&", 2 }, { "|", 3 }, { "^", 4 }, { "&", 5 },
	{ "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 }, { "<<", 8 },
	{ ">>", 8 }, { "<", 7 }, { ">", 7 }, { "+", 9 }, { "-", 9 },
	{ "*", 10 }, { "/", 10 }, { "%", 10 },
};

static const struct op *
peek_op(struct ar *a)
{
	size_t i;

	skip(a);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].s);

		if (strncmp(a->s, ops[i].s, n) == 0) {
			/* "|" must not be the start of "||" etc. */
			if (n == 1 && (a->s[1] == a->s[0] || a->s[1] == '=') &&
			    strchr("|&<>", a->s[0]))
				continue;
			if (n == 1 && a->s[1] == '=' && strchr("+-*/%^", a->s[0]))
				fail(a, "assignment is not supported");
			return &ops[i];
		}
	}
	return NULL;
}

static long long
apply(struct ar *a, const char *op, long long x, long long y)
{
	long long r;

	switch (op[0]) {
	case '+':
		if (__builtin_add_overflow(x, y, &r))
			fail(a, "overflow");
		return r;
	case '-':
		if (__builtin_sub_overflow(x, y, &r))
			fail(a, "overflow");
		return r;
	case '*':
		if (__builtin_mul_overflow(x, y, &r))
			fail(a, "overflow");
		return r;
	case '/':
	case '%':
		if (y == 0)
			fail(a, "division by zero");
		if (x == LLONG_MIN && y == -1)
			fail(a, "overflow");
		return op[0] == '/' ? x / y : x % y;
	case '|':
		return op[1] ? (x || y) : (x | y);
	case '&':
		return op[1] ? (x && y) : (x & y);
	case '^':
		return x ^ y;
	case '=':
		return x == y;
	case '!':
		return x != y;
	case '<':
		if (op[1] == '<') {
			if (y < 0 || y > 63)
				fail(a, "bad shift");
			return (long long)((unsigned long long)x << y);
		}
		return op[1] ? x <= y : x < y;
	case '>':
		if (op[1] == '>') {
			if (y < 0 || y > 63)
				fail(a, "bad shift");
			return x >> y;
		}
		return op[1] ? x >= y : x > y;
	}
	fail(a, "syntax error");
}

static long long
expr(struct ar *a, int minprec)
{
	long long x = primary(a);
	const struct op *op;

	while ((op = peek_op(a)) && op->prec > minprec) {
		long long y;

		a->s += strlen(op->s);
		y = expr(a, op->prec);
		x = apply(a, op->s, x, y);
	}
	return x;
}

int
arith_eval(const char *s, long long *out,
	   const char *(*getvar)(void *u, const char *name), void *u,
	   char *err, size_t errlen)
{
	struct ar a;

	memset(&a, 0, sizeof(a));
	a.s = s;
	a.getvar = getvar;
	a.u = u;
	a.err = err;
	a.errlen = errlen;
	if (setjmp(a.jb))
		return -1;
	skip(&a);
	if (!*a.s) {
		*out = 0;
		return 0;
	}
	*out = expr(&a, 0);
	skip(&a);
	if (*a.s)
		fail(&a, "syntax error");
	return 0;
}
