/*
 * fuzz_parse.c - libFuzzer target for the lexer, the parser and the
 * expansions (parameters and their operators, arithmetic with
 * assignment, IFS splitting, brace expansion, ${v/p/r}, ${v:o:l}).
 *
 * Any input must either parse (and then dump, copy as a function body is
 * copied, and expand) or be refused
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

/* A few aliases, one that names itself and one that opens a compound
 * command, so the splicing in the parser is exercised. */
static const char *
alias(void *u, const char *name)
{
	(void)u;
	if (strcmp(name, "ll") == 0)
		return "ls -l";
	if (strcmp(name, "a") == 0)
		return "a b; a";
	if (strcmp(name, "x") == 0)
		return "if true; then";
	if (strcmp(name, "e") == 0)
		return "";
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena a, copy;
	static char *params[] = { "p1", "p 2", NULL };
	struct parse_result r;
	const char *src = (const char *)data;
	size_t len = size;
	char err[256];
	int k;

	parse_alias_hook(alias, NULL);
	/* Scripts are read one command at a time: walk the input so (the
	 * caller checks the whole input first, as eval_source does). */
	for (k = 0; k < 64 && len &&
	     lex_check_input(src, len, err, sizeof(err)) == 0; k++) {
		parse_one(&a, src, len, &r);
		if (r.status != LEX_OK || !r.node)
			break;
		(void)node_copy(&copy, r.node);
		src = r.rest;
		len = r.rest_len;
	}
	parse_partial(&a, (const char *)data, size, &r);
	parse_alias_hook(NULL, NULL);
	arena_reset(&copy);
	parse(&a, (const char *)data, size, &r);
	if (r.status == LEX_OK) {
		struct expand_ctx x;
		int i;

		(void)node_dump(&a, r.node);
		(void)node_dump(&copy, node_copy(&copy, r.node));
		arena_reset(&copy);
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
