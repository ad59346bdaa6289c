/*
 * test_vars.c - the variable table (vars.c): one hashed table for shell
 * variables and the environment.  Many names (the table grows), exported
 * and unexported, set, exported, unset in an order that moves environment
 * strings around; after each step the environment (environ, as execve and
 * getenv see it) must hold exactly the exported variables, and var_get
 * and getenv must agree.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"
#include "tap.h"

extern char **environ;

#define N 600

/* Every NAME=VALUE of environ once, each exported name present with its
 * value, and nothing else of ours. */
static bool
env_matches(struct shell *sh, const bool *exported, const bool *set)
{
	char name[16];
	size_t count = 0, ours = 0;
	char **e;
	int i;

	for (e = environ; *e; e++) {
		count++;
		if (strncmp(*e, "v", 1) == 0 && strchr(*e, '='))
			ours++;
	}
	for (i = 0; i < N; i++) {
		const char *g, *v;

		snprintf(name, sizeof(name), "v%d", i);
		g = getenv(name);
		v = var_get(sh, name);
		if (!set[i] ? (v || g) : !v)
			return false;
		if (exported[i] && set[i] ? g != v : g != NULL)
			return false;
	}
	for (i = 0; i < N; i++)
		if (exported[i] && set[i])
			ours--;
	return ours == 0 && count > 0;
}

int
main(void)
{
	static struct shell sh;
	static bool exported[N], set[N];
	char name[16], value[32];
	int i;
	bool good = true;

	/* A small environment of its own, as a session's. */
	static char *env0[] = { "HOME=/h", "PATH=/usr/bin", "v5=from-env", NULL };
	environ = env0;

	tap_streq(var_get(&sh, "v5"), "from-env", "the environment is read");
	set[5] = exported[5] = true;

	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		snprintf(value, sizeof(value), "value-%d", i);
		var_set(&sh, name, value, i % 3 == 0);
		set[i] = true;
		exported[i] = exported[i] || i % 3 == 0;
	}
	tap_ok(env_matches(&sh, exported, set),
	       "%d variables, a third exported: environ holds those", N);
	for (i = 0; i < N && good; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		snprintf(value, sizeof(value), "value-%d", i);
		good = var_get(&sh, name) && strcmp(var_get(&sh, name), value) == 0;
	}
	tap_ok(good, "every value reads back");

	/* Unset every fifth (exported ones move the last env string into
	 * their slot), export every seventh. */
	for (i = 0; i < N; i += 5) {
		snprintf(name, sizeof(name), "v%d", i);
		var_unset(&sh, name);
		set[i] = exported[i] = false;
	}
	tap_ok(env_matches(&sh, exported, set), "unset: environ follows");
	for (i = 0; i < N; i += 7) {
		snprintf(name, sizeof(name), "v%d", i);
		var_export(&sh, name);
		if (!set[i])
			set[i] = true;	/* export of an unset name: "" */
		exported[i] = true;
	}
	tap_ok(env_matches(&sh, exported, set), "export: environ follows");
	tap_streq(var_get(&sh, "v35"), "", "export of an unset name sets it empty");
	tap_streq(var_get(&sh, "v7"), "value-7", "export keeps the value");

	/* A value set from itself, shorter and longer (the buffer is reused
	 * when it fits), exported and not. */
	var_set(&sh, "v1", "ab", false);
	var_set(&sh, "v1", var_get(&sh, "v1") + 1, false);
	tap_streq(var_get(&sh, "v1"), "b", "x=${x#?}: a value from itself");
	var_set(&sh, "v1", "a much longer value than before", false);
	tap_streq(var_get(&sh, "v1"), "a much longer value than before",
		  "a longer value");
	var_set(&sh, "v3", var_get(&sh, "v3"), false);
	tap_streq(getenv("v3"), "value-3", "an exported variable stays exported");

	/* Unset everything: nothing of ours is left in environ. */
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		var_unset(&sh, name);
		set[i] = exported[i] = false;
	}
	tap_ok(env_matches(&sh, exported, set), "all unset: environ has none");
	tap_streq(getenv("HOME"), "/h", "the rest of the environment stays");
	vars_free(&sh);
	tap_ok(environ == env0, "vars_free gives the original environ back");
	return tap_done();
}
