/*
 * func.c - the table of shell functions (see func.h).
 *
 * Assumes: single-threaded.  Guarantees: no syscalls; memory is malloc'd
 * per function (name, struct, arena) and freed when the function is
 * replaced or unset and no call still runs it.
 */
#include "func.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

void
func_hold(struct func *f)
{
	f->refs++;
}

void
func_release(struct func *f)
{
	if (--f->refs > 0)
		return;
	arena_free(&f->mem);
	free(f->name);
	free(f);
}

struct func *
func_lookup(struct shell *sh, const char *name)
{
	struct func *f;

	for (f = sh->funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

int
func_unset(struct shell *sh, const char *name)
{
	struct func **p, *f;

	for (p = &sh->funcs; (f = *p); p = &f->next) {
		if (strcmp(f->name, name) == 0) {
			*p = f->next;
			func_release(f);
			return 0;
		}
	}
	return -1;
}

void
func_define(struct shell *sh, const char *name, const struct node *body,
	    long line_base)
{
	struct func *f = calloc(1, sizeof(*f));

	if (!f || !(f->name = strdup(name)))
		die("out of memory");
	arena_init(&f->mem);
	f->body = node_copy(&f->mem, body);
	f->refs = 1;
	f->line_base = line_base;
	func_unset(sh, name);
	f->next = sh->funcs;
	sh->funcs = f;
}

void
funcs_print(struct shell *sh)
{
	struct func *f;

	for (f = sh->funcs; f; f = f->next)
		printf("%s() { ...; }\n", f->name);
}

void
funcs_free(struct shell *sh)
{
	while (sh->funcs) {
		struct func *f = sh->funcs;

		sh->funcs = f->next;
		func_release(f);
	}
}
