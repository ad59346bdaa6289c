/*
 * arena.h - per-line bump allocator.
 *
 * Assumes: single-threaded use.  Guarantees: every allocation made from an
 * arena is released by one arena_reset() (the first chunk is kept for the
 * next line), so the read-eval loop cannot leak across lines.  Allocation
 * failure is fatal (die), so callers never check for NULL.
 */
#ifndef CYLO_ARENA_H
#define CYLO_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t total;		/* bytes held in chunks, for leak tests */
};

void arena_init(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A point to come back to: a loop releases what one command used. */
struct arena_mark {
	struct arena_chunk *chunk;
	size_t used;
};

struct arena_mark arena_mark(const struct arena *a);
void arena_release(struct arena *a, struct arena_mark m);
/* Free everything but the first chunk. */
void arena_reset(struct arena *a);
/* Free everything. */
void arena_free(struct arena *a);

/* A growable string whose storage lives in an arena. */
struct abuf {
	struct arena *a;
	char *s;
	size_t len, cap;
};

void abuf_init(struct abuf *b, struct arena *a);
void abuf_addc(struct abuf *b, char c);
void abuf_addn(struct abuf *b, const char *s, size_t n);
void abuf_adds(struct abuf *b, const char *s);
/* The NUL-terminated contents (valid until the arena is reset). */
char *abuf_str(struct abuf *b);

#endif
