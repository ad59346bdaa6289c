/*
 * alias.c - the alias table and the alias and unalias builtins.
 *
 * Assumes: single-threaded.  Guarantees: no syscalls beyond stdio.
 */
#include "alias.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_fns.h"
#include "diag.h"
#include "parse.h"

struct alias {
	char *name, *value;
	struct alias *next;
};

const char *
alias_get(struct shell *sh, const char *name)
{
	struct alias *a;

	for (a = sh->aliases; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

static const char *
lookup(void *u, const char *name)
{
	return alias_get(u, name);
}

void
alias_attach(struct shell *sh)
{
	parse_alias_hook(lookup, sh);
}

static void
alias_unset(struct shell *sh, const char *name, bool *found)
{
	struct alias **p, *a;

	for (p = &sh->aliases; (a = *p); p = &a->next) {
		if (strcmp(a->name, name) == 0) {
			*p = a->next;
			free(a->name);
			free(a->value);
			free(a);
			*found = true;
			return;
		}
	}
}

static void
alias_print(const struct alias *a)
{
	printf("%s=", a->name);
	print_quoted(a->value);
	putchar('\n');
}

int
b_alias(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;
	struct alias *a;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
		for (a = sh->aliases; a; a = a->next)
			alias_print(a);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		bool found = false;

		if (!eq) {
			for (a = sh->aliases; a; a = a->next)
				if (strcmp(a->name, argv[i]) == 0)
					break;
			if (a) {
				alias_print(a);
			} else {
				warnx("alias: %s: not found", argv[i]);
				status = 1;
			}
			continue;
		}
		if (eq == argv[i] || strcspn(argv[i], " \t\n/$`'\"\\|&;<>()") <
					     (size_t)(eq - argv[i])) {
			warnx("alias: '%.*s': not a valid alias name",
			      (int)(eq - argv[i]), argv[i]);
			status = 1;
			continue;
		}
		*eq = 0;
		alias_unset(sh, argv[i], &found);
		if (!(a = malloc(sizeof(*a))) || !(a->name = strdup(argv[i])) ||
		    !(a->value = strdup(eq + 1)))
			die("out of memory");
		*eq = '=';
		a->next = sh->aliases;
		sh->aliases = a;
	}
	return status;
}

int
b_unalias(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;

	if (argc == 2 && strcmp(argv[1], "-a") == 0) {
		aliases_free(sh);
		return 0;
	}
	if (argc < 2)
		return usage("unalias");
	for (i = 1; i < argc; i++) {
		bool found = false;

		alias_unset(sh, argv[i], &found);
		if (!found) {
			warnx("unalias: %s: not found", argv[i]);
			status = 1;
		}
	}
	return status;
}

void
aliases_free(struct shell *sh)
{
	while (sh->aliases) {
		struct alias *a = sh->aliases;

		sh->aliases = a->next;
		free(a->name);
		free(a->value);
		free(a);
	}
}
