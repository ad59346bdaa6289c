/*
 * test_expand.c - expansion through fake callbacks: parameters and their
 * operators, quoting against splitting and globbing, "$@", tilde, command
 * substitution output, the glob bound, no-match words kept as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expand.h"
#include "tap.h"

static struct arena a;
static char tmpdir[64];

static const char *vars[][2] = {
	{ "HOME", "/home/u" }, { "X", "hello" }, { "SP", " a  b " },
	{ "E", "" }, { "STAR", "*" }, { "N", " 7 " }, { "F", "dir/file.tar.gz" },
	{ NULL, NULL },
};
static char setname[32], setval[64];

static const char *
getvar(void *u, const char *name)
{
	int i;

	(void)u;
	if (*setname && strcmp(name, setname) == 0)
		return setval;
	for (i = 0; vars[i][0]; i++)
		if (strcmp(vars[i][0], name) == 0)
			return vars[i][1];
	return NULL;
}

static int
setvar(void *u, const char *name, const char *value)
{
	(void)u;
	snprintf(setname, sizeof(setname), "%s", name);
	snprintf(setval, sizeof(setval), "%s", value);
	return 0;
}

static char *
cmdsub(void *u, struct node *n)
{
	(void)u;
	/* The fake runs nothing: it answers with the command's first word
	 * followed by two newlines (which expansion must strip). */
	if (n->type == N_CMD && n->cmd.argc)
		return arena_strdup(&a, n->cmd.argv[0]->parts->text[0] == 's' ?
				   "one two\n\n" : "x\n\n");
	return "";
}

static char *params[] = { "p 1", "p2", NULL };

static struct expand_ctx
ctx(void)
{
	struct expand_ctx x;

	memset(&x, 0, sizeof(x));
	x.a = &a;
	x.getvar = getvar;
	x.setvar = setvar;
	x.cmdsub = cmdsub;
	x.arg0 = "script";
	x.params = params;
	x.nparams = 2;
	x.last_status = 3;
	x.pid = 42;
	return x;
}

/* Expand the words of "echo WORDS" and join the fields with '|'. */
static const char *
fields(const char *src, size_t glob_max)
{
	struct parse_result r;
	struct expand_ctx x = ctx();
	char **v;
	int n, i;
	struct abuf b;

	x.glob_max = glob_max;
	parse(&a, src, strlen(src), &r);
	if (r.status != LEX_OK || !r.node || r.node->type != N_CMD)
		return "PARSE";
	n = expand_words(&x, r.node->cmd.argv + 1, r.node->cmd.argc - 1, &v);
	if (n < 0)
		return strcat(strcpy(arena_alloc(&a, 300), "ERR: "), x.err);
	abuf_init(&b, &a);
	for (i = 0; i < n; i++) {
		if (i)
			abuf_addc(&b, '|');
		abuf_adds(&b, v[i]);
	}
	return abuf_str(&b);
}

static void
f(const char *src, const char *want)
{
	tap_streq(fields(src, 0), want, "expand %s", src);
}

int
main(void)
{
	char cmd[128];

	arena_init(&a);
	f("echo a 'b c' \"d e\"", "a|b c|d e");
	f("echo $X ${X} \"$X\"", "hello|hello|hello");
	f("echo $NOPE", "");
	f("echo \"$NOPE\"", "");
	f("echo a$NOPE", "a");
	f("echo $SP", "a|b");
	f("echo \"$SP\"", " a  b ");
	f("echo x${SP}y", "x|a|b|y");
	f("echo \"\" ''", "|");
	f("echo $E", "");
	f("echo $? $$ $# $0 $1", "3|42|2|script|p|1");
	f("echo \"$1\" $2 $3", "p 1|p2");
	f("echo \"$@\"", "p 1|p2");
	f("echo $@", "p|1|p2");
	f("echo \"$*\"", "p 1 p2");
	f("echo \"a$@b\"", "ap 1|p2b");
	f("echo ${NOPE:-d e} \"${NOPE:-d e}\"", "d|e|d e");
	f("echo ${E-unset} ${E:-empty}", "empty");
	f("echo ${X:+alt} ${NOPE:+alt}", "alt");
	f("echo ${#X} ${#NOPE}", "5|0");
	f("echo ${F#*/} ${F##*.} ${F%.*} ${F%%.*}", "file.tar.gz|gz|dir/file.tar|dir/file");
	f("echo ${F%\".gz\"}", "dir/file.tar");
	f("echo ${NOPE:?is required}", "ERR: NOPE: is required");
	f("echo ${NOPE?}", "ERR: NOPE: parameter null or not set");
	f("echo ${NEW:=val} $NEW", "val|val");
	f("echo ~ ~/x \"~\" a~", "/home/u|/home/u/x|~|a~");
	f("echo $(seq) \"$(seq)\" $(x)", "one|two|one two|x");
	f("echo \"$STAR\" \"${STAR}x\"", "*|*x");
	f("echo \\$X '$X'", "$X|$X");
	f("echo $((1+2*3)) $(( (1+2)*3 )) \"$((N/2))\" $((N%4)) $((-N))", "7|9|3|3|-7");
	f("echo $((1<<4 | 1)) $((5>3 && 2<1)) $((!0)) $((~0)) $((NOPE + 1))", "17|0|1|-1|1");
	f("echo $((7 == 7)) $((7 != 7)) $((0x10)) $((010))", "1|0|16|8");
	f("echo $(($(seq) + 0))", "ERR: arithmetic: syntax error");
	f("echo $((1/0))", "ERR: arithmetic: division by zero");
	f("echo $((9223372036854775807 + 1))", "ERR: arithmetic: overflow");
	f("echo $((X))", "ERR: arithmetic: X: not a number: hello");
	f("echo $((NEW = 1 + 2)) $NEW", "3|3");
	f("echo $((1 +))", "ERR: arithmetic: missing operand");

	/* globs: real files in a private directory */
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cylo-test-expand-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		tap_skip("mkdtemp failed", "glob tests");
	} else {
		char src[256], want[256];
		int i;

		for (i = 0; i < 3; i++) {
			FILE *fp;

			snprintf(src, sizeof(src), "%s/f%d.c", tmpdir, i);
			fp = fopen(src, "w");
			if (fp)
				fclose(fp);
		}
		snprintf(src, sizeof(src), "echo %s/*.c", tmpdir);
		snprintf(want, sizeof(want), "%s/f0.c|%s/f1.c|%s/f2.c", tmpdir,
			 tmpdir, tmpdir);
		tap_streq(fields(src, 0), want, "glob matches, sorted");
		snprintf(src, sizeof(src), "echo %s/f?.c", tmpdir);
		tap_streq(fields(src, 0), want, "? glob");
		snprintf(src, sizeof(src), "echo %s/f[01].c", tmpdir);
		snprintf(want, sizeof(want), "%s/f0.c|%s/f1.c", tmpdir, tmpdir);
		tap_streq(fields(src, 0), want, "[] glob");
		snprintf(src, sizeof(src), "echo \"%s/*.c\"", tmpdir);
		snprintf(want, sizeof(want), "%s/*.c", tmpdir);
		tap_streq(fields(src, 0), want, "quoted glob stays literal");
		snprintf(src, sizeof(src), "echo %s/\\*.c", tmpdir);
		tap_streq(fields(src, 0), want, "escaped glob stays literal");
		snprintf(src, sizeof(src), "echo %s/*.none", tmpdir);
		snprintf(want, sizeof(want), "%s/*.none", tmpdir);
		tap_streq(fields(src, 0), want, "no match: word as written");
		snprintf(src, sizeof(src), "echo %s/*.c", tmpdir);
		tap_ok(strstr(fields(src, 2), "too many matches") != NULL,
		       "more matches than the bound is an error");
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmpdir);
	}

	/* strings: no splitting, no globbing */
	{
		struct parse_result r;
		struct expand_ctx x = ctx();
		const char *src = "X=$SP*";

		parse(&a, src, strlen(src), &r);
		tap_streq(expand_string(&x, r.node->cmd.assigns->value), " a  b *",
			  "assignment value: no split, no glob");
	}
	arena_free(&a);
	return tap_done();
}
