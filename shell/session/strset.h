/*
 * strset.h - a set of strings for deduplicating lists in linear time.
 *
 * Pure code (no syscalls), linked into cylosh, the unit tests and
 * pam_cylo.so.  The set keeps pointers, not copies: each string added
 * must stay alive and unchanged while the set is used (the lists that use
 * it own the strings).  Open addressing, at most half full, so adding and
 * looking up cost O(length of the string) on average.
 */
#ifndef CYLO_STRSET_H
#define CYLO_STRSET_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialise ({ 0 }) for an empty set. */
struct strset {
	const char **slot;	/* cap slots, NULL = empty */
	size_t cap;		/* 0 or a power of two */
	size_t n;		/* strings held */
};

/* Does set hold the len bytes at s (need not be NUL-terminated)? */
bool strset_has(const struct strset *set, const char *s, size_t len);

/* Add the NUL-terminated s (kept by pointer).  Returns 1 if added, 0 if
 * an equal string was there already, -1 when memory runs out (the set is
 * unchanged). */
int strset_add(struct strset *set, const char *s);

/* Release the table (not the strings) and leave the set empty. */
void strset_free(struct strset *set);

#endif
