/*
 * builtins.c - the table of builtins (see builtins.h); the builtins
 * themselves live in bi_*.c by family.
 *
 * Assumes: the evaluator applied redirections and will flush stdio.
 * Guarantees: variables only change through vars.c (which refuses the
 * session's fixed names); no builtin runs a string as shell code except
 * source, which parses a file like any script.
 */
#include "builtins.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_fns.h"
#include "diag.h"

struct builtin {
	const char *name;
	builtin_fn *fn;
	const char *usage;
	const char *help;
};

static const struct builtin builtins[];

/* ---- small helpers --------------------------------------------------------- */

int
usage(const char *name)
{
	int i = builtin_lookup(name);

	warnx("usage: %s", i >= 0 ? builtins[i].usage : name);
	return 2;
}

bool
parse_int(const char *s, long *out)
{
	char *end;
	long v = 0;
	const char *p = s;

	/* Plain digits (test's -lt, return, shift): no strtol. */
	while (*p >= '0' && *p <= '9' && p - s < 18)
		v = v * 10 + (*p++ - '0');
	if (p > s && !*p) {
		*out = v;
		return true;
	}
	errno = 0;
	*out = strtol(s, &end, 10);
	return *s && !*end && errno == 0;
}

/* ---- table ------------------------------------------------------------------------------- */

static const struct builtin builtins[] = {
	{ ".", b_source, ". FILE [ARGS]", "run the commands of FILE in this shell" },
	{ ":", b_true, ": [ARGS]", "do nothing, successfully" },
	{ "[", b_test, "[ EXPR ]", "evaluate a test expression (see test)" },
	{ "alias", b_alias, "alias [NAME[=VALUE] ...]", "define or list aliases" },
	{ "bg", b_fg, "bg [%N]", "continue a stopped job in the background" },
	{ "break", b_loopctl, "break [N]", "leave the enclosing loop (N levels)" },
	{ "cd", b_cd, "cd [DIR | - | ~]", "change directory (- the previous one, no argument: home)" },
	{ "command", b_command, "command [-v] NAME [ARGS]", "run NAME, or with -v say what it is" },
	{ "continue", b_loopctl, "continue [N]", "next iteration of the enclosing loop" },
	{ "echo", b_echo, "echo [-neE] [ARGS]", "print the arguments (-n: no newline, -e: escapes)" },
	{ "eval", b_eval, "eval [ARGS]", "run the arguments, joined by spaces, as shell code" },
	{ "exec", b_exec, "exec [COMMAND [ARGS]] [REDIRECTIONS]", "replace the shell by COMMAND, or keep the redirections (exec 3>f, exec 3>&-)" },
	{ "exit", b_exit, "exit [N]", "end the session with status N" },
	{ "export", b_export, "export [NAME[=VALUE] ...]", "export variables to commands (PATH, LD_*, IFS ... are fixed)" },
	{ "false", b_false, "false", "return 1" },
	{ "fg", b_fg, "fg [%N]", "bring a job to the foreground" },
	{ "getopts", b_getopts, "getopts OPTSTRING NAME [ARGS]", "parse options: the next one in NAME, its argument in OPTARG" },
	{ "hash", b_hash, "hash [-r] [NAME ...]", "look commands up on PATH (cylosh keeps no table: -r does nothing)" },
	{ "help", b_help, "help [BUILTIN]", "list builtins, allowed commands and languages" },
	{ "history", b_history, "history [N | -c]", "show the command history (-c clears it)" },
	{ "jobs", b_jobs, "jobs [-l]", "list jobs" },
	{ "kill", b_kill, "kill [-SIG | -s SIG | -l] PID|%N ...", "signal session processes or jobs" },
	{ "langs", b_langs, "langs", "the languages of this session: versions, commands, package directories" },
	{ "local", b_local, "local NAME[=VALUE] ...", "variables of the running function, restored when it returns" },
	{ "logout", b_exit, "logout [N]", "end the session" },
	{ "policy", b_policy, "policy", "what this session allows: home size and use, network, limits, languages, commands" },
	{ "printf", b_printf, "printf FORMAT [ARGS]", "formatted output (%s %d %x %o %c %f %b, escapes)" },
	{ "pwd", b_pwd, "pwd", "print the current directory" },
	{ "read", b_read, "read [-rs] [-p PROMPT] [-n N] [-t SECS] [NAME ...]", "read a line (or N characters) from standard input into variables" },
	{ "readonly", b_readonly, "readonly [-p] [NAME[=VALUE] ...]", "make variables read-only" },
	{ "return", b_return, "return [N]", "return from a function or a sourced file with status N" },
	{ "set", b_set, "set [-eux] [-o vi|emacs|errexit|nounset|xtrace] [-- ARGS]", "options, editing mode, positional parameters; no argument: list variables" },
	{ "shift", b_shift, "shift [N]", "drop the first N positional parameters" },
	{ "source", b_source, "source FILE [ARGS]", "run the commands of FILE in this shell" },
	{ "test", b_test, "test EXPR", "evaluate a test expression (-f -d -e -z -n = != -eq -lt ...)" },
	{ "times", b_times, "times", "user and system time of the shell and of its children" },
	{ "trap", b_trap, "trap [-p | -l | [ACTION|-] SIGNAL ...]", "run ACTION on a signal or at EXIT (-: reset, \"\": ignore)" },
	{ "true", b_true, "true", "return 0" },
	{ "type", b_type, "type NAME ...", "say whether NAME is a builtin, keyword or command" },
	{ "ulimit", b_ulimit, "ulimit [-HSa] [-cdfilmnstuv [N|unlimited]]", "show or lower resource limits (within the session's hard limits)" },
	{ "umask", b_umask, "umask [-S] [MODE]", "show or set the file creation mask" },
	{ "unalias", b_unalias, "unalias [-a] NAME ...", "remove aliases" },
	{ "unset", b_unset, "unset NAME ...", "remove variables" },
	{ "wait", b_wait, "wait [PID|%N ...]", "wait for background jobs" },
	{ "which", b_type, "which NAME ...", "print the path of a command" },
	{ NULL, NULL, NULL, NULL },
};

int
builtin_lookup(const char *name)
{
	int lo = 0, hi = (int)(sizeof(builtins) / sizeof(builtins[0])) - 2;

	/* The table is sorted (ASCII order); keep it so. */
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		/* The first character decides most steps without a call. */
		int c = (unsigned char)name[0] -
			(unsigned char)builtins[mid].name[0];

		if (c == 0)
			c = strcmp(name, builtins[mid].name);

		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

int
builtin_run(struct shell *sh, int idx, int argc, char **argv)
{
	return builtins[idx].fn(sh, argc, argv);
}

const char *
builtin_name(int idx)
{
	if (idx < 0 || idx >= (int)(sizeof(builtins) / sizeof(builtins[0])))
		return NULL;
	return builtins[idx].name;
}

const char *
builtin_usage(int idx)
{
	return builtin_name(idx) ? builtins[idx].usage : NULL;
}

const char *
builtin_help(int idx)
{
	return builtin_name(idx) ? builtins[idx].help : NULL;
}

bool
is_keyword(const char *name)
{
	static const char *const kw[] = {
		"if", "then", "elif", "else", "fi", "while", "until", "do",
		"done", "for", "in", "{", "}", "!", "case", "esac", "[[",
		"]]", "function", NULL,
	};
	int i;

	for (i = 0; kw[i]; i++)
		if (strcmp(name, kw[i]) == 0)
			return true;
	return false;
}

