/*
 * arena.c - per-line bump allocator (see arena.h).
 *
 * Assumes: nothing.  Guarantees: allocations are 16-byte aligned; out of
 * memory ends the process with a message rather than returning NULL.
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define CHUNK_MIN (16 * 1024)
#define ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);

	if (need < n)
		die("out of memory");
	if (!c || c->size - c->used < need) {
		size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;

		if (size > SIZE_MAX - sizeof(*c))
			die("out of memory");
		c = malloc(sizeof(*c) + size);
		if (!c)
			die("out of memory");
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->total += size;
	}
	void *p = c->data + c->used;
	c->used += need;
	return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next, *keep = NULL;

	/* Keep one small chunk: most lines fit in it, so a quiet session
	 * does no malloc at all per line. */
	for (c = a->head; c; c = next) {
		next = c->next;
		if (!keep && c->size == CHUNK_MIN) {
			keep = c;
			continue;
		}
		free(c);
	}
	a->head = keep;
	a->total = 0;
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
		a->total = keep->size;
	}
}

struct arena_mark
arena_mark(const struct arena *a)
{
	struct arena_mark m = { a->head, a->head ? a->head->used : 0 };

	return m;
}

void
arena_release(struct arena *a, struct arena_mark m)
{
	while (a->head && a->head != m.chunk) {
		struct arena_chunk *c = a->head;

		a->head = c->next;
		a->total -= c->size;
		free(c);
	}
	if (a->head)
		a->head->used = m.used;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

void
abuf_init(struct abuf *b, struct arena *a)
{
	b->a = a;
	b->s = NULL;
	b->len = b->cap = 0;
}

static void
abuf_grow(struct abuf *b, size_t n)
{
	size_t cap;
	char *s;

	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap * 2 : 32;
	while (cap < b->len + n + 1)
		cap *= 2;
	s = arena_alloc(b->a, cap);
	if (b->len)
		memcpy(s, b->s, b->len);
	b->s = s;
	b->cap = cap;
}

void
abuf_addc(struct abuf *b, char c)
{
	abuf_grow(b, 1);
	b->s[b->len++] = c;
}

void
abuf_addn(struct abuf *b, const char *s, size_t n)
{
	abuf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

void
abuf_adds(struct abuf *b, const char *s)
{
	abuf_addn(b, s, strlen(s));
}

char *
abuf_str(struct abuf *b)
{
	abuf_grow(b, 0);
	b->s[b->len] = 0;
	return b->s;
}
