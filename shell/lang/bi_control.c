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

#include "diag.h"
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

	if (argc > 2 || (argc == 2 && (!parse_int(argv[1], &n) || n < 1)))
		return usage(argv[0]);
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

	if (argc > 2 || (argc == 2 && (!parse_int(argv[1], &n) || n < 0)))
		return usage("shift");
	if (n > sh->nparams) {
		warnx("shift: shift count out of range");
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
	if (argc > 2) {
		sh->params = oparams;
		sh->nparams = onparams;
	}
	return status;
}

static int
describe(struct shell *sh, const char *name, bool path_only, bool quiet)
{
	char path[PATH_MAX];
	int err;

	(void)sh;
	if (cmd_refused(name)) {
		if (!quiet && !path_only)
			printf("%s is refused in cylosh (%s)\n", name,
			       cmd_refused(name));
		return 1;
	}
	if (is_keyword(name)) {
		if (!quiet)
			printf(path_only ? "%s\n" : "%s is a shell keyword\n", name);
		return 0;
	}
	if (builtin_lookup(name) >= 0) {
		if (!quiet)
			printf(path_only ? "%s\n" : "%s is a shell builtin\n", name);
		return 0;
	}
	err = path_lookup(name, path, sizeof(path));
	if (err == 0 && access(path, X_OK) == 0) {
		if (quiet)
			return 0;
		if (path_only)
			printf("%s\n", path);
		else
			printf("%s is %s\n", name, path);
		return 0;
	}
	if (!quiet && !path_only)
		warnx("%s: not found", name);
	return 1;
}

int
b_type(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;
	bool which = strcmp(argv[0], "which") == 0;

	if (argc < 2)
		return usage(argv[0]);
	for (i = 1; i < argc; i++)
		if (describe(sh, argv[i], which, false))
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
			if (describe(sh, argv[i], argv[1][1] == 'v', false))
				status = 1;
		return status;
	}
	return eval_argv(sh, argc - 1, argv + 1);
}

