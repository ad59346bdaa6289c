/*
 * bi_control.c - builtins that steer the shell: exit, break, continue, shift,
 * true, false, source, command, type.
 *
 * Assumes: called by the evaluator.  Guarantees: control flow changes only
 * through the flags of struct shell, which the evaluator unwinds.
 */
#include "builtin_fns.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alias.h"
#include "diag.h"
#include "func.h"
#include "jobs.h"
#include "shops.h"

/* ---- exit, break, continue, shift -------------------------------------------- */

int
b_exit(struct shell *sh, int argc, char **argv)
{
	long n = sh->status;

	if (argc > 2)
		return usage("exit");
	if (argc == 2 && !parse_int(argv[1], &n)) {
		warnx("exit: %s: numeric argument required", argv[1]);
		n = 2;
	}
	if (sh->interactive && !sh->in_child && !sh->warned_stopped &&
	    jobs_any_stopped(sh)) {
		fprintf(stderr, "There are stopped jobs.\n");
		sh->warned_stopped = true;
		return 1;
	}
	sh->exiting = true;
	sh->status = (int)(n & 0xff);
	return sh->status;
}

int
b_loopctl(struct shell *sh, int argc, char **argv)
{
	long n = 1;

	if (argc > 2 || (argc == 2 && (!parse_int(argv[1], &n) || n < 1))) {
		/* A special builtin's error ends a script (dash: exit 2);
		 * at the prompt it leaves every loop of the line. */
		if (argc == 2)
			warnx("%s: %s: bad number", argv[0], argv[1]);
		else
			usage(argv[0]);
		if (!sh->interactive) {
			sh->exiting = true;
			sh->status = 2;
		}
		sh->breaking = sh->loop_depth;
		return 2;
	}
	if (!sh->loop_depth) {
		warnx("%s: only meaningful in a loop", argv[0]);
		return 1;
	}
	if (n > sh->loop_depth)
		n = sh->loop_depth;
	if (argv[0][0] == 'b')
		sh->breaking = (int)n;
	else
		sh->continuing = (int)n;
	return 0;
}

int
b_shift(struct shell *sh, int argc, char **argv)
{
	long n = 1;

	if (argc > 2 || (argc == 2 && (!parse_int(argv[1], &n) || n < 0))) {
		sh->special_error = true;
		return usage("shift");
	}
	if (n > sh->nparams) {
		warnx("shift: shift count out of range");
		sh->special_error = true;
		return 1;
	}
	sh->params += n;
	sh->nparams -= (int)n;
	return 0;
}

int
b_true(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	(void)argc;
	(void)argv;
	return 0;
}

int
b_false(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	(void)argc;
	(void)argv;
	return 1;
}

/* ---- source, command, type ----------------------------------------------------- */

int
b_source(struct shell *sh, int argc, char **argv)
{
	char **oparams = sh->params;
	int onparams = sh->nparams, status;
	char path[PATH_MAX];

	if (argc < 2)
		return usage(argv[0]);
	if (sh->source_depth >= 32) {
		warnx("%s: nested too deeply", argv[0]);
		return 1;
	}
	/* POSIX looks a bare name up on PATH; the home is more useful and
	 * PATH holds no scripts in a session. */
	snprintf(path, sizeof(path), "%s", argv[1]);
	if (argc > 2) {
		sh->params = argv + 2;
		sh->nparams = argc - 2;
	}
	status = eval_file(sh, path, 0);
	/* return in the file ends the file, not a function around it. */
	if (sh->returning) {
		sh->returning = false;
		status = sh->status;
	}
	if (argc > 2) {
		sh->params = oparams;
		sh->nparams = onparams;
	}
	return status;
}

/* How describe() answers: type's sentence, command -v's word or path,
 * or type -t's kind (bash). */
enum describe_mode { D_SENTENCE, D_PATH, D_KIND };

/*
 * What running name would run, in the order the evaluator looks: keyword,
 * alias, special builtin, function, builtin, PATH.
 */
static int
describe(struct shell *sh, const char *name, enum describe_mode m)
{
	char path[PATH_MAX];
	int err, bi = builtin_lookup(name);
	const char *kind, *what;

	if (is_keyword(name)) {
		kind = "keyword";
		what = "a shell keyword";
	} else if (alias_get(sh, name)) {
		if (m == D_PATH)
			printf("alias %s='%s'\n", name, alias_get(sh, name));
		else if (m == D_SENTENCE)
			printf("%s is an alias for %s\n", name, alias_get(sh, name));
		else if (m == D_KIND)
			puts("alias");
		return 0;
	} else if (bi >= 0 && is_special(name)) {
		kind = "builtin";
		what = "a special shell builtin";
	} else if (func_lookup(sh, name)) {
		kind = "function";
		what = "a shell function";
	} else if (bi >= 0) {
		kind = "builtin";
		what = "a shell builtin";
	} else {
		err = path_lookup(name, path, sizeof(path));
		if (err != 0 || access(path, X_OK) != 0) {
			if (m == D_SENTENCE)
				warnx("%s: not found", name);
			return 1;
		}
		if (m == D_PATH)
			printf("%s\n", path);
		else if (m == D_SENTENCE)
			printf("%s is %s\n", name, path);
		else if (m == D_KIND)
			puts("file");
		return 0;
	}
	if (m == D_PATH)
		printf("%s\n", name);
	else if (m == D_SENTENCE)
		printf("%s is %s\n", name, what);
	else if (m == D_KIND)
		puts(kind);
	return 0;
}

int
b_type(struct shell *sh, int argc, char **argv)
{
	enum describe_mode m = strcmp(argv[0], "which") == 0 ? D_PATH : D_SENTENCE;
	int i = 1, status = 0;

	if (m == D_SENTENCE && i < argc && strcmp(argv[i], "-t") == 0) {
		m = D_KIND;
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		return usage(argv[0]);
	for (; i < argc; i++)
		if (describe(sh, argv[i], m))
			status = 1;
	return status;
}

int
b_command(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2)
		return 0;
	if (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "-V") == 0) {
		for (i = 2; i < argc; i++)
			if (describe(sh, argv[i], argv[1][1] == 'v' ? D_PATH :
						  D_SENTENCE))
				status = 1;
		return status;
	}
	return eval_argv(sh, argc - 1, argv + 1);
}


int
b_return(struct shell *sh, int argc, char **argv)
{
	long n = sh->status;

	if (argc > 2 || (argc == 2 && !parse_int(argv[1], &n)))
		return usage("return");
	if (!sh->func_depth && !sh->source_depth) {
		warnx("return: only meaningful in a function or a sourced file");
		return 1;
	}
	sh->returning = true;
	sh->status = (int)(n & 0xff);
	return sh->status;
}

int
b_eval(struct shell *sh, int argc, char **argv)
{
	struct abuf b;
	int i;

	abuf_init(&b, &sh->line);
	for (i = 1; i < argc; i++) {
		if (i > 1)
			abuf_addc(&b, ' ');
		abuf_adds(&b, argv[i]);
	}
	if (!b.len)
		return 0;
	return eval_source(sh, abuf_str(&b), b.len, 0, "eval");
}

/* Reached through `command exec` or `builtin exec` only: the evaluator
 * runs exec itself, since its redirections must stay. */
int
b_exec(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	if (argc > 1) {
		warnx("exec: %s: use exec directly, not through command", argv[1]);
		return 2;
	}
	return 0;
}
