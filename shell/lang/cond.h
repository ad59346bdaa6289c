/*
 * cond.h - bash's [[ expression ]].
 *
 * Assumes: the items come from parse_cond.  Guarantees: operands are
 * expanded without field splitting or pathname expansion; the right side
 * of == and != is a pattern (quoted parts match literally), of =~ an
 * extended regular expression; file and number tests are those of test.
 */
#ifndef CYLO_COND_H
#define CYLO_COND_H

#include "expand.h"
#include "sh.h"

/* 0 true, 1 false, 2 error (after a message). */
int cond_eval(struct shell *sh, struct expand_ctx *x, const struct node *n);

#endif
