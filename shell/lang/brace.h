/*
 * brace.h - bash brace expansion of one word (pure code, no syscalls).
 *
 * Assumes: w comes from the parser.  Guarantees: only unquoted literal
 * text is looked at, so "{a,b}", '{a,b}', \{a,b} and the braces of ${v}
 * stay as written; {a}, {} and an unmatched { stay as written; the words
 * keep the other parts ($v, $(...), quoted text) untouched, to be
 * expanded afterwards; no more than max words come out.
 */
#ifndef CYLO_BRACE_H
#define CYLO_BRACE_H

#include <stddef.h>

#include "arena.h"
#include "lex.h"

/* Could w take part in brace expansion at all (a cheap test)? */
int brace_candidate(const struct word *w);

/*
 * Expand w into *out (a vector from the arena).  Returns the number of
 * words (1 when nothing expands, with (*out)[0] == w), or -1 with a
 * message in err when more than max words would come out.
 */
int brace_expand(struct arena *a, const struct word *w, size_t max,
		 struct word ***out, char *err, size_t errlen);

#endif
