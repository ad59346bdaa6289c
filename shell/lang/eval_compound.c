/*
 * eval_compound.c - the evaluator's loops, case and (( )) (see
 * eval_int.h).
 *
 * Assumes: the nodes came from parse().  Guarantees: what a loop's words
 * take from the line arena goes back when it ends; break and continue
 * count down the loops they leave.
 */
#include "eval_int.h"

#include <fnmatch.h>
#include <string.h>

static bool
loop_done(struct shell *sh)
{
	if (sh->exiting || sh->interrupted || sh->returning)
		return true;
	if (sh->breaking) {
		sh->breaking--;
		return true;
	}
	if (sh->continuing) {
		if (--sh->continuing)
			return true;	/* continue an outer loop */
	}
	return false;
}

int
eval_loop(struct shell *sh, struct node *n)
{
	int status = 0;

	sh->loop_depth++;
	for (;;) {
		int c;

		sh->errexit_off++;
		c = eval(sh, n->loop.cond, 0);
		sh->errexit_off--;

		if (unwinding(sh)) {
			if (loop_done(sh))
				break;
			continue;
		}
		if ((n->type == N_WHILE) != (c == 0))
			break;
		status = eval(sh, n->loop.body, 0);
		if (loop_done(sh))
			break;
	}
	sh->loop_depth--;
	return status;
}

int
eval_for(struct shell *sh, struct node *n)
{
	/* The words live in the line arena: give them back when the loop
	 * ends, or a for inside a long-running loop grows the shell. */
	struct arena_mark m = arena_mark(&sh->line);
	struct expand_ctx x;
	char **words;
	int nw, i, status = 0;

	xctx(sh, &x);
	if (n->forn.has_in) {
		nw = expand_words(&x, n->forn.words, n->forn.nwords, &words);
		if (nw < 0) {
			status = expand_failed(sh, &x);
			arena_release(&sh->line, m);
			return status;
		}
	} else {
		words = sh->params;
		nw = sh->nparams;
	}
	sh->loop_depth++;
	for (i = 0; i < nw; i++) {
		if (var_set(sh, n->forn.var, words[i], false) < 0) {
			status = 1;
			break;
		}
		status = eval(sh, n->forn.body, 0);
		if (loop_done(sh))
			break;
	}
	sh->loop_depth--;
	arena_release(&sh->line, m);
	return status;
}

/* (( expr )): 0 when the value is not zero, 1 when it is, 2 on error. */
int
arith_test(struct shell *sh, struct word *w)
{
	struct arena_mark m = arena_mark(&sh->line);
	struct expand_ctx x;
	char *v;
	int status;

	xctx(sh, &x);
	if (!(v = expand_string(&x, w))) {
		expand_failed(sh, &x);
		status = 2;
	} else {
		status = strcmp(v, "0") == 0 ? 1 : 0;
	}
	arena_release(&sh->line, m);
	return status;
}

int
eval_arith_for(struct shell *sh, struct node *n)
{
	int status = 0, c;

	if (arith_test(sh, n->arith.init) == 2)
		return 1;
	sh->loop_depth++;
	for (;;) {
		c = arith_test(sh, n->arith.cond);
		if (c == 2) {
			status = 1;
			break;
		}
		if (c)
			break;
		status = eval(sh, n->arith.body, 0);
		if (loop_done(sh))
			break;
		if (arith_test(sh, n->arith.step) == 2) {
			status = 1;
			break;
		}
	}
	sh->loop_depth--;
	return status;
}

/* case: the first item with a pattern that matches the word runs. */
int
eval_case(struct shell *sh, struct node *n, int flags)
{
	struct arena_mark m = arena_mark(&sh->line);
	struct expand_ctx x;
	const struct case_item *it;
	char *w;
	int i, status = 0;

	xctx(sh, &x);
	if (!(w = expand_string(&x, n->casen.word))) {
		status = expand_failed(sh, &x);
		arena_release(&sh->line, m);
		return status;
	}
	for (it = n->casen.items; it; it = it->next) {
		for (i = 0; i < it->npats; i++) {
			char *pat;

			xctx(sh, &x);
			if (!(pat = expand_pattern(&x, it->pats[i]))) {
				status = expand_failed(sh, &x);
				arena_release(&sh->line, m);
				return status;
			}
			if (fnmatch(pat, w, 0) == 0)
				break;
		}
		if (i < it->npats) {
			status = it->body ? eval(sh, it->body, flags) : 0;
			break;
		}
	}
	arena_release(&sh->line, m);
	return status;
}
