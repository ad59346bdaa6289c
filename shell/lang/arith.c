/*
 * arith.c - $(( )) arithmetic (see arith.h): recursive descent over C's
 * operator table, from the comma down to the primaries.
 *
 * Assumes: expr is NUL-terminated and already expanded.  Guarantees: no
 * syscalls, no allocation; recursion bounded (200 levels); every overflow,
 * bad shift and division by zero is reported, never executed; inside an
 * operand that is skipped (noeval) nothing is assigned and nothing fails
 * but the syntax.
 */
#include "arith.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 255

struct ar {
	const char *s;
	const struct arith_vars *v;
	char *err;
	size_t errlen;
	jmp_buf jb;
	int depth;
	int noeval;		/* > 0: parse only (the dead side of && || ?:) */
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

static void
enter(struct ar *a)
{
	if (++a->depth > 200)
		fail(a, "expression nested too deeply");
}

/* bash's BASE#DIGITS: 0-9, a-z, A-Z (case folds up to base 36), @, _. */
static long long
based(struct ar *a, long long base, const char *s, const char **end)
{
	long long v = 0;
	const char *p = s;

	if (base < 2 || base > 64)
		fail(a, "bad base");
	for (;; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'z')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'Z')
			d = *p - 'A' + (base <= 36 ? 10 : 36);
		else if (*p == '@')
			d = 62;
		else if (*p == '_')
			d = 63;
		else
			break;
		if (d >= base)
			fail(a, "digit out of range for its base");
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, d, &v))
			fail(a, "overflow");
	}
	if (p == s)
		fail(a, "bad number");
	*end = p;
	return v;
}

/* A constant: decimal, 0 octal, 0x hex, or BASE#DIGITS; an optional sign
 * only in a variable's value (allow_sign). */
static long long
number(struct ar *a, const char *s, const char **end, bool allow_sign)
{
	long long v;
	char *e;

	if (!allow_sign && (*s == '-' || *s == '+'))
		fail(a, "bad number");
	if (*s >= '1' && *s <= '9') {
		/* Plain decimal, the usual case: no strtoll (a tenth of a
		 * counting loop's time went there). */
		const char *p = s;

		v = 0;
		while (*p >= '0' && *p <= '9') {
			if (__builtin_mul_overflow(v, 10, &v) ||
			    __builtin_add_overflow(v, *p - '0', &v))
				fail(a, "number too large");
			p++;
		}
		if (*p != '#' && !is_namec(*p, false)) {
			*end = p;
			return v;
		}
	}
	errno = 0;
	v = strtoll(s, &e, 0);
	if (errno == ERANGE)
		fail(a, "number too large");
	if (errno || e == s)
		fail(a, "bad number");
	if (*e == '#' && v >= 0 && s[0] != '0') {
		v = based(a, v, e + 1, end);
		return v;
	}
	if (is_namec(*e, false))
		fail(a, "bad number");
	*end = e;
	return v;
}

static size_t
read_name(struct ar *a, char *name)
{
	size_t n = 0;

	while (is_namec(a->s[n], false))
		n++;
	if (n > NAME_MAX_LEN)
		fail(a, "name too long");
	memcpy(name, a->s, n);
	name[n] = 0;
	a->s += n;
	return n;
}

static long long
getnum(struct ar *a, const char *name)
{
	const char *val = a->v->getvar(a->v->u, name), *end;
	long long v;

	if (!val && a->v->nounset) {
		snprintf(a->err, a->errlen, "%s: parameter not set", name);
		longjmp(a->jb, 1);
	}
	while (val && (*val == ' ' || *val == '\t' || *val == '\n'))
		val++;
	if (!val || !*val)
		return 0;
	end = val + (*val == '-' || *val == '+');
	if (*end < '0' || *end > '9') {
		snprintf(a->err, a->errlen, "arithmetic: %s: not a number: %.64s",
			 name, val);
		longjmp(a->jb, 1);
	}
	v = number(a, val, &end, true);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end) {
		snprintf(a->err, a->errlen, "arithmetic: %s: not a number: %.64s",
			 name, val);
		longjmp(a->jb, 1);
	}
	return v;
}

char *
arith_format(char buf[ARITH_BUFSIZE], long long v)
{
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v :
				       (unsigned long long)v;
	char *p = buf + ARITH_BUFSIZE - 1;

	*p = 0;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

static void
setnum(struct ar *a, const char *name, long long v)
{
	char buf[ARITH_BUFSIZE];

	if (a->noeval)
		return;
	if (!a->v->setvar)
		fail(a, "assignment is not supported here");
	if (a->v->setvar(a->v->u, name, arith_format(buf, v)) < 0) {
		snprintf(a->err, a->errlen, "arithmetic: %s: cannot assign",
			 name);
		longjmp(a->jb, 1);
	}
}

static long long
apply(struct ar *a, const char *op, long long x, long long y)
{
	long long r;

	/* A skipped operand must not fail: 0 && 1/0 is 0. */
	if (a->noeval)
		return 0;
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
		return x | y;
	case '&':
		return x & y;
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

static long long comma(struct ar *a);
static long long assign(struct ar *a);

/* ++name / --name / name++ / name--. */
static long long
incdec(struct ar *a, const char *name, int delta, bool post)
{
	long long old = getnum(a, name), nv;

	if (!a->noeval && __builtin_add_overflow(old, delta, &nv))
		fail(a, "overflow");
	if (a->noeval)
		nv = 0;
	setnum(a, name, nv);
	return post ? old : nv;
}

static long long
primary(struct ar *a)
{
	char name[NAME_MAX_LEN + 1];
	long long v;

	skip(a);
	if (*a->s == '(') {
		a->s++;
		v = comma(a);
		skip(a);
		if (*a->s != ')')
			fail(a, "missing ')'");
		a->s++;
		return v;
	}
	if (*a->s >= '0' && *a->s <= '9')
		return number(a, a->s, &a->s, false);
	if (!is_namec(*a->s, true))
		fail(a, *a->s ? "syntax error" : "missing operand");
	read_name(a, name);
	skip(a);
	if ((a->s[0] == '+' || a->s[0] == '-') && a->s[1] == a->s[0]) {
		int d = a->s[0] == '+' ? 1 : -1;

		a->s += 2;
		return incdec(a, name, d, true);
	}
	return getnum(a, name);
}

static long long
unary(struct ar *a)
{
	long long v;
	char c;

	enter(a);
	skip(a);
	c = *a->s;
	if ((c == '+' || c == '-') && a->s[1] == c) {
		char name[NAME_MAX_LEN + 1];

		a->s += 2;
		skip(a);
		if (!is_namec(*a->s, true))
			fail(a, c == '+' ? "++ needs a variable name" :
					   "-- needs a variable name");
		read_name(a, name);
		v = incdec(a, name, c == '+' ? 1 : -1, false);
	} else if (c == '-' || c == '+' || c == '!' || c == '~') {
		a->s++;
		v = unary(a);
		if (c == '-') {
			if (v == LLONG_MIN && !a->noeval)
				fail(a, "overflow");
			v = -v;
		} else if (c == '!') {
			v = !v;
		} else if (c == '~') {
			v = ~v;
		}
	} else {
		v = primary(a);
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
	const char *s;
	size_t i;

	skip(a);
	s = a->s;
	/* Most calls end at a ')', a '?', a ':' or the end: no operator. */
	if (!*s || !strchr("|&^=!<>+-*/%", *s))
		return NULL;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const char *o = ops[i].s;
		size_t n = o[1] ? 2 : 1;

		if (s[0] != o[0] || (n == 2 && s[1] != o[1]))
			continue;
		/* An assignment operator (x |= 1, x <<= 1) is not a binary
		 * one: it is valid only after a name, in assign().  The
		 * two-character operators ending in '=' are comparisons. */
		if (s[n] == '=' && !(n == 2 && o[1] == '='))
			return NULL;
		/* "|" must not be the start of "||" etc. */
		if (n == 1 && s[1] == s[0] && strchr("|&<>", s[0]))
			continue;
		return &ops[i];
	}
	return NULL;
}

static long long
binary(struct ar *a, int minprec)
{
	long long x = unary(a);
	const struct op *op;

	enter(a);
	while ((op = peek_op(a)) && op->prec > minprec) {
		long long y;

		a->s += strlen(op->s);
		if (op->prec <= 2) {
			/* && and ||: the right side runs only when needed. */
			bool skipped = op->prec == 2 ? !x : !!x;

			a->noeval += skipped;
			y = binary(a, op->prec);
			a->noeval -= skipped;
			x = op->prec == 2 ? (x && y) : (x || y);
			continue;
		}
		y = binary(a, op->prec);
		x = apply(a, op->s, x, y);
	}
	a->depth--;
	return x;
}

static long long
cond(struct ar *a)
{
	long long c = binary(a, 0), t, e;

	skip(a);
	if (*a->s != '?')
		return c;
	a->s++;
	a->noeval += !c;
	t = comma(a);
	a->noeval -= !c;
	skip(a);
	if (*a->s != ':')
		fail(a, "missing ':' of ?:");
	a->s++;
	a->noeval += !!c;
	enter(a);
	e = cond(a);
	a->depth--;
	a->noeval -= !!c;
	return c ? t : e;
}

/* The length of the assignment operator at s (=, OP=, <<=, >>=), or 0
 * (== is a comparison). */
static size_t
assign_op(const char *s)
{
	if (s[0] == '=')
		return s[1] == '=' ? 0 : 1;
	if ((s[0] == '<' || s[0] == '>') && s[1] == s[0])
		return s[2] == '=' ? 3 : 0;
	if (s[0] && strchr("*/%+-&^|", s[0]) && s[1] == '=')
		return 2;
	return 0;
}

static long long
assign(struct ar *a)
{
	const char *start;
	char name[NAME_MAX_LEN + 1], op[3] = { 0, 0, 0 };
	long long v, old;
	size_t n;

	skip(a);
	start = a->s;
	if (!is_namec(*a->s, true))
		return cond(a);
	read_name(a, name);
	skip(a);
	if (!(n = assign_op(a->s))) {
		a->s = start;
		return cond(a);
	}
	op[0] = a->s[0];
	if (n == 3)
		op[1] = op[0];
	a->s += n;
	enter(a);
	v = assign(a);
	a->depth--;
	if (n > 1) {
		old = getnum(a, name);
		v = apply(a, op, old, v);
	}
	setnum(a, name, v);
	return v;
}

static long long
comma(struct ar *a)
{
	long long v;

	enter(a);
	v = assign(a);
	skip(a);
	while (*a->s == ',') {
		a->s++;
		v = assign(a);
		skip(a);
	}
	a->depth--;
	return v;
}

int
arith_run(const char *s, long long *out, const struct arith_vars *v,
	  char *err, size_t errlen)
{
	struct ar a;

	memset(&a, 0, sizeof(a));
	a.s = s;
	a.v = v;
	a.err = err;
	a.errlen = errlen;
	if (setjmp(a.jb))
		return -1;
	skip(&a);
	if (!*a.s) {
		*out = 0;
		return 0;
	}
	*out = comma(&a);
	skip(&a);
	if (*a.s)
		fail(&a, *a.s == ')' ? "unbalanced ')'" : "syntax error");
	return 0;
}

int
arith_eval(const char *s, long long *out,
	   const char *(*getvar)(void *u, const char *name), void *u,
	   char *err, size_t errlen)
{
	struct arith_vars v = { getvar, NULL, u, false };

	return arith_run(s, out, &v, err, errlen);
}
