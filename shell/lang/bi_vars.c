/*
 * bi_vars.c - builtins about variables and options: export, unset, set,
 * read.
 *
 * Assumes: called by the evaluator.  Guarantees: variables only change
 * through vars.c.
 */
#include "builtin_fns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
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
				if (sh->editor)
					sh->editor->print_options();
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
			} else if (!sh->editor ||
				   sh->editor->set_option(o, on) < 0) {
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

int
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

