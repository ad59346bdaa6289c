/*
 * expand.c - word expansion (see expand.h).
 *
 * Assumes: the callbacks of struct expand_ctx are set (cmdsub and setvar
 * may fail; random may be NULL).  Guarantees: quoted text is never split
 * or globbed; glob patterns escape every quoted character, so a quoted
 * '*' stays a '*' and a quoted '-' in a bracket is no range; the word of
 * an unquoted ${v:-word} keeps its own quoting ("a b" stays one field);
 * results live in the arena of the context.
 */
#include "expand.h"

#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "brace.h"
#include "mbchar.h"

/* Where a '~' starts a tilde prefix: only where the lexer cannot see it. */
enum tilde_mode {
	TILDE_NONE,	/* words: the lexer made P_TILDE parts */
	TILDE_WORD,	/* the word of ${v:-word}: at its start */
	TILDE_ASSIGN,	/* assignment values: at the start, after each ':' */
	TILDE_DECL,	/* name=value arguments of export, readonly, local:
			 * after the first '=', then after each ':' */
};

/* How the last field was closed, for IFS splitting. */
enum delim {
	D_NONE,		/* no delimiter since the last text */
	D_WHITE,	/* IFS white space */
	D_OTHER,	/* an IFS character other than white space */
};

struct fields {
	struct expand_ctx *x;
	struct abuf val, pat;
	bool started;		/* a field is open (even if empty) */
	bool glob;		/* the open field has an active glob char */
	bool split;		/* field mode: split and glob */
	bool pattern;		/* string mode for fnmatch: escape quoted */
	bool pat_own;		/* pat holds the pattern; false: it would be
				 * the same as val, and is not kept */
	const char *ifs;	/* field separators ("": no splitting);
				 * NULL until a split needs them */
	enum delim delim;
	int lit_split;		/* > 0: unquoted literal text is the result of
				 * an expansion (the word of ${v:-word}) */
	bool eq_seen;		/* TILDE_DECL: the '=' was read */
	char **v;
	int n, cap;
};

static bool
is_white(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static void
fields_reset(struct fields *f)
{
	abuf_init(&f->val, f->x->a);
	abuf_init(&f->pat, f->x->a);
	f->pat_own = false;
	f->started = false;
	f->glob = false;
}

static void
fields_init(struct fields *f, struct expand_ctx *x, bool split, bool pattern)
{
	memset(f, 0, sizeof(*f));
	f->x = x;
	f->split = split;
	f->pattern = pattern;
	fields_reset(f);
}

/* IFS, looked up when an unquoted expansion first needs splitting: most
 * words have none, and a lookup per word was a tenth of a loop's time. */
static const char *
fields_ifs(struct fields *f)
{
	if (!f->ifs) {
		f->ifs = f->x->getvar(f->x->u, "IFS");
		if (!f->ifs)
			f->ifs = " \t\n";
	}
	return f->ifs;
}

/* The glob or fnmatch pattern of the open field. */
static char *
fields_pat(struct fields *f)
{
	return f->pat_own ? abuf_str(&f->pat) : abuf_str(&f->val);
}

/* The pattern is about to differ from the value: start keeping it, from
 * a copy of the value so far. */
static void
pat_own(struct fields *f)
{
	if (f->pat_own)
		return;
	if (f->val.len)
		abuf_addn(&f->pat, f->val.s, f->val.len);
	f->pat_own = true;
}

static bool
is_glob_char(char c)
{
	return c == '*' || c == '?' || c == '[';
}

/* Quoted characters that a pattern must escape: the bracket ones too,
 * so a quoted '-' or '!' in [..] is that character, not a range or a
 * negation. */
static bool
needs_escape(char c)
{
	switch (c) {
	case '*': case '?': case '[': case ']': case '\\':
	case '-': case '!': case '^': case '&':
		return true;
	}
	return false;
}

static void
fields_add(struct fields *f, char *s)
{
	if (f->n + 1 >= f->cap) {
		int cap = f->cap ? f->cap * 2 : 16;
		char **v = arena_alloc(f->x->a, sizeof(*v) * (size_t)cap);

		if (f->n)
			memcpy(v, f->v, sizeof(*v) * (size_t)f->n);
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = s;
	f->v[f->n] = NULL;
}

/* Could pattern match anything but itself?  A lone '[' (the test
 * command) must not cost a directory scan. */
static bool
has_magic(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '*' || *p == '?') {
			return true;
		} else if (*p == '[') {
			const char *q = p + 1;

			if (*q == '!' || *q == '^')
				q++;
			if (*q == ']')
				q++;
			if (strchr(q, ']'))
				return true;
		}
	}
	return false;
}

static size_t
glob_limit(const struct expand_ctx *x)
{
	return x->glob_max ? x->glob_max : EXPAND_GLOB_MAX;
}

static int
fields_end(struct fields *f)
{
	struct expand_ctx *x = f->x;
	size_t max = glob_limit(x);

	if (!f->started)
		return 0;
	if (f->split && f->glob && !x->noglob && has_magic(fields_pat(f))) {
		glob_t g;
		int r = glob(fields_pat(f), 0, NULL, &g);
		size_t i;

		if (r == 0) {
			if (g.gl_pathc > max) {
				snprintf(x->err, sizeof(x->err),
					 "%s: too many matches (%zu, limit %zu)",
					 abuf_str(&f->val), g.gl_pathc, max);
				globfree(&g);
				return -1;
			}
			for (i = 0; i < g.gl_pathc; i++)
				fields_add(f, arena_strdup(x->a, g.gl_pathv[i]));
			globfree(&g);
			fields_reset(f);
			return 0;
		}
		if (r != GLOB_NOMATCH)
			globfree(&g);
		/* No match (or an unreadable directory): the word as written. */
	}
	fields_add(f, abuf_str(&f->val));
	fields_reset(f);
	return 0;
}

/*
 * Text from the source or from an expansion.  Unquoted expansion results
 * are split at IFS characters: white space runs delimit (and vanish at
 * the ends), every other IFS character delimits exactly one field (with
 * the white space around it), so "a::b" is three fields and ":a" two.
 */
static int
add_text(struct fields *f, const char *s, size_t n, bool quoted,
	 bool from_expansion)
{
	size_t i, j;

	if (quoted || !from_expansion || !f->split || !*fields_ifs(f)) {
		if (n || quoted || !from_expansion) {
			f->started = true;
			f->delim = D_NONE;
		}
		if (quoted && (f->split || f->pattern)) {
			for (i = 0; i < n && !needs_escape(s[i]); i++)
				;
			if (i < n)
				pat_own(f);
			if (f->pat_own)
				for (i = 0; i < n; i++) {
					if (needs_escape(s[i]))
						abuf_addc(&f->pat, '\\');
					abuf_addc(&f->pat, s[i]);
				}
		} else {
			if (!quoted && !f->glob)
				for (i = 0; i < n; i++)
					if (is_glob_char(s[i]))
						f->glob = true;
			if (f->pat_own)
				abuf_addn(&f->pat, s, n);
		}
		abuf_addn(&f->val, s, n);
		return 0;
	}
	for (i = 0; i < n; i = j) {
		if (s[i] && strchr(f->ifs, s[i])) {
			j = i + 1;
			if (is_white(s[i])) {
				if (f->started) {
					if (fields_end(f) < 0)
						return -1;
					f->delim = D_WHITE;
				}
				continue;
			}
			if (f->started) {
				if (fields_end(f) < 0)
					return -1;
			} else if (f->delim != D_WHITE) {
				/* Nothing since the last non-white delimiter
				 * (or the start): an empty field. */
				f->started = true;
				if (fields_end(f) < 0)
					return -1;
			}
			f->delim = D_OTHER;
			continue;
		}
		/* A run of field text, added at once. */
		for (j = i; j < n && !(s[j] && strchr(f->ifs, s[j])); j++)
			if (is_glob_char(s[j]))
				f->glob = true;
		f->started = true;
		f->delim = D_NONE;
		abuf_addn(&f->val, s + i, j - i);
		if (f->pat_own)
			abuf_addn(&f->pat, s + i, j - i);
	}
	return 0;
}

static int
add_str(struct fields *f, const char *s, bool quoted)
{
	return add_text(f, s, strlen(s), quoted, true);
}

/* The separator of "$*": the first character of IFS (space when IFS is
 * unset, nothing when it is empty). */
static const char *
star_sep(struct expand_ctx *x, char *buf)
{
	const char *ifs = x->getvar(x->u, "IFS");

	buf[0] = ifs ? ifs[0] : ' ';
	buf[1] = 0;
	return buf;
}

static char *
join(struct expand_ctx *x, char *const *v, int n, const char *sep)
{
	struct abuf b;
	int i;

	abuf_init(&b, x->a);
	abuf_adds(&b, "");
	for (i = 0; i < n; i++) {
		if (i)
			abuf_adds(&b, sep);
		abuf_adds(&b, v[i]);
	}
	return abuf_str(&b);
}

static const char *
special(struct expand_ctx *x, const char *name, char *buf, size_t len)
{
	if (strcmp(name, "?") == 0) {
		snprintf(buf, len, "%d", x->last_status);
		return buf;
	}
	if (strcmp(name, "$") == 0) {
		snprintf(buf, len, "%ld", x->pid);
		return buf;
	}
	if (strcmp(name, "!") == 0) {
		if (!x->last_bg)
			return NULL;
		snprintf(buf, len, "%ld", x->last_bg);
		return buf;
	}
	if (strcmp(name, "#") == 0) {
		snprintf(buf, len, "%d", x->nparams);
		return buf;
	}
	if (strcmp(name, "-") == 0)
		return x->getvar(x->u, "-");	/* the shell's option letters */
	if (strcmp(name, "0") == 0)
		return x->arg0 ? x->arg0 : "cylosh";
	if (name[0] >= '1' && name[0] <= '9') {
		long i = strtol(name, NULL, 10);

		return i <= x->nparams ? x->params[i - 1] : NULL;
	}
	if (strcmp(name, "@") == 0)
		return join(x, x->params, x->nparams, " ");
	if (strcmp(name, "*") == 0) {
		char sep[2];

		return join(x, x->params, x->nparams, star_sep(x, sep));
	}
	if (x->random && strcmp(name, "RANDOM") == 0) {
		snprintf(buf, len, "%u", x->random(x->u) & 32767);
		return buf;
	}
	return x->getvar(x->u, name);
}

static int expand_into(struct fields *f, const struct word *w,
		       enum tilde_mode tm);

static char *
expand_str(struct expand_ctx *x, const struct word *w, bool pattern,
	   enum tilde_mode tm)
{
	struct fields f;

	fields_init(&f, x, false, pattern);
	if (expand_into(&f, w, tm) < 0)
		return NULL;
	return pattern ? fields_pat(&f) : abuf_str(&f.val);
}

/* ---- the string operators of ${ } ------------------------------------- */

static const char *
trim(struct expand_ctx *x, const char *v, enum param_op op, const char *pat)
{
	size_t len = strlen(v), i, nc;
	char *tmp = arena_strdup(x->a, v);
	/* Only between characters: ? is one character, not one byte. */
	size_t *b = mb_bounds(x->a, v, len, &nc);

	switch (op) {
	case PO_TRIM_SP:
	case PO_TRIM_LP:
		for (i = 0; i <= nc; i++) {
			size_t k = b[op == PO_TRIM_SP ? i : nc - i];
			char c = tmp[k];
			int m;

			tmp[k] = 0;
			m = fnmatch(pat, tmp, 0);
			tmp[k] = c;
			if (m == 0)
				return v + k;
		}
		return v;
	default:
		for (i = 0; i <= nc; i++) {
			size_t k = b[op == PO_TRIM_SS ? nc - i : i];

			if (fnmatch(pat, v + k, 0) == 0)
				return arena_strndup(x->a, v, k);
		}
		return v;
	}
}

/* Does pat match tmp[i..k)?  tmp is a writable copy. */
static bool
match_at(char *tmp, const char *pat, size_t i, size_t k)
{
	char c = tmp[k];
	int m;

	tmp[k] = 0;
	m = fnmatch(pat, tmp + i, 0);
	tmp[k] = c;
	return m == 0;
}

/* The text a pattern without *, ? or [ matches (escapes removed), or
 * NULL when it has any. */
static char *
pattern_literal(struct expand_ctx *x, const char *pat)
{
	char *out = arena_alloc(x->a, strlen(pat) + 1), *o = out;

	for (; *pat; pat++) {
		if (*pat == '\\' && pat[1])
			pat++;
		else if (strchr("*?[", *pat))
			return NULL;
		*o++ = *pat;
	}
	*o = 0;
	return out;
}

/* The replacement of ${v/p/rep}, as bash 5.2 has it: an unquoted '&' is
 * the matched text; rep comes escaped (\c is c), as for a pattern. */
static void
add_rep(struct abuf *b, const char *rep, const char *m, size_t mlen)
{
	for (; *rep; rep++) {
		if (*rep == '\\' && rep[1])
			abuf_addc(b, *++rep);
		else if (*rep == '&')
			abuf_addn(b, m, mlen);
		else
			abuf_addc(b, *rep);
	}
}

/* How many characters every match of pat has (no '*' in it), or -1. */
static long
pattern_width(const char *pat)
{
	long w = 0;

	for (; *pat; w++) {
		if (*pat == '*')
			return -1;
		if (*pat == '\\' && pat[1]) {
			pat++;
		} else if (*pat == '[') {
			const char *q = pat + 1;

			if (*q == '!' || *q == '^')
				q++;
			if (*q == ']')
				q++;
			for (; *q && *q != ']'; q++) {
				if (q[0] == '[' && q[1] == ':') {
					const char *e = strstr(q + 2, ":]");

					if (e)
						q = e + 1;
				} else if (*q == '\\' && q[1]) {
					q++;
				}
			}
			if (*q == ']')
				pat = q;	/* one bracket, one character */
		}
		/* Past the character: several bytes of a UTF-8 one. */
		pat += mb_charlen(pat, strnlen(pat, MB_LEN_MAX));
	}
	return w;
}

/* ${v/pat/rep} and friends: the longest match, leftmost first. */
static const char *
replace(struct expand_ctx *x, const char *v, enum param_op op,
	const char *pat, const char *rep)
{
	size_t len = strlen(v), i, k, nc, *bd;
	char *tmp = arena_strdup(x->a, v), *lit, *anchored;
	long width;
	struct abuf b;

	abuf_init(&b, x->a);
	abuf_adds(&b, "");
	/* A plain string (the usual case, ${s//,/ }) is searched for as
	 * such: trying every span of a long value would be quadratic. */
	if ((op == PO_REPL || op == PO_REPL_ALL) && *pat &&
	    (lit = pattern_literal(x, pat)) && *lit) {
		const char *from = v, *m;
		size_t n = strlen(lit);

		while ((m = strstr(from, lit))) {
			abuf_addn(&b, from, (size_t)(m - from));
			add_rep(&b, rep, m, n);
			from = m + n;
			if (op == PO_REPL)
				break;
		}
		abuf_adds(&b, from);
		return abuf_str(&b);
	}
	width = pattern_width(pat);
	anchored = arena_alloc(x->a, strlen(pat) + 2);
	strcpy(anchored, pat);
	strcat(anchored, "*");
	/* Matches start and end between characters (bd: their offsets;
	 * i and k below count characters). */
	bd = mb_bounds(x->a, v, len, &nc);
	if (op == PO_REPL_PREFIX) {
		for (k = nc + 1; k-- > 0;) {
			if (match_at(tmp, pat, 0, bd[k])) {
				add_rep(&b, rep, v, bd[k]);
				abuf_adds(&b, v + bd[k]);
				return abuf_str(&b);
			}
		}
		return v;
	}
	if (op == PO_REPL_SUFFIX) {
		for (i = 0; i <= nc; i++) {
			if (fnmatch(pat, v + bd[i], 0) == 0) {
				abuf_addn(&b, v, bd[i]);
				add_rep(&b, rep, v + bd[i], len - bd[i]);
				return abuf_str(&b);
			}
		}
		return v;
	}
	if (!*pat)
		return v;
	for (i = 0; i < nc;) {
		if (width >= 0) {
			/* Without '*', a match has exactly width characters. */
			k = (size_t)width <= nc - i && width > 0 &&
					    match_at(tmp, pat, bd[i],
						     bd[i + (size_t)width]) ?
				    i + (size_t)width : i;
		} else {
			/* Only where a match starts is the longest looked for. */
			k = fnmatch(anchored, v + bd[i], 0) == 0 ? nc : i;
			for (; k > i; k--)
				if (match_at(tmp, pat, bd[i], bd[k]))
					break;
		}
		if (k > i) {
			add_rep(&b, rep, v + bd[i], bd[k] - bd[i]);
			i = k;
			if (op == PO_REPL) {
				abuf_adds(&b, v + bd[i]);
				return abuf_str(&b);
			}
			continue;
		}
		abuf_addn(&b, v + bd[i], bd[i + 1] - bd[i]);
		i++;
	}
	return abuf_str(&b);
}

/* Names inside $(( )): variables, and $RANDOM as bash has it there too. */
static const char *
arith_get(void *u, const char *name)
{
	struct expand_ctx *x = u;

	if (x->random && strcmp(name, "RANDOM") == 0) {
		char buf[16];

		snprintf(buf, sizeof(buf), "%u", x->random(x->u) & 32767);
		return arena_strdup(x->a, buf);
	}
	return x->getvar(x->u, name);
}

static int
arith_set(void *u, const char *name, const char *value)
{
	struct expand_ctx *x = u;

	return x->setvar(x->u, name, value);
}

static int
arith_word(struct expand_ctx *x, const struct word *w, long long *out)
{
	struct arith_vars av = { arith_get, arith_set, x, x->nounset };
	char *e = expand_str(x, w, false, TILDE_NONE);

	if (!e)
		return -1;
	if (arith_run(e, out, &av, x->err, sizeof(x->err)) < 0) {
		/* An expansion error: a script stops, as in sh. */
		x->fatal = true;
		return -1;
	}
	return 0;
}

/*
 * ${v:off} and ${v:off:len}: offset and length are arithmetic; a negative
 * offset counts from the end; a negative length leaves that many
 * characters off the end.  *start and *count index an n-item sequence.
 */
static int
substr_range(struct expand_ctx *x, const struct wpart *p, long long n,
	     long long *start, long long *count)
{
	long long off, len;

	if (arith_word(x, p->arg, &off) < 0)
		return -1;
	if (off < 0)
		off += n;
	if (off < 0 || off > n) {
		*start = 0;
		*count = 0;
		return 0;
	}
	len = n - off;
	if (p->arg2) {
		if (arith_word(x, p->arg2, &len) < 0)
			return -1;
		if (len < 0) {
			len += n - off;
			if (len < 0) {
				snprintf(x->err, sizeof(x->err),
					 "%s: substring expression < 0",
					 p->text);
				x->fatal = true;
				return -1;
			}
		}
		if (len > n - off)
			len = n - off;
	}
	*start = off;
	*count = len;
	return 0;
}

/* ---- parameters --------------------------------------------------------- */

static bool
is_list(const char *name)
{
	return strcmp(name, "@") == 0 || strcmp(name, "*") == 0;
}

/* $@, $*, ${@:off:len}: one item each, split, joined or kept apart as
 * their quoting says. */
static int
expand_list(struct fields *f, const struct wpart *p)
{
	struct expand_ctx *x = f->x;
	char *const *v = x->params;
	int n = x->nparams, i;
	bool star = p->text[0] == '*';
	char sep[2];

	if (p->op == PO_SUBSTR) {
		/* ${@:0} starts with $0, as in bash. */
		char **all = arena_alloc(x->a, sizeof(*all) * (size_t)(n + 2));
		long long s, c;

		all[0] = (char *)(x->arg0 ? x->arg0 : "cylosh");
		for (i = 0; i < n; i++)
			all[i + 1] = x->params[i];
		if (substr_range(x, p, n + 1, &s, &c) < 0)
			return -1;
		v = all + s;
		n = (int)c;
	}
	if (!f->split || (star && p->quoted)) {
		const char *s = join(x, v, n, star ? star_sep(x, sep) : " ");

		if (!f->split || n || p->quoted)
			return add_str(f, s, p->quoted);
		return 0;
	}
	/* "$@": one field per item; $@ and $*: each item split on its own. */
	for (i = 0; i < n; i++) {
		if (i && (p->quoted || f->started)) {
			if (fields_end(f) < 0)
				return -1;
		}
		f->delim = D_NONE;
		if (add_str(f, v[i], p->quoted) < 0)
			return -1;
	}
	return 0;
}

/* The word of ${v:-word} (and :+ :=): in the current fields, keeping its
 * own quoting; unquoted, its text splits and globs as expansion output. */
static int
expand_arg(struct fields *f, const struct wpart *p)
{
	int r;

	if (p->quoted)
		add_text(f, "", 0, true, true);	/* "${u:-}" is a field */
	if (!p->quoted)
		f->lit_split++;
	r = expand_into(f, p->arg, TILDE_WORD);
	if (!p->quoted)
		f->lit_split--;
	return r;
}

static int
unset_error(struct expand_ctx *x, const char *name)
{
	snprintf(x->err, sizeof(x->err), "%s: unbound variable", name);
	x->fatal = true;
	return -1;
}

static int
expand_param(struct fields *f, const struct wpart *p)
{
	struct expand_ctx *x = f->x;
	char buf[32];
	const char *v, *pat, *rep;
	bool set;
	long long s, c;

	if (is_list(p->text) && (p->op == PO_NONE || p->op == PO_SUBSTR))
		return expand_list(f, p);
	if (p->op == PO_LENGTH && is_list(p->text)) {
		snprintf(buf, sizeof(buf), "%d", x->nparams);
		return add_str(f, buf, p->quoted);
	}
	v = special(x, p->text, buf, sizeof(buf));
	if (v == buf)
		v = arena_strdup(x->a, buf);
	set = v && !(p->colon && !*v);
	switch (p->op) {
	case PO_DEFAULT:
		if (set)
			return add_str(f, v, p->quoted);
		return expand_arg(f, p);
	case PO_ALT:
		if (set)
			return expand_arg(f, p);
		return p->quoted ? add_text(f, "", 0, true, true) : 0;
	case PO_ASSIGN:
		if (set)
			return add_str(f, v, p->quoted);
		if (!is_name(p->text, strlen(p->text))) {
			snprintf(x->err, sizeof(x->err),
				 "${%s}: cannot assign in this way", p->text);
			return -1;
		}
		if (!(v = expand_str(x, p->arg, false, TILDE_WORD)))
			return -1;
		if (x->setvar(x->u, p->text, v) < 0) {
			snprintf(x->err, sizeof(x->err), "%s: cannot assign",
				 p->text);
			return -1;
		}
		return add_str(f, v, p->quoted);
	case PO_ERROR:
		if (set)
			return add_str(f, v, p->quoted);
		pat = p->arg ? expand_str(x, p->arg, false, TILDE_WORD) : NULL;
		snprintf(x->err, sizeof(x->err), "%s: %s", p->text,
			 pat && *pat ? pat :
			 p->colon ? "parameter null or not set" :
				    "parameter not set");
		x->fatal = true;
		return -1;
	default:
		break;
	}
	if (!v) {
		if (x->nounset && strcmp(p->text, "!") != 0)
			return unset_error(x, p->text);
		v = "";
	}
	switch (p->op) {
	case PO_LENGTH:
		/* Characters, as bash counts them (dash counts bytes). */
		snprintf(buf, sizeof(buf), "%zu", mb_count(v, strlen(v)));
		return add_str(f, buf, p->quoted);
	case PO_TRIM_SP:
	case PO_TRIM_LP:
	case PO_TRIM_SS:
	case PO_TRIM_LS:
		if (!(pat = expand_str(x, p->arg, true, TILDE_WORD)))
			return -1;
		return add_str(f, trim(x, v, p->op, pat), p->quoted);
	case PO_REPL:
	case PO_REPL_ALL:
	case PO_REPL_PREFIX:
	case PO_REPL_SUFFIX:
		if (!(pat = expand_str(x, p->arg, true, TILDE_WORD)))
			return -1;
		rep = p->arg2 ? expand_str(x, p->arg2, true, TILDE_WORD) : "";
		if (!rep)
			return -1;
		return add_str(f, replace(x, v, p->op, pat, rep), p->quoted);
	case PO_SUBSTR: {
		/* Offset and length count characters, as in bash. */
		size_t n = strlen(v), from, to;

		if (substr_range(x, p, (long long)mb_count(v, n), &s, &c) < 0)
			return -1;
		from = mb_offset(v, n, (size_t)s);
		to = from + mb_offset(v + from, n - from, (size_t)c);
		return add_str(f, arena_strndup(x->a, v + from, to - from),
			       p->quoted);
	}
	default:
		return add_str(f, v, p->quoted);
	}
}

/* ---- words -------------------------------------------------------------- */

static int
add_tilde(struct fields *f, const char *name, size_t len)
{
	struct expand_ctx *x = f->x;
	const char *h = NULL;
	char *lit;

	if (len == 0)
		h = x->getvar(x->u, "HOME");
	else if (len == 1 && name[0] == '+')
		h = x->getvar(x->u, "PWD");
	else if (len == 1 && name[0] == '-')
		h = x->getvar(x->u, "OLDPWD");
	else if (x->homedir) {
		char *user = arena_strndup(x->a, name, len);

		h = x->homedir(x->u, user);
	}
	if (h)
		return add_str(f, h, true);
	/* No such user (or variable): the prefix stays as written. */
	lit = arena_alloc(x->a, len + 2);
	lit[0] = '~';
	memcpy(lit + 1, name, len);
	lit[len + 1] = 0;
	return add_str(f, lit, true);
}

/*
 * Unquoted literal text where the lexer could not see a tilde prefix: at
 * the start of the word of ${v:-~}, and after each ':' of an assignment
 * value (x=~:foo, PATH=a:~/bin, d=~user/dir).
 */
static int
lit_tilde(struct fields *f, const struct wpart *p, bool first, bool last,
	  enum tilde_mode tm, bool *colon)
{
	const char *s = p->text;
	size_t n = p->len, i, from = 0;
	bool fromx = f->lit_split > 0;

	bool assign = tm == TILDE_ASSIGN || tm == TILDE_DECL;
	const char *eq = NULL;

	/* name=value: the value starts after the first '='. */
	if (tm == TILDE_DECL && !f->eq_seen && (eq = memchr(s, '=', n)))
		f->eq_seen = true;
	for (i = 0; i < n; i++) {
		bool start;
		size_t k;
		char next;

		if (tm == TILDE_DECL)
			start = i == 0 ? *colon :
				s + i - 1 == eq ||
				(s[i - 1] == ':' && (!eq || s + i - 1 > eq));
		else
			start = i == 0 ? (first || (assign && *colon)) :
				(assign && s[i - 1] == ':');
		if (s[i] != '~' || !start)
			continue;
		k = tilde_name(s + i + 1, n - i - 1);
		next = i + 1 + k < n ? s[i + 1 + k] : 0;
		if (!(next == '/' || (assign && next == ':') ||
		      (next == 0 && last)))
			continue;
		if (add_text(f, s + from, i - from, false, fromx) < 0 ||
		    add_tilde(f, s + i + 1, k) < 0)
			return -1;
		from = i + 1 + k;
		i += k;
	}
	*colon = n && (s[n - 1] == ':' || s + n - 1 == eq) &&
		 (tm != TILDE_DECL || f->eq_seen);
	return add_text(f, s + from, n - from, false, fromx);
}

static int
expand_part(struct fields *f, const struct wpart *p)
{
	struct expand_ctx *x = f->x;
	size_t n;

	switch (p->type) {
	case P_LIT:
		return add_text(f, p->text, p->len, p->quoted, f->lit_split > 0);
	case P_TILDE:
		return add_tilde(f, p->text ? p->text : "", p->len);
	case P_PARAM:
		return expand_param(f, p);
	case P_ARITH: {
		char num[ARITH_BUFSIZE];
		long long val;

		if (arith_word(x, p->arg, &val) < 0)
			return -1;
		return add_str(f, arith_format(num, val), p->quoted);
	}
	case P_CMDSUB: {
		char *out = p->sub ? x->cmdsub(x->u, p->sub) : "";

		if (!out) {
			snprintf(x->err, sizeof(x->err),
				 "command substitution failed");
			return -1;
		}
		n = strlen(out);
		while (n && out[n - 1] == '\n')
			n--;
		if (p->quoted)
			f->started = true;
		return add_text(f, out, n, p->quoted, true);
	}
	}
	return 0;
}

static int
expand_into(struct fields *f, const struct word *w, enum tilde_mode tm)
{
	const struct wpart *p;
	bool colon = false;

	for (p = w ? w->parts : NULL; p; p = p->next) {
		int r;

		if (p->type == P_LIT && !p->quoted && tm != TILDE_NONE)
			r = lit_tilde(f, p, p == w->parts, !p->next, tm, &colon);
		else
			r = expand_part(f, p);
		if (r < 0)
			return -1;
		if (p->type != P_LIT)
			colon = false;
	}
	return 0;
}

char *
expand_string(struct expand_ctx *x, const struct word *w)
{
	return expand_str(x, w, false, TILDE_ASSIGN);
}

char *
expand_pattern(struct expand_ctx *x, const struct word *w)
{
	return expand_str(x, w, true, TILDE_NONE);
}

int
expand_words(struct expand_ctx *x, struct word *const *w, int n, char ***out)
{
	struct fields f;
	int i, j;

	fields_init(&f, x, true, false);
	fields_add(&f, NULL);	/* an empty, NULL-terminated vector */
	f.n = 0;
	for (i = 0; i < n; i++) {
		struct word **bw;
		struct word *one[1] = { w[i] };
		int nb = 1;

		bw = one;
		if (brace_candidate(w[i])) {
			nb = brace_expand(x->a, w[i], glob_limit(x), &bw, x->err,
					  sizeof(x->err));
			if (nb < 0)
				return -1;
		}
		for (j = 0; j < nb; j++) {
			f.delim = D_NONE;
			/* Brace expansion comes first: a word it made may now
			 * start with a tilde (~{/a,/b}, {a,~}/b), as in bash. */
			if (expand_into(&f, bw[j], bw == one ? TILDE_NONE :
							      TILDE_WORD) < 0 ||
			    fields_end(&f) < 0)
				return -1;
		}
	}
	*out = f.v;
	return f.n;
}

/* A declaration utility, written as itself (not the result of an
 * expansion): its name=value arguments are assignments. */
static bool
decl_utility(const struct word *w)
{
	static const char *const names[] = {
		"export", "readonly", "local", "declare", "typeset",
	};
	const struct wpart *p = w->parts;
	size_t i;

	if (!p || p->next || p->type != P_LIT || p->quoted)
		return false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(p->text, names[i]) == 0)
			return true;
	return false;
}

/* Does the word start with an unquoted NAME= ? */
static bool
assign_like(const struct word *w)
{
	const struct wpart *p = w->parts;
	const char *eq;

	if (!p || p->type != P_LIT || p->quoted ||
	    !(eq = memchr(p->text, '=', p->len)))
		return false;
	return is_name(p->text, (size_t)(eq - p->text));
}

int
expand_args(struct expand_ctx *x, struct word *const *w, int n, char ***out)
{
	char **v, **one;
	int i, k, m, nv = 0, cap;

	if (n < 2 || !decl_utility(w[0]))
		return expand_words(x, w, n, out);
	/* export, readonly and local (POSIX.1-2024 "declaration
	 * utilities"): an argument that looks like an assignment expands
	 * as one, with no field splitting or pathname expansion, and a
	 * tilde after the '=' (export PATH=~/bin:$PATH); the others as
	 * words. */
	cap = n + 1;
	v = arena_alloc(x->a, (size_t)cap * sizeof(*v));
	for (i = 0; i < n; i++) {
		if (i > 0 && assign_like(w[i])) {
			if (!(v[nv] = expand_str(x, w[i], false, TILDE_DECL)))
				return -1;
			nv++;
			continue;
		}
		if ((m = expand_words(x, &w[i], 1, &one)) < 0)
			return -1;
		if (nv + m + 1 > cap) {
			char **nvv;

			cap = (nv + m + 1) * 2;
			nvv = arena_alloc(x->a, (size_t)cap * sizeof(*v));
			memcpy(nvv, v, (size_t)nv * sizeof(*v));
			v = nvv;
		}
		for (k = 0; k < m; k++)
			v[nv++] = one[k];
	}
	v[nv] = NULL;
	*out = v;
	return nv;
}

char *
expand_target(struct expand_ctx *x, const struct word *w)
{
	struct word *const one[1] = { (struct word *)w };
	char **v;
	int n = expand_words(x, one, 1, &v);

	if (n < 0)
		return NULL;
	if (n != 1) {
		snprintf(x->err, sizeof(x->err), "%s: ambiguous redirect",
			 word_plain(x->a, w));
		return NULL;
	}
	return v[0];
}
