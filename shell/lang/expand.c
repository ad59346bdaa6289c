/*
 * expand.c - word expansion (see expand.h).
 *
 * Assumes: the callbacks of struct expand_ctx are set (cmdsub and setvar
 * may fail).  Guarantees: quoted text is never split or globbed; glob
 * patterns escape every quoted character, so a quoted '*' stays a '*';
 * results live in the arena of the context.
 */
#include "expand.h"

#include <fnmatch.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"

struct fields {
	struct expand_ctx *x;
	struct abuf val, pat;
	bool started;		/* a field is open (even if empty) */
	bool glob;		/* the open field has an active glob char */
	bool split;		/* field mode: split and glob */
	bool pattern;		/* string mode for fnmatch: escape quoted */
	char **v;
	int n, cap;
};

static bool
is_ifs(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static void
fields_reset(struct fields *f)
{
	abuf_init(&f->val, f->x->a);
	abuf_init(&f->pat, f->x->a);
	f->started = false;
	f->glob = false;
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

static int
fields_end(struct fields *f)
{
	struct expand_ctx *x = f->x;
	size_t max = x->glob_max ? x->glob_max : EXPAND_GLOB_MAX;

	if (!f->started)
		return 0;
	if (f->split && f->glob && !x->noglob && has_magic(abuf_str(&f->pat))) {
		glob_t g;
		int r = glob(abuf_str(&f->pat), 0, NULL, &g);
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

/* Text from the source or from an expansion. */
static int
add_text(struct fields *f, const char *s, size_t n, bool quoted,
	 bool from_expansion)
{
	size_t i;

	if (quoted || !from_expansion || !f->split) {
		f->started = true;
		abuf_addn(&f->val, s, n);
		for (i = 0; i < n; i++) {
			if (quoted && (f->split || f->pattern) &&
			    strchr("*?[]\\", s[i]))
				abuf_addc(&f->pat, '\\');
			else if (!quoted && strchr("*?[", s[i]))
				f->glob = true;
			abuf_addc(&f->pat, s[i]);
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (is_ifs(s[i])) {
			if (fields_end(f) < 0)
				return -1;
			continue;
		}
		f->started = true;
		if (strchr("*?[", s[i]))
			f->glob = true;
		abuf_addc(&f->val, s[i]);
		abuf_addc(&f->pat, s[i]);
	}
	return 0;
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
	if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
		struct abuf b;
		int i;

		abuf_init(&b, x->a);
		for (i = 0; i < x->nparams; i++) {
			if (i)
				abuf_addc(&b, ' ');
			abuf_adds(&b, x->params[i]);
		}
		return abuf_str(&b);
	}
	return x->getvar(x->u, name);
}

static char *expand_str(struct expand_ctx *x, const struct word *w,
			bool pattern);

static const char *
trim(struct expand_ctx *x, const char *v, enum param_op op, const char *pat)
{
	size_t len = strlen(v), i;
	char *tmp = arena_strdup(x->a, v);

	switch (op) {
	case PO_TRIM_SP:
	case PO_TRIM_LP:
		for (i = 0; i <= len; i++) {
			size_t k = op == PO_TRIM_SP ? i : len - i;
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
		for (i = 0; i <= len; i++) {
			size_t k = op == PO_TRIM_SS ? len - i : i;

			if (fnmatch(pat, v + k, 0) == 0)
				return arena_strndup(x->a, v, k);
		}
		return v;
	}
}

/* The value of a parameter part after its operator; NULL on error. */
static const char *
param_value(struct expand_ctx *x, const struct wpart *p)
{
	char buf[32];
	const char *v = special(x, p->text, buf, sizeof(buf));
	bool set = v && !(p->colon && !*v);
	const char *pat;

	if (v == buf)
		v = arena_strdup(x->a, buf);
	switch (p->op) {
	case PO_NONE:
		if (!v && x->nounset && strcmp(p->text, "@") != 0 &&
		    strcmp(p->text, "*") != 0 && strcmp(p->text, "!") != 0) {
			snprintf(x->err, sizeof(x->err), "%s: unbound variable",
				 p->text);
			x->fatal = true;
			return NULL;
		}
		return v ? v : "";
	case PO_DEFAULT:
		return set ? v : expand_str(x, p->arg, false);
	case PO_ASSIGN:
		if (set)
			return v;
		if (!is_name(p->text, strlen(p->text))) {
			snprintf(x->err, sizeof(x->err),
				 "${%s}: cannot assign in this way", p->text);
			return NULL;
		}
		if (!(v = expand_str(x, p->arg, false)))
			return NULL;
		if (x->setvar(x->u, p->text, v) < 0) {
			snprintf(x->err, sizeof(x->err), "%s: cannot assign",
				 p->text);
			return NULL;
		}
		return v;
	case PO_ALT:
		return set ? expand_str(x, p->arg, false) : "";
	case PO_ERROR:
		if (set)
			return v;
		pat = p->arg ? expand_str(x, p->arg, false) : NULL;
		snprintf(x->err, sizeof(x->err), "%s: %s", p->text,
			 pat && *pat ? pat : "parameter null or not set");
		x->fatal = true;
		return NULL;
	case PO_LENGTH:
		snprintf(buf, sizeof(buf), "%zu", v ? strlen(v) : 0);
		return arena_strdup(x->a, buf);
	default:
		if (!v)
			return "";
		if (!(pat = expand_str(x, p->arg, true)))
			return NULL;
		return trim(x, v, p->op, pat);
	}
}

static int
expand_part(struct fields *f, const struct wpart *p)
{
	struct expand_ctx *x = f->x;
	const char *v;
	size_t n;

	switch (p->type) {
	case P_LIT:
		return add_text(f, p->text, p->len, p->quoted, false);
	case P_TILDE:
		v = x->getvar(x->u, "HOME");
		return add_text(f, v ? v : "~", strlen(v ? v : "~"), true, false);
	case P_PARAM:
		if (f->split && p->quoted && p->op == PO_NONE &&
		    strcmp(p->text, "@") == 0) {
			/* "$@": one field per parameter, none when empty. */
			int i;

			for (i = 0; i < x->nparams; i++) {
				if (i && fields_end(f) < 0)
					return -1;
				add_text(f, x->params[i], strlen(x->params[i]),
					 true, true);
			}
			return 0;
		}
		if (!(v = param_value(x, p)))
			return -1;
		return add_text(f, v, strlen(v), p->quoted, true);
	case P_ARITH: {
		char *e = expand_str(x, p->arg, false), num[32];
		long long val;

		if (!e)
			return -1;
		if (arith_eval(e, &val, x->getvar, x->u, x->err,
			       sizeof(x->err)) < 0)
			return -1;
		snprintf(num, sizeof(num), "%lld", val);
		return add_text(f, num, strlen(num), p->quoted, true);
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
expand_into(struct fields *f, const struct word *w)
{
	const struct wpart *p;

	for (p = w ? w->parts : NULL; p; p = p->next)
		if (expand_part(f, p) < 0)
			return -1;
	return 0;
}

static char *
expand_str(struct expand_ctx *x, const struct word *w, bool pattern)
{
	struct fields f;

	memset(&f, 0, sizeof(f));
	f.x = x;
	f.pattern = pattern;
	fields_reset(&f);
	if (expand_into(&f, w) < 0)
		return NULL;
	return pattern ? abuf_str(&f.pat) : abuf_str(&f.val);
}

char *
expand_string(struct expand_ctx *x, const struct word *w)
{
	return expand_str(x, w, false);
}

char *
expand_pattern(struct expand_ctx *x, const struct word *w)
{
	return expand_str(x, w, true);
}

int
expand_words(struct expand_ctx *x, struct word *const *w, int n, char ***out)
{
	struct fields f;
	int i;

	memset(&f, 0, sizeof(f));
	f.x = x;
	f.split = true;
	fields_reset(&f);
	fields_add(&f, NULL);	/* an empty, NULL-terminated vector */
	f.n = 0;
	for (i = 0; i < n; i++) {
		if (expand_into(&f, w[i]) < 0 || fields_end(&f) < 0)
			return -1;
	}
	*out = f.v;
	return f.n;
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
