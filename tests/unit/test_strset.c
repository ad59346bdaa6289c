/*
 * test_strset.c - the string set that keeps config and exec lists linear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strset.h"
#include "tap.h"

static void
test_basic(void)
{
	struct strset s = { 0 };

	tap_ok(!strset_has(&s, "a", 1), "an empty set holds nothing");
	tap_ok(strset_add(&s, "ls") == 1, "add returns 1 when new");
	tap_ok(strset_add(&s, "ls") == 0, "add returns 0 when there");
	tap_ok(s.n == 1, "a repeat is not counted");
	tap_ok(strset_has(&s, "ls", 2), "has what was added");
	tap_ok(strset_has(&s, "lsblk", 2), "length-delimited lookup");
	tap_ok(!strset_has(&s, "l", 1), "a prefix is another string");
	tap_ok(!strset_has(&s, "lsb", 3), "a longer string is another string");
	tap_ok(strset_add(&s, "") == 1 && strset_has(&s, "x", 0),
	       "the empty string is a member like any other");
	strset_free(&s);
	tap_ok(s.n == 0 && s.cap == 0 && s.slot == NULL &&
	       !strset_has(&s, "ls", 2), "free leaves an empty set");
}

/* Enough strings to grow the table many times: every one stays found,
 * none is added twice, and strings never added are not found. */
static void
test_many(void)
{
	enum { N = 5000 };
	static char names[N][16];
	struct strset s = { 0 };
	size_t i, added = 0, found = 0, again = 0, stray = 0;
	char probe[16];

	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "cmd%zu", i);
		added += strset_add(&s, names[i]) == 1;
	}
	for (i = 0; i < N; i++) {
		found += strset_has(&s, names[i], strlen(names[i]));
		again += strset_add(&s, names[i]) == 0;
		snprintf(probe, sizeof(probe), "cmd%zu", i + N);
		stray += strset_has(&s, probe, strlen(probe));
	}
	tap_ok(added == N && s.n == N, "%d distinct strings added", N);
	tap_ok(found == N, "all found after growing");
	tap_ok(again == N, "none added twice");
	tap_ok(stray == 0, "no false members");
	tap_ok(s.cap >= 2 * s.n && (s.cap & (s.cap - 1)) == 0,
	       "table at most half full, a power of two");
	strset_free(&s);
}

int
main(void)
{
	test_basic();
	test_many();
	return tap_done();
}
