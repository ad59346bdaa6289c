/*
 * builtins.c - the shell's builtins (see builtins.h).
 *
 * Assumes: the evaluator applied redirections and will flush stdio.
 * Guarantees: variables only change through vars.c (which refuses the
 * session's fixed names); no builtin runs a string as shell code except
 * source, which parses a file like any script.
 */
#include "builtins.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "eval.h"
#include "jobs.h"
#include "langs.h"
#include "parse.h"
#include "repl.h"

typedef int builtin_fn(struct shell *sh, int argc, char **argv);

struct builtin {
	const char *name;
	builtin_fn *fn;
	const char *usage;
	const char *help;
};

static const struct builtin builtins[];

/* ---- small helpers --------------------------------------------------------- */

static int
usage(const char *name)
{
	int i = builtin_lookup(name);

	warnx("usage: %s", i >= 0 ? builtins[i].usage : name);
	return 2;
}

static bool
parse_int(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return *s && !*end && errno == 0;
}

/* ---- cd, pwd ----------------------------------------------------------------- */

static int
b_cd(struct shell *sh, int argc, char **argv)
{
	const char *dir, *old = var_get(sh, "PWD");
	char cwd[PATH_MAX], oldcwd[PATH_MAX];
	bool print = false;

	if (argc > 2)
		return usage("cd");
	if (argc == 1) {
		dir = var_get(sh, "HOME");
		if (!dir) {
			warnx("cd: HOME not set");
			return 1;
		}
	} else if (strcmp(argv[1], "-") == 0) {
		dir = var_get(sh, "OLDPWD");
		if (!dir) {
			warnx("cd: OLDPWD not set");
			return 1;
		}
		print = true;
	} else {
		dir = argv[1];
	}
	if (!getcwd(oldcwd, sizeof(oldcwd)))
		snprintf(oldcwd, sizeof(oldcwd), "%s", old ? old : "");
	if (chdir(dir) < 0) {
		warn_errno("cd: %s", dir);
		return 1;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		snprintf(cwd, sizeof(cwd), "%s", dir);
	var_set(sh, "OLDPWD", oldcwd, true);
	var_set(sh, "PWD", cwd, true);
	if (print)
		printf("%s\n", cwd);
	return 0;
}

static int
b_pwd(struct shell *sh, int argc, char **argv)
{
	char cwd[PATH_MAX];

	(void)sh;
	(void)argc;
	(void)argv;
	if (!getcwd(cwd, sizeof(cwd))) {
		warn_errno("pwd");
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

/* ---- exit, break, continue, shift -------------------------------------------- */

static int
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

static int
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

static int
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

/* ---- variables ----------------------------------------------------------------- */

static int
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

static int
b_unset(struct shell *sh, int argc, char **argv)
{
	int i = 1, status = 0;

	if (i < argc && strcmp(argv[i], "-v") == 0)
		i++;
	if (i < argc && strcmp(argv[i], "-f") == 0) {
		warnx("unset: cylosh has no functions");
		return 1;
	}
	for (; i < argc; i++)
		if (var_unset(sh, argv[i]) < 0)
			status = 1;
	return status;
}

static int
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

		if ((a[0] != '-' && a[0] != '+') || !a[1]) {
			warnx("set: %s: not an option", a);
			return 2;
		}
		if (strcmp(a, "--") == 0) {
			char **v = calloc((size_t)(argc - i), sizeof(*v));
			int k;

			if (!v)
				die("out of memory");
			for (k = i + 1; k < argc; k++)
				if (!(v[k - i - 1] = strdup(argv[k])))
					die("out of memory");
			sh->params = v;
			sh->nparams = argc - i - 1;
			return 0;
		}
		if (strcmp(a + 1, "o") == 0) {
			const char *o = i + 1 < argc ? argv[++i] : NULL;

			if (!o) {
				repl_print_options();
				printf("errexit\t%s\nnounset\t%s\nxtrace\t%s\n",
				       sh->errexit ? "on" : "off",
				       sh->nounset ? "on" : "off",
				       sh->xtrace ? "on" : "off");
			} else if (strcmp(o, "errexit") == 0) {
				sh->errexit = on;
			} else if (strcmp(o, "nounset") == 0) {
				sh->nounset = on;
			} else if (strcmp(o, "xtrace") == 0) {
				sh->xtrace = on;
			} else if (repl_set_option(o, on) < 0) {
				warnx("set: %s: option not supported (vi, emacs, errexit, nounset, xtrace)",
				      o);
				return 2;
			}
			continue;
		}
		for (a++; *a; a++) {
			switch (*a) {
			case 'e': sh->errexit = on; break;
			case 'u': sh->nounset = on; break;
			case 'x': sh->xtrace = on; break;
			default:
				warnx("set: -%c: not supported (-e, -u, -x, -o vi|emacs, -- ARGS)",
				      *a);
				return 2;
			}
		}
	}
	return 0;
}

/* Read one line from fd 0 byte by byte, so no input meant for the next
 * command is consumed.  Returns -1 at end of input with nothing read. */
static int
read_line(struct abuf *b)
{
	bool any = false;

	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);

		if (r < 0 && errno == EINTR)
			return -1;
		if (r <= 0)
			return any ? 0 : -1;
		any = true;
		if (c == '\n')
			return 0;
		abuf_addc(b, c);
	}
}

static int
b_read(struct shell *sh, int argc, char **argv)
{
	struct abuf line, val;
	const char *prompt = NULL;
	bool raw = false;
	int i = 1, status;
	char *s;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-r") == 0)
			raw = true;
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			prompt = argv[++i];
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			return usage("read");
	}
	abuf_init(&line, &sh->line);
	if (prompt && isatty(0)) {
		fputs(prompt, stderr);
		fflush(stderr);
	}
	do {
		size_t k = 0;

		status = read_line(&line) < 0 ? 1 : 0;
		/* A trailing backslash continues the line unless -r; a pair
		 * at the end is an escaped backslash, not a continuation. */
		while (k < line.len && line.s[line.len - 1 - k] == '\\')
			k++;
		if (status || raw || k % 2 == 0)
			break;
		line.len--;
	} while (1);
	s = abuf_str(&line);
	if (i == argc)
		return var_set(sh, "REPLY", s, false) < 0 ? 1 : status;
	for (; i < argc; i++) {
		abuf_init(&val, &sh->line);
		while (*s == ' ' || *s == '\t')
			s++;
		while (*s) {
			if (!raw && *s == '\\' && s[1]) {
				abuf_addc(&val, s[1]);
				s += 2;
				continue;
			}
			if (i < argc - 1 && (*s == ' ' || *s == '\t'))
				break;
			abuf_addc(&val, *s++);
		}
		/* The last name takes the rest, without trailing blanks. */
		while (val.len && (val.s[val.len - 1] == ' ' ||
				   val.s[val.len - 1] == '\t'))
			val.len--;
		if (var_set(sh, argv[i], abuf_str(&val), false) < 0)
			return 1;
	}
	return status;
}

/* ---- echo, printf -------------------------------------------------------------- */

/* Backslash escapes of echo -e and printf; returns false at \c. */
static bool
put_escaped(const char *s, FILE *f)
{
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			putc(*s, f);
			continue;
		}
		s++;
		switch (*s) {
		case 'n': putc('\n', f); break;
		case 't': putc('\t', f); break;
		case 'r': putc('\r', f); break;
		case 'a': putc('\a', f); break;
		case 'b': putc('\b', f); break;
		case 'f': putc('\f', f); break;
		case 'v': putc('\v', f); break;
		case 'e': putc(033, f); break;
		case '\\': putc('\\', f); break;
		case 'c': return false;
		case '0': {
			int v = 0, k;

			for (k = 0; k < 3 && s[1] >= '0' && s[1] <= '7'; k++)
				v = v * 8 + (*++s - '0');
			putc(v, f);
			break;
		}
		default:
			putc('\\', f);
			putc(*s, f);
		}
	}
	return true;
}

static int
b_echo(struct shell *sh, int argc, char **argv)
{
	bool nl = true, esc = false;
	int i = 1;

	(void)sh;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;

		if (strspn(o, "neE") != strlen(o))
			break;
		for (; *o; o++) {
			if (*o == 'n')
				nl = false;
			else if (*o == 'e')
				esc = true;
			else
				esc = false;
		}
	}
	for (; i < argc; i++) {
		if (esc) {
			if (!put_escaped(argv[i], stdout))
				return 0;
		} else {
			fputs(argv[i], stdout);
		}
		if (i < argc - 1)
			putchar(' ');
	}
	if (nl)
		putchar('\n');
	return ferror(stdout) ? 1 : 0;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int
b_printf(struct shell *sh, int argc, char **argv)
{
	const char *fmt;
	int ai = 2, status = 0;

	(void)sh;
	if (argc < 2)
		return usage("printf");
	fmt = argv[1];
	do {
		const char *p;

		for (p = fmt; *p; p++) {
			char spec[64], conv;
			size_t n;
			const char *arg;

			if (*p == '\\') {
				char one[3] = { '\\', p[1], 0 };

				if (!p[1]) {
					putchar('\\');
					break;
				}
				if (p[1] == '0') {
					/* \0NNN */
					int v = 0, k;

					p++;
					for (k = 0; k < 3 && p[1] >= '0' && p[1] <= '7'; k++)
						v = v * 8 + (*++p - '0');
					putchar(v);
					continue;
				}
				if (!put_escaped(one, stdout))
					return status;
				p++;
				continue;
			}
			if (*p != '%') {
				putchar(*p);
				continue;
			}
			if (p[1] == '%') {
				putchar('%');
				p++;
				continue;
			}
			n = 1 + strspn(p + 1, "-+ #0123456789.");
			conv = p[n];
			/* The longest spec written below: "ll", the conversion
			 * and the terminating NUL after the n bytes copied. */
			if (!conv || n + 4 > sizeof(spec) ||
			    !strchr("sbdiuxXocfeEgG", conv)) {
				warnx("printf: %.*s: invalid directive", (int)n + 1, p);
				return 1;
			}
			memcpy(spec, p, n);
			arg = ai < argc ? argv[ai++] : NULL;
			p += n;
			if (conv == 's' || conv == 'b') {
				spec[n] = 's';
				spec[n + 1] = 0;
				if (conv == 'b') {
					if (!put_escaped(arg ? arg : "", stdout))
						return status;
				} else {
					printf(spec, arg ? arg : "");
				}
			} else if (conv == 'c') {
				spec[n] = 'c';
				spec[n + 1] = 0;
				printf(spec, arg && *arg ? *arg : 0);
			} else if (strchr("feEgG", conv)) {
				char *end;
				double d = arg ? strtod(arg, &end) : 0;

				if (arg && (*end || !*arg)) {
					warnx("printf: %s: invalid number", arg);
					status = 1;
				}
				spec[n] = conv;
				spec[n + 1] = 0;
				printf(spec, d);
			} else {
				char *end;
				long long v = 0;

				if (arg && (arg[0] == '\'' || arg[0] == '"'))
					v = (unsigned char)arg[1];
				else if (arg) {
					errno = 0;
					v = strtoll(arg, &end, 0);
					if (*end || !*arg || errno) {
						warnx("printf: %s: invalid number", arg);
						status = 1;
					}
				}
				spec[n] = 'l';
				spec[n + 1] = 'l';
				spec[n + 2] = conv == 'i' ? 'd' : conv;
				spec[n + 3] = 0;
				printf(spec, v);
			}
		}
	} while (ai < argc && ai > 2);
	return status;
}
#pragma GCC diagnostic pop

/* ---- test -------------------------------------------------------------------------- */

struct targs {
	char **v;
	int n, i;
	bool err;
};

static bool t_or(struct targs *t);

static bool
t_unary(const char *op, const char *arg)
{
	struct stat st;
	bool ok;

	switch (op[1]) {
	case 'z': return !*arg;
	case 'n': return *arg != 0;
	case 't': return isatty(atoi(arg));
	case 'L':
	case 'h': return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	case 'r': return access(arg, R_OK) == 0;
	case 'w': return access(arg, W_OK) == 0;
	case 'x': return access(arg, X_OK) == 0;
	}
	ok = stat(arg, &st) == 0;
	switch (op[1]) {
	case 'e': return ok;
	case 'f': return ok && S_ISREG(st.st_mode);
	case 'd': return ok && S_ISDIR(st.st_mode);
	case 's': return ok && st.st_size > 0;
	case 'p': return ok && S_ISFIFO(st.st_mode);
	case 'S': return ok && S_ISSOCK(st.st_mode);
	case 'b': return ok && S_ISBLK(st.st_mode);
	case 'c': return ok && S_ISCHR(st.st_mode);
	case 'u': return ok && (st.st_mode & S_ISUID);
	case 'g': return ok && (st.st_mode & S_ISGID);
	case 'k': return ok && (st.st_mode & S_ISVTX);
	}
	return false;
}

static bool
is_unary(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("znterwxfdsLhpSbcugk", s[1]);
}

static const char *const binops[] = {
	"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
	"-nt", "-ot", "-ef", NULL,
};

static bool
is_binop(const char *s)
{
	int i;

	for (i = 0; binops[i]; i++)
		if (strcmp(s, binops[i]) == 0)
			return true;
	return false;
}

static bool
t_binary(struct targs *t, const char *a, const char *op, const char *b)
{
	long x, y;
	struct stat sa, sb;

	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return strcmp(a, b) == 0;
	if (strcmp(op, "!=") == 0)
		return strcmp(a, b) != 0;
	if (strcmp(op, "<") == 0)
		return strcmp(a, b) < 0;
	if (strcmp(op, ">") == 0)
		return strcmp(a, b) > 0;
	if (op[1] == 'n' && op[2] == 't')
		return stat(a, &sa) == 0 && (stat(b, &sb) < 0 ||
			sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
			(sa.st_mtim.tv_sec == sb.st_mtim.tv_sec &&
			 sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec));
	if (op[1] == 'o' && op[2] == 't')
		return stat(b, &sb) == 0 && (stat(a, &sa) < 0 ||
			sa.st_mtim.tv_sec < sb.st_mtim.tv_sec ||
			(sa.st_mtim.tv_sec == sb.st_mtim.tv_sec &&
			 sa.st_mtim.tv_nsec < sb.st_mtim.tv_nsec));
	if (strcmp(op, "-ef") == 0)
		return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (!parse_int(a, &x) || !parse_int(b, &y)) {
		warnx("test: integer expression expected: %s",
		      parse_int(a, &x) ? b : a);
		t->err = true;
		return false;
	}
	switch (op[1] * 256 + op[2]) {
	case 'e' * 256 + 'q': return x == y;
	case 'n' * 256 + 'e': return x != y;
	case 'l' * 256 + 't': return x < y;
	case 'l' * 256 + 'e': return x <= y;
	case 'g' * 256 + 't': return x > y;
	case 'g' * 256 + 'e': return x >= y;
	}
	return false;
}

static bool
t_primary(struct targs *t)
{
	const char *a;
	bool r;

	if (t->i >= t->n) {
		t->err = true;
		return false;
	}
	a = t->v[t->i];
	if (strcmp(a, "!") == 0 && t->i + 1 < t->n) {
		t->i++;
		return !t_primary(t);
	}
	if (strcmp(a, "(") == 0 && t->i + 2 < t->n) {
		t->i++;
		r = t_or(t);
		if (t->i >= t->n || strcmp(t->v[t->i], ")") != 0) {
			t->err = true;
			return false;
		}
		t->i++;
		return r;
	}
	if (t->i + 2 < t->n && is_binop(t->v[t->i + 1])) {
		t->i += 3;
		return t_binary(t, a, t->v[t->i - 2], t->v[t->i - 1]);
	}
	if (is_unary(a) && t->i + 1 < t->n) {
		t->i += 2;
		return t_unary(a, t->v[t->i - 1]);
	}
	t->i++;
	return *a != 0;
}

static bool
t_and(struct targs *t)
{
	bool r = t_primary(t);

	while (t->i < t->n && strcmp(t->v[t->i], "-a") == 0) {
		bool r2;

		t->i++;
		r2 = t_primary(t);
		r = r && r2;
	}
	return r;
}

static bool
t_or(struct targs *t)
{
	bool r = t_and(t);

	while (t->i < t->n && strcmp(t->v[t->i], "-o") == 0) {
		bool r2;

		t->i++;
		r2 = t_and(t);
		r = r || r2;
	}
	return r;
}

static int
b_test(struct shell *sh, int argc, char **argv)
{
	struct targs t = { argv + 1, argc - 1, 0, false };
	bool r;

	(void)sh;
	if (strcmp(argv[0], "[") == 0) {
		if (strcmp(argv[argc - 1], "]") != 0) {
			warnx("[: missing ']'");
			return 2;
		}
		t.n--;
	}
	if (t.n == 0)
		return 1;
	r = t_or(&t);
	if (t.err || t.i != t.n) {
		if (!t.err)
			warnx("%s: syntax error near '%s'", argv[0], t.v[t.i]);
		return 2;
	}
	return r ? 0 : 1;
}

static int
b_true(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	(void)argc;
	(void)argv;
	return 0;
}

static int
b_false(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	(void)argc;
	(void)argv;
	return 1;
}

/* ---- source, command, type ----------------------------------------------------- */

static int
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

static int
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

static int
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

/* ---- jobs ---------------------------------------------------------------------------- */

static struct job *
job_arg(struct shell *sh, const char *cmd, const char *spec)
{
	struct job *j = spec ? job_find(sh, spec) : job_current(sh);

	if (!j)
		warnx("%s: %s: no such job", cmd, spec ? spec : "current");
	return j;
}

static int
b_jobs(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	jobs_print(sh, stdout, argc > 1 && strcmp(argv[1], "-l") == 0);
	return 0;
}

static int
b_fg(struct shell *sh, int argc, char **argv)
{
	struct job *j;

	if (!sh->jobctl && strcmp(argv[0], "fg") == 0 && !sh->interactive) {
		warnx("%s: no job control", argv[0]);
		return 1;
	}
	jobs_reap(sh);
	if (!(j = job_arg(sh, argv[0], argc > 1 ? argv[1] : NULL)))
		return 1;
	if (strcmp(argv[0], "bg") == 0) {
		job_bg(sh, j, true, true);
		return 0;
	}
	printf("%s\n", job_text(j));
	fflush(stdout);
	sh->warned_stopped = false;
	return job_wait_fg(sh, j, true);
}

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "WINCH", SIGWINCH },
};

static int
sig_by_name(const char *s)
{
	size_t i;
	long n;

	if (parse_int(s, &n))
		return n > 0 && n < 65 ? (int)n : -1;
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (strcasecmp(s, signals[i].name) == 0)
			return signals[i].sig;
	return -1;
}

static int
b_kill(struct shell *sh, int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;

	if (argc < 2)
		return usage("kill");
	if (strcmp(argv[1], "-l") == 0) {
		size_t k;

		for (k = 0; k < sizeof(signals) / sizeof(signals[0]); k++)
			printf("%d) SIG%s\n", signals[k].sig, signals[k].name);
		return 0;
	}
	if (strcmp(argv[1], "-s") == 0 && argc > 2) {
		sig = sig_by_name(argv[2]);
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1]) {
		sig = sig_by_name(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		warnx("kill: %s: invalid signal", argv[i - 1]);
		return 1;
	}
	if (i >= argc)
		return usage("kill");
	for (; i < argc; i++) {
		pid_t target;
		long n;

		if (argv[i][0] == '%') {
			struct job *j = job_find(sh, argv[i]);

			if (!j) {
				warnx("kill: %s: no such job", argv[i]);
				status = 1;
				continue;
			}
			/* The whole job: its process group when it has one. */
			target = sh->jobctl ? -job_pgid(j) : job_pgid(j);
			if (sh->jobctl && (sig == SIGTERM || sig == SIGHUP ||
					   sig == SIGINT))
				kill(target, SIGCONT);
		} else if (parse_int(argv[i], &n)) {
			target = (pid_t)n;
		} else {
			warnx("kill: %s: arguments must be process or job IDs",
			      argv[i]);
			status = 1;
			continue;
		}
		if (kill(target, sig) < 0) {
			warn_errno("kill: %s", argv[i]);
			status = 1;
		}
	}
	return status;
}

static int
b_wait(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;

	if (argc == 1)
		return jobs_wait(sh, NULL);
	for (i = 1; i < argc; i++) {
		struct job *j = job_find(sh, argv[i]);

		if (!j) {
			warnx("wait: %s: no such job or process of this shell",
			      argv[i]);
			status = 127;
			continue;
		}
		status = jobs_wait(sh, j);
	}
	return status;
}

/* ---- umask ----------------------------------------------------------------------------- */

static int
b_umask(struct shell *sh, int argc, char **argv)
{
	mode_t m = umask(0);
	char *end;
	long v;

	(void)sh;
	umask(m);
	if (argc == 1) {
		printf("%04o\n", (unsigned)m);
		return 0;
	}
	if (strcmp(argv[1], "-S") == 0) {
		mode_t a = ~m & 0777;

		printf("u=%s%s%s,g=%s%s%s,o=%s%s%s\n",
		       a & 0400 ? "r" : "", a & 0200 ? "w" : "", a & 0100 ? "x" : "",
		       a & 040 ? "r" : "", a & 020 ? "w" : "", a & 010 ? "x" : "",
		       a & 04 ? "r" : "", a & 02 ? "w" : "", a & 01 ? "x" : "");
		return 0;
	}
	v = strtol(argv[1], &end, 8);
	if (*end || !*argv[1] || v < 0 || v > 0777) {
		warnx("umask: %s: octal mode expected", argv[1]);
		return 1;
	}
	umask((mode_t)v);
	return 0;
}

/* ---- help, policy ---------------------------------------------------------------------- */

static void
print_list(const char *title, const struct strlist *l, const char *all)
{
	size_t i, col = 2;

	printf("%s:\n ", title);
	if (all) {
		printf(" %s\n", all);
		return;
	}
	if (!l->n)
		printf(" (none)");
	for (i = 0; i < l->n; i++) {
		size_t w = strlen(l->v[i]) + 1;

		if (col + w > 78) {
			printf("\n ");
			col = 2;
		}
		printf(" %s", l->v[i]);
		col += w;
	}
	printf("\n");
}

static int
b_help(struct shell *sh, int argc, char **argv)
{
	int i;

	if (argc > 1) {
		int status = 0, k;

		for (k = 1; k < argc; k++) {
			i = builtin_lookup(argv[k]);
			if (i < 0) {
				warnx("help: no help for '%s' (try: %s --help, or man %s)",
				      argv[k], argv[k], argv[k]);
				status = 1;
				continue;
			}
			printf("%s\n    %s\n", builtins[i].usage, builtins[i].help);
		}
		return status;
	}
	printf("cylosh %s - a restricted shell. Builtins (help NAME for one):\n",
#ifdef CYLO_VERSION
	       CYLO_VERSION
#else
	       ""
#endif
	);
	for (i = 0; builtins[i].name; i++)
		printf("  %-10s %s\n", builtins[i].name, builtins[i].help);
	if (sh->s) {
		const struct strlist *c = &sh->s->pol.commands;
		struct strlist have = { NULL, 0 };
		char path[4096];
		size_t k;

		/* Only what this machine has: the list names more. */
		have.v = malloc((c->n + 1) * sizeof(*have.v));
		for (k = 0; have.v && k < c->n; k++)
			if (path_lookup(c->v[k], path, sizeof(path)) == 0)
				have.v[have.n++] = c->v[k];
		print_list("Commands allowed in this session",
			   have.v ? &have : c,
			   sh->s->pol.commands_all ? "all system commands" : NULL);
		free(have.v);
		if (sh->s->langs.n) {
			struct strlist l = { NULL, 0 };
			char *v[64];

			for (k = 0; k < sh->s->langs.n && l.n < 64; k++)
				if (sh->s->langs.v[k].allowed)
					v[l.n++] = sh->s->langs.v[k].name;
			l.v = v;
			print_list("Languages (langs for details)", &l, NULL);
		} else {
			print_list("Languages", &sh->s->pol.languages, NULL);
		}
	}
	printf("Not available: functions, eval, exec, changing PATH, LD_*, IFS.\n");
	return 0;
}

static void
size_str(unsigned long long v, char *buf, size_t len)
{
	const char *u = "KMGT";
	double d = (double)v;
	int i = -1;

	if (v < 1024) {
		snprintf(buf, len, "%lluB", v);
		return;
	}
	while (d >= 1024 && i < 3) {
		d /= 1024;
		i++;
	}
	snprintf(buf, len, "%.1f%c", d, u[i]);
}

static int
b_policy(struct shell *sh, int argc, char **argv)
{
	const char *home = var_get(sh, "HOME");
	struct statfs st;

	(void)argc;
	(void)argv;
	if (home && statfs(home, &st) == 0) {
		char used[32], total[32];
		unsigned long long bs = (unsigned long long)st.f_bsize;

		size_str((st.f_blocks - st.f_bfree) * bs, used, sizeof(used));
		size_str(st.f_blocks * bs, total, sizeof(total));
		printf("home: %s (ramdisk, gone when the session ends): %s used of %s, %llu of %llu inodes used\n",
		       home, used, total,
		       (unsigned long long)(st.f_files - st.f_ffree),
		       (unsigned long long)st.f_files);
	}
	if (sh->s)
		policy_print(stdout, &sh->s->pol);
	return 0;
}

/* ---- langs ------------------------------------------------------------------ */

static unsigned long long du_total;

static int
du_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path;
	(void)flag;
	(void)ftw;
	du_total += (unsigned long long)st->st_blocks * 512;
	return 0;
}

/* The first line a command prints (its version), or "" when it fails. */
static void
first_line(struct shell *sh, const char *cmd, const char *args, char *out,
	   size_t len)
{
	char path[PATH_MAX], buf[256], *argv[16], *save = NULL, *w;
	char *copy = strdup(args ? args : "");
	int p[2], argc = 0, st;
	pid_t pid;
	ssize_t n = 0, r;

	(void)sh;
	*out = 0;
	if (!copy || path_lookup(cmd, path, sizeof(path)) || pipe2(p, O_CLOEXEC) < 0) {
		free(copy);
		return;
	}
	argv[argc++] = (char *)cmd;
	for (w = strtok_r(copy, " ", &save); w && argc < 15; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);	/* python2-style versions go to stderr */
		execv(path, argv);
		_exit(127);
	}
	close(p[1]);
	while (pid > 0 && n < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(p[0], buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	snprintf(out, len, "%s", buf);
	free(copy);
}

static int
b_langs(struct shell *sh, int argc, char **argv)
{
	const char *home = var_get(sh, "HOME");
	size_t i, shown = 0;

	(void)argc;
	(void)argv;
	if (!sh->s || !sh->s->langs.n) {
		printf("No languages are configured for this session.\n");
		return 0;
	}
	for (i = 0; i < sh->s->langs.n; i++) {
		const struct language *l = &sh->s->langs.v[i];
		char ver[256], dir[PATH_MAX], used[32];
		size_t k;

		if (!l->allowed)
			continue;
		shown++;
		first_line(sh, l->cmds.n ? l->cmds.v[0] : l->name, l->version,
			   ver, sizeof(ver));
		printf("%s%s%s\n  commands:", l->name, *ver ? ": " : "", ver);
		for (k = 0; k < l->cmds.n; k++)
			printf(" %s", l->cmds.v[k]);
		snprintf(dir, sizeof(dir), "%s/%s", home ? home : "", l->dir);
		du_total = 0;
		if (nftw(dir, du_one, 16, FTW_PHYS) == 0)
			size_str(du_total, used, sizeof(used));
		else
			snprintf(used, sizeof(used), "not created yet");
		printf("\n  packages: ~/%s (%s)\n", l->dir, used);
	}
	if (!shown)
		printf("No languages are allowed in this session.\n");
	return 0;
}

static int
b_history(struct shell *sh, int argc, char **argv)
{
	return repl_history(sh, argc, argv);
}

/* ---- table ------------------------------------------------------------------------------- */

static const struct builtin builtins[] = {
	{ ".", b_source, ". FILE [ARGS]", "run the commands of FILE in this shell" },
	{ ":", b_true, ": [ARGS]", "do nothing, successfully" },
	{ "[", b_test, "[ EXPR ]", "evaluate a test expression (see test)" },
	{ "bg", b_fg, "bg [%N]", "continue a stopped job in the background" },
	{ "break", b_loopctl, "break [N]", "leave the enclosing loop (N levels)" },
	{ "cd", b_cd, "cd [DIR | - | ~]", "change directory (- the previous one, no argument: home)" },
	{ "command", b_command, "command [-v] NAME [ARGS]", "run NAME, or with -v say what it is" },
	{ "continue", b_loopctl, "continue [N]", "next iteration of the enclosing loop" },
	{ "echo", b_echo, "echo [-neE] [ARGS]", "print the arguments (-n: no newline, -e: escapes)" },
	{ "exit", b_exit, "exit [N]", "end the session with status N" },
	{ "export", b_export, "export [NAME[=VALUE] ...]", "export variables to commands (PATH, LD_*, IFS ... are fixed)" },
	{ "false", b_false, "false", "return 1" },
	{ "fg", b_fg, "fg [%N]", "bring a job to the foreground" },
	{ "help", b_help, "help [BUILTIN]", "list builtins, allowed commands and languages" },
	{ "history", b_history, "history [N | -c]", "show the command history (-c clears it)" },
	{ "jobs", b_jobs, "jobs [-l]", "list jobs" },
	{ "kill", b_kill, "kill [-SIG | -s SIG | -l] PID|%N ...", "signal session processes or jobs" },
	{ "langs", b_langs, "langs", "the languages of this session: versions, commands, package directories" },
	{ "logout", b_exit, "logout [N]", "end the session" },
	{ "policy", b_policy, "policy", "what this session allows: home size and use, network, limits, languages, commands" },
	{ "printf", b_printf, "printf FORMAT [ARGS]", "formatted output (%s %d %x %o %c %f %b, escapes)" },
	{ "pwd", b_pwd, "pwd", "print the current directory" },
	{ "read", b_read, "read [-r] [-p PROMPT] [NAME ...]", "read a line from standard input into variables" },
	{ "set", b_set, "set [-eux] [-o vi|emacs|errexit|nounset|xtrace] [-- ARGS]", "options, editing mode, positional parameters; no argument: list variables" },
	{ "shift", b_shift, "shift [N]", "drop the first N positional parameters" },
	{ "source", b_source, "source FILE [ARGS]", "run the commands of FILE in this shell" },
	{ "test", b_test, "test EXPR", "evaluate a test expression (-f -d -e -z -n = != -eq -lt ...)" },
	{ "true", b_true, "true", "return 0" },
	{ "type", b_type, "type NAME ...", "say whether NAME is a builtin, keyword or command" },
	{ "umask", b_umask, "umask [-S] [MODE]", "show or set the file creation mask" },
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
		int mid = (lo + hi) / 2, c = strcmp(name, builtins[mid].name);

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

bool
is_keyword(const char *name)
{
	static const char *const kw[] = {
		"if", "then", "elif", "else", "fi", "while", "until", "do",
		"done", "for", "in", "{", "}", "!", NULL,
	};
	int i;

	for (i = 0; kw[i]; i++)
		if (strcmp(name, kw[i]) == 0)
			return true;
	return false;
}
