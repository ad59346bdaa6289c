/*
 * bi_io.c - builtins that print and test: echo, printf, test, [.
 *
 * Assumes: the evaluator applied redirections and flushes stdio.
 * Guarantees: pure apart from stdio and stat(2) in test.
 */
#include "builtin_fns.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

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

int
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
int
b_printf(struct shell *sh, int argc, char **argv)
{
	const char *fmt;
	int ai = 2, status = 0;

	(void)sh;
	/* printf -- FORMAT: the end of (no) options, as in dash. */
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argc--;
		argv++;
	}
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
				if (p[1] >= '0' && p[1] <= '7') {
					/* \NNN in a format: one to three octal
					 * digits, a leading 0 among them (POSIX;
					 * %b's arguments take \0NNN). */
					int v = 0, k;

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

int
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

