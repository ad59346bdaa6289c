/*
 * fuzz_parse.c - libFuzzer target for the lexer, the parser and the
 * expansions (parameters and their operators, arithmetic with
 * assignment, IFS splitting, brace expansion, ${v/p/r}, ${v:o:l}).
 *
 * Any input must either parse (and then dump and expand) or be refused
 * with a message; never crash, hang, leak or read out of bounds.  Crashes
 * found here become cases in tests/unit/test_parse.c or test_expand.c.
 * Expansion runs with set -f (no glob) and with fake variables,
 * substitutions and $RANDOM, so the target makes no syscalls.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "expand.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
getvar(void *u, const char *name)
{
	(void)u;
	switch (name[0] % 4) {
	case 0: return NULL;
	case 1: return "";
	case 2: return "12";
	default: return name[1] ? " a *b " : ":a: b";
	}
}

static int
setvar(void *u, const char *name, const char *value)
{
	(void)u;
	(void)name;
	(void)value;
	return 0;
}

static char *
cmdsub(void *u, struct node *n)
{
	(void)u;
	(void)n;
	return "out\n";
}

static unsigned
fake_random(void *u)
{
	(void)u;
	return 4;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena a;
	static char *params[] = { "p1", "p 2", NULL };
	struct parse_result r;

	parse(&a, (const char *)data, size, &r);
	if (r.status == LEX_OK) {
		struct expand_ctx x;
		int i;

		(void)node_dump(&a, r.node);
		memset(&x, 0, sizeof(x));
		x.a = &a;
		x.getvar = getvar;
		x.setvar = setvar;
		x.cmdsub = cmdsub;
		x.random = fake_random;
		x.params = params;
		x.nparams = 2;
		x.noglob = true;
		x.glob_max = 64;	/* bounds brace expansion */
		if (r.node && r.node->type == N_CMD) {
			char **v;

			for (i = 0; i < r.node->cmd.argc; i++)
				(void)expand_string(&x, r.node->cmd.argv[i]);
			(void)expand_words(&x, r.node->cmd.argv,
					   r.node->cmd.argc, &v);
		}
	} else if (!r.err[0] || memchr(r.err, 0, sizeof(r.err)) == NULL) {
		__builtin_trap();	/* a refusal always says why */
	}
	arena_reset(&a);
	return 0;
}
