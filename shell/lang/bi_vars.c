/*
 * bi_vars.c - builtins about variables and options: export, unset, set,
 * read.
 *
 * Assumes: called by the evaluator.  Guarantees: variables only change
 * through vars.c.
 */
#include "builtin_fns.h"

#include <errno.h>
#include <poll.h>
#include <termios.h>
#include <time.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "func.h"
#include "shops.h"

/* ---- variables ----------------------------------------------------------------- */

int
b_export(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
		var_print(sh, true);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq) {
			*eq = 0;
			if (var_set(sh, argv[i], eq + 1, true) < 0)
				status = 1;
			*eq = '=';
		} else if (var_export(sh, argv[i]) < 0) {
			status = 1;
		}
	}
	return status;
}

int
b_unset(struct shell *sh, int argc, char **argv)
{
	int i = 1, status = 0;
	bool funcs = false, vars = false;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-f") == 0)
			funcs = true;
		else if (strcmp(argv[i], "-v") == 0)
			vars = true;
		else {
			sh->special_error = true;
			return usage("unset");
		}
	}
	for (; i < argc; i++) {
		/* No option: a variable, else a function of that name. */
		if (funcs) {
			func_unset(sh, argv[i]);
			continue;
		}
		if (!vars && !var_get(sh, argv[i]) &&
		    func_unset(sh, argv[i]) == 0)
			continue;
		if (var_unset(sh, argv[i]) < 0) {
			/* A read-only one: an error of a special builtin,
			 * which ends a script (POSIX, as dash). */
			sh->special_error = true;
			status = 1;
		}
	}
	return status;
}

/* The options of set, by letter and by -o name. */
static bool *
opt_field(struct shell *sh, int c, const char *name)
{
	static const struct {
		char c;
		const char *name;
		size_t off;
	} opts[] = {
		{ 'a', "allexport", offsetof(struct shell, allexport) },
		{ 'C', "noclobber", offsetof(struct shell, noclobber) },
		{ 'e', "errexit", offsetof(struct shell, errexit) },
		{ 'f', "noglob", offsetof(struct shell, noglob) },
		{ 'n', "noexec", offsetof(struct shell, noexec) },
		{ 'u', "nounset", offsetof(struct shell, nounset) },
		{ 'v', "verbose", offsetof(struct shell, verbose) },
		{ 'x', "xtrace", offsetof(struct shell, xtrace) },
		{ 0, "pipefail", offsetof(struct shell, pipefail) },
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		if ((c && opts[i].c == c) ||
		    (name && strcmp(opts[i].name, name) == 0))
			return (bool *)((char *)sh + opts[i].off);
		if (!c && !name) {
			/* List them all (set -o / set +o). */
			bool on = *(bool *)((char *)sh + opts[i].off);

			printf("%-12s%s\n", opts[i].name, on ? "on" : "off");
		}
	}
	return NULL;
}

void
shell_flags(struct shell *sh, char *buf, size_t len)
{
	static const char letters[] = "aCefnuvx";
	size_t k = 0, i;

	for (i = 0; letters[i] && k + 2 < len; i++)
		if (*opt_field(sh, letters[i], NULL))
			buf[k++] = letters[i];
	if (sh->interactive && k + 2 < len)
		buf[k++] = 'i';
	buf[k] = 0;
}

/* Replace $1.. with argv[0..argc) (a copy the shell owns). */
static void
set_params(struct shell *sh, int argc, char **argv)
{
	char **v = calloc((size_t)argc + 1, sizeof(*v));
	int k;

	if (!v)
		die("out of memory");
	for (k = 0; k < argc; k++)
		if (!(v[k] = strdup(argv[k])))
			die("out of memory");
	params_free(sh);
	sh->params_alloc = v;
	sh->params = v;
	sh->nparams = argc;
}

void
params_free(struct shell *sh)
{
	char **v;

	if (!sh->params_alloc)
		return;
	for (v = sh->params_alloc; *v; v++)
		free(*v);
	free(sh->params_alloc);
	sh->params_alloc = NULL;
}

int
b_set(struct shell *sh, int argc, char **argv)
{
	int i;

	if (argc == 1) {
		var_print(sh, false);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool on = a[0] == '-';

		if (strcmp(a, "--") == 0 || strcmp(a, "-") == 0) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		if (strcmp(a + 1, "o") == 0) {
			const char *o = i + 1 < argc ? argv[++i] : NULL;
			bool *f;

			if (!o) {
				opt_field(sh, 0, NULL);
				if (sh->editor)
					sh->editor->print_options();
			} else if ((f = opt_field(sh, 0, o))) {
				*f = on;
			} else if (!sh->editor ||
				   sh->editor->set_option(o, on) < 0) {
				warnx("set: %s: no such option", o);
				return 2;
			}
			continue;
		}
		for (a++; *a; a++) {
			bool *f = opt_field(sh, *a, NULL);

			if (!f) {
				warnx("set: -%c: no such option", *a);
				return 2;
			}
			*f = on;
		}
	}
	if (i < argc || strcmp(argv[i - 1], "--") == 0 ||
	    strcmp(argv[i - 1], "-") == 0)
		set_params(sh, argc - i, argv + i);
	return 0;
}

int
b_readonly(struct shell *sh, int argc, char **argv)
{
	int i = 1, status = 0;

	if (i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i == argc) {
		var_print_readonly(sh);
		return 0;
	}
	for (; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq) {
			*eq = 0;
			if (var_set(sh, argv[i], eq + 1, false) < 0 ||
			    var_readonly(sh, argv[i]) < 0)
				status = 1;
			*eq = '=';
		} else if (var_readonly(sh, argv[i]) < 0) {
			status = 1;
		}
	}
	return status;
}

int
b_local(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq)
			*eq = 0;
		if (var_local(sh, argv[i]) < 0)
			status = 1;
		else if (eq && var_set(sh, argv[i], eq + 1, false) < 0)
			status = 1;
		if (eq)
			*eq = '=';
	}
	return status;
}

/* getopts OPTSTRING NAME [ARGS]: POSIX, with OPTIND and a private
 * position inside a group of letters (-abc). */
int
b_getopts(struct shell *sh, int argc, char **argv)
{
	static int nextchar;	/* position in the current argument */
	static long last_ind;
	const char *optstr, *name, *ind = var_get(sh, "OPTIND");
	char **args = sh->params, opt[2] = { 0, 0 }, buf[24];
	int nargs = sh->nparams;
	bool silent;
	long optind = 1;
	const char *arg, *spec;

	if (argc < 3)
		return usage("getopts");
	optstr = argv[1];
	name = argv[2];
	silent = optstr[0] == ':';
	if (argc > 3) {
		args = argv + 3;
		nargs = argc - 3;
	}
	if (ind && !parse_int(ind, &optind))
		optind = 1;
	if (optind < 1)
		optind = 1;
	/* OPTIND set behind our back (a new parse): start over. */
	if (optind != last_ind)
		nextchar = 0;
	if (optind > nargs)
		goto done;
	arg = args[optind - 1];
	if (nextchar == 0) {
		if (arg[0] != '-' || !arg[1])
			goto done;
		if (strcmp(arg, "--") == 0) {
			optind++;
			goto done;
		}
		nextchar = 1;
	}
	opt[0] = arg[nextchar++];
	spec = opt[0] != ':' ? strchr(optstr + silent, opt[0]) : NULL;
	if (!arg[nextchar]) {
		optind++;
		nextchar = 0;
	}
	var_unset(sh, "OPTARG");
	if (!spec) {
		if (silent) {
			var_set(sh, "OPTARG", opt, false);
		} else {
			warnx("getopts: illegal option -- %c", opt[0]);
		}
		var_set(sh, name, "?", false);
		goto out;
	}
	if (spec[1] == ':') {
		if (nextchar) {
			var_set(sh, "OPTARG", arg + nextchar, false);
			optind++;
			nextchar = 0;
		} else if (optind <= nargs) {
			var_set(sh, "OPTARG", args[optind - 1], false);
			optind++;
		} else {
			if (silent) {
				var_set(sh, "OPTARG", opt, false);
				var_set(sh, name, ":", false);
			} else {
				warnx("getopts: option requires an argument -- %c",
				      opt[0]);
				var_set(sh, name, "?", false);
			}
			goto out;
		}
	}
	var_set(sh, name, opt, false);
out:
	snprintf(buf, sizeof(buf), "%ld", optind);
	var_set(sh, "OPTIND", buf, false);
	last_ind = optind;
	/* NAME not a variable name: the parse went on, but it failed (bash). */
	return is_name(name, strlen(name)) ? 0 : 1;
done:
	nextchar = 0;
	var_set(sh, name, "?", false);
	/* At the end, OPTIND is the index of the first operand: after a
	 * new, shorter "set --" that is $# + 1, not the old index. */
	if (optind > nargs + 1)
		optind = nargs + 1;
	snprintf(buf, sizeof(buf), "%ld", optind);
	var_set(sh, "OPTIND", buf, false);
	last_ind = optind;
	return 1;
}

/* Read one line from fd 0 byte by byte, so no input meant for the next
 * command is consumed.  Returns 0 for a line (or max characters), 1 at
 * end of input after some text (no newline: read still fails, as in sh),
 * -1 at end of input with nothing read, 2 when timeout_ms passed. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
read_line(struct abuf *b, long max, int timeout_ms)
{
	long long end = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
	bool any = false;
	long n = 0;

	for (;;) {
		char c;
		ssize_t r;

		if (max >= 0 && n >= max)
			return 0;
		if (timeout_ms >= 0) {
			/* One deadline for the whole line, as bash's -t. */
			struct pollfd p = { .fd = 0, .events = POLLIN };
			long long left = end - now_ms();
			int k = left > 0 ? poll(&p, 1, (int)left) : 0;

			if (k == 0)
				return 2;
			if (k < 0)
				return -1;
		}
		r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			return -1;
		if (r <= 0)
			return any ? 1 : -1;
		any = true;
		if (c == '\n')
			return 0;
		abuf_addc(b, c);
		n++;
	}
}

int
b_read(struct shell *sh, int argc, char **argv)
{
	struct abuf line, val;
	const char *prompt = NULL, *ifs;
	bool raw = false, silent = false;
	long max = -1, secs = -1;
	int i = 1, status, r;
	struct termios saved;
	bool restore = false;
	char *s;

	/* bash's -p PROMPT, -s (no echo), -n N (N characters), -t SECS. */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-r") == 0)
			raw = true;
		else if (strcmp(argv[i], "-s") == 0)
			silent = true;
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			prompt = argv[++i];
		else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc &&
			 parse_int(argv[i + 1], &max) && max >= 0)
			i++;
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc &&
			 parse_int(argv[i + 1], &secs) && secs >= 0 &&
			 secs < 86400)
			i++;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			return usage("read");
	}
	if (silent && isatty(0) && tcgetattr(0, &saved) == 0) {
		struct termios t = saved;

		t.c_lflag &= ~(tcflag_t)ECHO;
		restore = tcsetattr(0, TCSANOW, &t) == 0;
	}
	abuf_init(&line, &sh->line);
	if (prompt && isatty(0)) {
		fputs(prompt, stderr);
		fflush(stderr);
	}
	do {
		size_t k = 0;

		r = read_line(&line, max, secs >= 0 ? (int)secs * 1000 : -1);
		/* A timeout: status above 128, as in bash. */
		status = r == 2 ? 142 : r != 0 ? 1 : 0;
		/* A trailing backslash continues the line unless -r; a pair
		 * at the end is an escaped backslash, not a continuation. */
		while (k < line.len && line.s[line.len - 1 - k] == '\\')
			k++;
		if (status || raw || k % 2 == 0)
			break;
		line.len--;
	} while (1);
	if (restore) {
		tcsetattr(0, TCSANOW, &saved);
		fputc('\n', stderr);
	}
	s = abuf_str(&line);
	if (i == argc)
		return var_set(sh, "REPLY", s, false) < 0 ? 1 : status;
	ifs = var_get(sh, "IFS");
	if (!ifs)
		ifs = " \t\n";
	for (; i < argc; i++) {
		bool last = i == argc - 1;

		abuf_init(&val, &sh->line);
		/* IFS white space around a field is dropped; another IFS
		 * character ends exactly one field (POSIX 2.6.5). */
		while (*s && strchr(ifs, *s) && strchr(" \t\n", *s))
			s++;
		while (*s) {
			if (!raw && *s == '\\' && s[1]) {
				abuf_addc(&val, s[1]);
				s += 2;
				continue;
			}
			if (!last && strchr(ifs, *s)) {
				bool white = strchr(" \t\n", *s) != NULL;

				s++;
				while (*s && strchr(ifs, *s) && strchr(" \t\n", *s))
					s++;
				if (white && *s && strchr(ifs, *s))
					s++;
				break;
			}
			abuf_addc(&val, *s++);
		}
		/* The last name takes the rest, without trailing IFS blanks. */
		while (val.len && strchr(ifs, val.s[val.len - 1]) &&
		       strchr(" \t\n", val.s[val.len - 1]))
			val.len--;
		if (var_set(sh, argv[i], abuf_str(&val), false) < 0)
			return 1;
	}
	return status;
}

