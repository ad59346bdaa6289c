/*
 * mbchar.c - characters in the current LC_CTYPE (see mbchar.h).
 */
#include "mbchar.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t
mb_charlen(const char *s, size_t n)
{
	mbstate_t st;
	size_t r;

	if (n == 0)
		return 0;
	/* ASCII is one byte in every locale glibc supports. */
	if (MB_CUR_MAX == 1 || !((unsigned char)*s & 0x80))
		return 1;
	memset(&st, 0, sizeof(st));
	r = mbrtowc(NULL, s, n, &st);
	/* Invalid (-1), cut short (-2) or a NUL (0): one byte. */
	return r == (size_t)-1 || r == (size_t)-2 || r == 0 ? 1 : r;
}

size_t
mb_count(const char *s, size_t n)
{
	size_t i = 0, c = 0;

	if (MB_CUR_MAX == 1)
		return n;
	while (i < n) {
		i += mb_charlen(s + i, n - i);
		c++;
	}
	return c;
}

size_t
mb_offset(const char *s, size_t n, size_t k)
{
	size_t i = 0;

	if (MB_CUR_MAX == 1)
		return k < n ? k : n;
	while (k-- > 0 && i < n)
		i += mb_charlen(s + i, n - i);
	return i;
}

size_t *
mb_bounds(struct arena *a, const char *s, size_t n, size_t *count)
{
	size_t c = mb_count(s, n), i = 0, k;
	size_t *b = arena_alloc(a, (c + 1) * sizeof(*b));

	for (k = 0; k < c; k++) {
		b[k] = i;
		i += mb_charlen(s + i, n - i);
	}
	b[c] = n;
	*count = c;
	return b;
}
