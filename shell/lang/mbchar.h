/*
 * mbchar.h - characters, not bytes, in strings the shell measures and cuts
 * (${#v}, ${v:off:len}, the positions ${v#pat} and ${v/pat/rep} try).
 *
 * Assumes: LC_CTYPE is set (see locale.c); in the C locale a character
 * is a byte.
 * Guarantees: pure (mbrtowc(3), no system calls); a byte that does not
 * start a valid character of the locale counts as one character, as in
 * bash, so every string has an answer and nothing is lost when it is cut.
 */
#ifndef CYLO_MBCHAR_H
#define CYLO_MBCHAR_H

#include <stddef.h>

#include "arena.h"

/* The length in bytes of the character at s (at most n bytes), at least
 * 1 when n > 0. */
size_t mb_charlen(const char *s, size_t n);
/* The number of characters in the n bytes at s. */
size_t mb_count(const char *s, size_t n);
/* The byte offset of character number k (0: the start) in the n bytes at
 * s, or n when there are k characters or fewer. */
size_t mb_offset(const char *s, size_t n, size_t k);
/* The byte offsets where the characters of s (n bytes) start, then n: an
 * array of *count + 1 offsets from the arena. */
size_t *mb_bounds(struct arena *a, const char *s, size_t n, size_t *count);

#endif
