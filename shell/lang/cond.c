/*
 * cond.c - [[ ... ]] (see cond.h): a small recursive-descent evaluator
 * over the items the parser kept.
 *
 * Assumes: x is set up by the evaluator.  Guarantees: no syscalls of its
 * own beyond test's stat(2) (through b_test); && and || short-circuit, so
 * an operand that is not needed is not expanded (no $( ) runs for it).
 */
#include "cond.h"

#include <fnmatch.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "builtin_fns.h"
#include "diag.h"

struct cstate {
	struct shell *sh;
	struct expand_ctx *x;
	const struct cond_item *v;
	int n, i;
	bool err;
	bool skip;		/* short-circuited: parse, do not expand */
};

static bool c_or(struct cstate *c);

static bool
is_op(const struct cstate *c, int i, const char *op)
{
	const char *s;

	if (i >= c->n || c->v[i].kind != CK_WORD)
		return false;
	s = word_literal(c->v[i].w);
	return s && strcmp(s, op) == 0;
}

static const char *
word_at(struct cstate *c, int i, bool pattern)
{
	const char *s;

	if (c->skip)
		return "";
	s = pattern ? expand_pattern(c->x, c->v[i].w) :
		      expand_string(c->x, c->v[i].w);
	if (!s) {
		warnx("%s", c->x->err);
		c->err = true;
		return "";
	}
	return s;
}

static bool
fail(struct cstate *c, const char *msg)
{
	if (!c->err)
		warnx("[[: %s", msg);
	c->err = true;
	return false;
}

static bool
c_binary(struct cstate *c, const char *op, int li, int ri)
{
	const char *l, *r;

	if (strcmp(op, "==") == 0 || strcmp(op, "=") == 0 ||
	    strcmp(op, "!=") == 0) {
		l = word_at(c, li, false);
		r = word_at(c, ri, true);
		if (c->skip)
			return false;
		return (fnmatch(r, l, 0) == 0) == (op[0] != '!');
	}
	if (strcmp(op, "=~") == 0) {
		regex_t re;
		int k;

		l = word_at(c, li, false);
		r = word_at(c, ri, false);
		if (c->skip)
			return false;
		if (regcomp(&re, r, REG_EXTENDED | REG_NOSUB) != 0)
			return fail(c, "bad regular expression");
		k = regexec(&re, l, 0, NULL, 0);
		regfree(&re);
		return k == 0;
	}
	if (strcmp(op, "<") == 0 || strcmp(op, ">") == 0) {
		l = word_at(c, li, false);
		r = word_at(c, ri, false);
		if (c->skip)
			return false;
		return op[0] == '<' ? strcmp(l, r) < 0 : strcmp(l, r) > 0;
	}
	{
		/* -eq -nt ... : what test says. */
		char *argv[5] = { "test", NULL, (char *)op, NULL, NULL };
		int st;

		argv[1] = (char *)word_at(c, li, false);
		argv[3] = (char *)word_at(c, ri, false);
		if (c->skip)
			return false;
		st = b_test(c->sh, 4, argv);
		if (st == 2)
			c->err = true;
		return st == 0;
	}
}

static bool
c_primary(struct cstate *c)
{
	static const char *const binops[] = {
		"==", "=", "!=", "=~", "<", ">", "-eq", "-ne", "-lt", "-le",
		"-gt", "-ge", "-nt", "-ot", "-ef", NULL,
	};
	int k;

	if (c->i >= c->n)
		return fail(c, "expression expected");
	if (c->v[c->i].kind == CK_LP) {
		bool r;

		c->i++;
		r = c_or(c);
		if (c->i >= c->n || c->v[c->i].kind != CK_RP)
			return fail(c, "')' expected");
		c->i++;
		return r;
	}
	if (c->v[c->i].kind != CK_WORD)
		return fail(c, "operand expected");
	for (k = 0; binops[k]; k++) {
		if (is_op(c, c->i + 1, binops[k]) && c->i + 2 < c->n &&
		    c->v[c->i + 2].kind == CK_WORD) {
			int li = c->i;

			c->i += 3;
			return c_binary(c, binops[k], li, li + 2);
		}
	}
	{
		const char *s = word_literal(c->v[c->i].w);

		/* A unary file or string test: -f FILE, -z STR ... */
		if (s && s[0] == '-' && s[1] && !s[2] && c->i + 1 < c->n &&
		    c->v[c->i + 1].kind == CK_WORD) {
			char *argv[4] = { "test", (char *)s, NULL, NULL };
			int st;

			argv[2] = (char *)word_at(c, c->i + 1, false);
			c->i += 2;
			if (c->skip)
				return false;
			st = b_test(c->sh, 3, argv);
			if (st == 2)
				c->err = true;
			return st == 0;
		}
	}
	/* A lone word: true when not empty. */
	return *word_at(c, c->i++, false) != 0;
}

static bool
c_not(struct cstate *c)
{
	if (is_op(c, c->i, "!")) {
		c->i++;
		return !c_not(c);
	}
	return c_primary(c);
}

static bool
c_and(struct cstate *c)
{
	bool r = c_not(c);

	while (c->i < c->n && c->v[c->i].kind == CK_AND) {
		bool skip = c->skip, r2;

		c->i++;
		c->skip = skip || !r;
		r2 = c_not(c);
		c->skip = skip;
		r = r && r2;
	}
	return r;
}

static bool
c_or(struct cstate *c)
{
	bool r = c_and(c);

	while (c->i < c->n && c->v[c->i].kind == CK_OR) {
		bool skip = c->skip, r2;

		c->i++;
		c->skip = skip || r;
		r2 = c_and(c);
		c->skip = skip;
		r = r || r2;
	}
	return r;
}

int
cond_eval(struct shell *sh, struct expand_ctx *x, const struct node *n)
{
	struct cstate c = { sh, x, n->cond.items, n->cond.n, 0, false, false };
	bool r = c_or(&c);

	if (!c.err && c.i != c.n)
		fail(&c, "syntax error");
	if (c.err)
		return 2;
	return r ? 0 : 1;
}
