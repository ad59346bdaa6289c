/*
 * args.c - parse the command line into a struct args (pure code).
 *
 * Assumes: argv is the process's own argument vector (it is referenced,
 * not copied).  Guarantees: exactly one action; for a session, opts holds the
 * mode and the positional parameters ($0 first).
 */
#include "args.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char args_usage[] =
	"usage: cylosh [-lis] [-c STRING [NAME [ARG...]]] [FILE [ARG...]]\n"
	"       cylosh --check\n"
	"       cylosh -C [FILE]\n"
	"       cylosh --policy USER\n"
	"       cylosh --cache USER...\n"
	"       cylosh --help | --version\n"
	"\n"
	"  -c STRING    run STRING in a sandboxed session and exit with its status\n"
	"  -l           login session (also when argv[0] starts with '-')\n"
	"  -i           interactive even when stdin is not a terminal\n"
	"  -s           read commands from standard input\n"
	"  FILE         run the script FILE (read inside the sandbox)\n"
	"  --check      check that this machine can run sessions\n"
	"  -C [FILE]    check a config file and print the effective policy\n"
	"  --policy USER  print the policy that applies to USER\n"
	"  --cache USER...  (root) cache the commands of these users' policies\n"
	"\n"
	"See cylosh(1) and cylo.conf(5).\n";

static int
fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return -1;
}

int
args_parse(int argc, char **argv, struct args *a, char *err, size_t errlen)
{
	bool cflag = false;
	int i;

	memset(a, 0, sizeof(*a));
	a->action = ACT_SESSION;
	a->opts.mode = MODE_STDIN;
	if (argc < 1 || !argv[0])
		return fail(err, errlen, "%sempty argument vector", "");
	a->opts.login = argv[0][0] == '-';

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[0] != '-' || !arg[1])
			break;
		/* After -c, a word that is not made of our option letters is
		 * the command string, even when it starts with '-' (ssh host
		 * -- '-cmd' reaches us as -c '-cmd'). */
		if (cflag && arg[1] != '-' && strspn(arg + 1, "clis") != strlen(arg + 1))
			break;
		if (arg[1] == '-') {
			if (i != 1 || (cflag || a->opts.login != (argv[0][0] == '-')))
				return fail(err, errlen, "%s must come first", arg);
			if (!strcmp(arg, "--check"))
				a->action = ACT_CHECK;
			else if (!strcmp(arg, "--help"))
				a->action = ACT_HELP;
			else if (!strcmp(arg, "--version"))
				a->action = ACT_VERSION;
			else if (!strcmp(arg, "--login")) {
				a->opts.login = true;
				continue;
			} else if (!strcmp(arg, "--cache")) {
				if (i + 1 >= argc)
					return fail(err, errlen, "%s needs a user name", arg);
				a->action = ACT_CACHE;
				a->cache_users = argv + i + 1;
				return 0;
			} else if (!strcmp(arg, "--policy")) {
				if (i + 1 >= argc)
					return fail(err, errlen, "%s needs a user name", arg);
				a->action = ACT_POLICY;
				a->policy_user = argv[++i];
			} else
				return fail(err, errlen, "unknown option %s", arg);
			if (i + 1 != argc)
				return fail(err, errlen, "unexpected argument %s",
					    argv[i + 1]);
			return 0;
		}
		if (!strcmp(arg, "-C")) {
			if (i != 1)
				return fail(err, errlen, "%s must come first", arg);
			a->action = ACT_CHECK_CONF;
			if (i + 1 < argc)
				a->conf_file = argv[++i];
			if (i + 1 != argc)
				return fail(err, errlen, "unexpected argument %s",
					    argv[i + 1]);
			return 0;
		}
		/* Single-letter flags may be combined, as in "-lc". */
		for (const char *p = arg + 1; *p; p++) {
			switch (*p) {
			case 'c':
				cflag = true;
				break;
			case 'l':
				a->opts.login = true;
				break;
			case 'i':
				a->opts.force_interactive = true;
				break;
			case 's':
				a->opts.read_stdin = true;
				break;
			default: {
				char o[3] = { '-', *p, 0 };
				return fail(err, errlen, "unknown option %s", o);
			}
			}
		}
	}

	if (cflag) {
		if (a->opts.read_stdin)
			return fail(err, errlen, "%s-c and -s exclude each other", "");
		if (i >= argc)
			return fail(err, errlen, "%s-c needs a command string", "");
		a->opts.mode = MODE_COMMAND;
		a->opts.command = argv[i++];
		/* After -c STRING, the next word is $0, as in sh -c. */
		a->opts.arg0 = i < argc ? argv[i++] : argv[0];
	} else if (!a->opts.read_stdin && i < argc) {
		a->opts.mode = MODE_SCRIPT;
		a->opts.script = argv[i];
		a->opts.arg0 = argv[i++];
	} else {
		/* -s, or no arguments: commands from stdin; the rest are $1... */
		a->opts.mode = MODE_STDIN;
		a->opts.arg0 = argv[0];
	}
	/* argv[argc] is NULL, so an empty list is still NULL-terminated. */
	a->opts.args = argv + i;
	a->opts.nargs = argc - i;
	return 0;
}
