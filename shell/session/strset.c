/*
 * strset.c - see strset.h.
 *
 * Config lists and the session's exec list used to check each new item
 * against every earlier one: quadratic, and a lab's 750-command policy or
 * 500 [user] sections made every session start measurably slower
 * (bench/config).  A hash set keeps that linear.
 */
#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short names, no adversary that profits from collisions (the
 * strings come from root's config and the system tree). */
static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static bool
same(const char *held, const char *s, size_t len)
{
	return strncmp(held, s, len) == 0 && held[len] == '\0';
}

/* The slot holding s, or the empty slot where it would go. */
static size_t
probe(const struct strset *set, const char *s, size_t len)
{
	size_t mask = set->cap - 1, i = (size_t)hash(s, len) & mask;

	while (set->slot[i] && !same(set->slot[i], s, len))
		i = (i + 1) & mask;
	return i;
}

bool
strset_has(const struct strset *set, const char *s, size_t len)
{
	if (!set->cap)
		return false;
	return set->slot[probe(set, s, len)] != NULL;
}

static int
grow(struct strset *set)
{
	size_t cap = set->cap ? 2 * set->cap : 16;
	struct strset bigger = { NULL, cap, set->n };

	if (cap < set->cap)
		return -1;
	bigger.slot = calloc(cap, sizeof(*bigger.slot));
	if (!bigger.slot)
		return -1;
	for (size_t i = 0; i < set->cap; i++)
		if (set->slot[i])
			bigger.slot[probe(&bigger, set->slot[i],
					  strlen(set->slot[i]))] = set->slot[i];
	free(set->slot);
	*set = bigger;
	return 0;
}

int
strset_add(struct strset *set, const char *s)
{
	size_t len = strlen(s), i;

	if (set->cap && set->slot[probe(set, s, len)])
		return 0;
	/* At most half full: probes stay short. */
	if (2 * (set->n + 1) > set->cap && grow(set) < 0)
		return -1;
	i = probe(set, s, len);
	set->slot[i] = s;
	set->n++;
	return 1;
}

void
strset_free(struct strset *set)
{
	free(set->slot);
	set->slot = NULL;
	set->cap = 0;
	set->n = 0;
}
