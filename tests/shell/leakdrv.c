/*
 * leakdrv.c - runs cylosh's non-interactive loops outside the sandbox so
 * valgrind can watch them (tests/shell/30-leak.sh).  The interactive
 * (readline) loop has its own driver, tests/unit/test_repl.c.
 *
 *   leakdrv stdin        commands from stdin, one line at a time (as
 *                        `ssh host cylosh < script` or `cylosh -s`)
 *   leakdrv file PATH    cylosh PATH (a script file)
 *   leakdrv c STRING     cylosh -c STRING
 *
 * The session is zeroed apart from the built-in default policy: no
 * sandbox, the caller's environment, and commands run for real.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "session.h"
#include "shell.h"

int
main(int argc, char **argv)
{
	static struct session s;
	static char *noargs[] = { NULL };
	int status;

	if (argc < 2 || (strcmp(argv[1], "stdin") != 0 && argc < 3)) {
		fprintf(stderr, "usage: leakdrv stdin | file PATH | c STRING\n");
		return 2;
	}
	policy_defaults(&s.pol);
	s.opts.arg0 = "cylosh";
	s.opts.args = noargs;
	if (strcmp(argv[1], "stdin") == 0) {
		s.opts.mode = MODE_STDIN;
	} else if (strcmp(argv[1], "file") == 0) {
		s.opts.mode = MODE_SCRIPT;
		s.opts.script = argv[2];
		s.opts.arg0 = argv[2];
	} else if (strcmp(argv[1], "c") == 0) {
		s.opts.mode = MODE_COMMAND;
		s.opts.command = argv[2];
	} else {
		fprintf(stderr, "leakdrv: unknown mode %s\n", argv[1]);
		return 2;
	}
	status = shell_run(&s);
	policy_free(&s.pol);
	return status;
}
