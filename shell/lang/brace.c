/*
 * brace.c - brace expansion (see brace.h), as bash does it: a preamble,
 * then {x,y,...} or {a..b[..step]}, then a postscript expanded in turn;
 * left to right, alternatives in the order written.
 *
 * The word is flattened into atoms: one per character of unquoted
 * literal text (the only characters that can be braces or commas) and one
 * per other part.  Expansion works on atom sequences and rebuilds words
 * from them, so quoting and the other parts are carried over unchanged.
 */
#include "brace.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct atom {
	char c;				/* 0: a whole part */
	const struct wpart *part;
};

struct seq {
	struct atom *v;
	size_t n;
};

struct bx {
	struct arena *a;
	size_t max;
	struct seq *out;
	size_t nout, cap;
	char *err;
	size_t errlen;
	int depth;
};

int
brace_candidate(const struct word *w)
{
	const struct wpart *p;

	for (p = w ? w->parts : NULL; p; p = p->next)
		if (p->type == P_LIT && !p->quoted && memchr(p->text, '{', p->len))
			return 1;
	return 0;
}

static bool
is_ch(const struct atom *t, char c)
{
	return !t->part && t->c == c;
}

static int
emit(struct bx *b, const struct atom *v, size_t n)
{
	if (b->nout >= b->max) {
		snprintf(b->err, b->errlen,
			 "brace expansion: more than %zu words", b->max);
		return -1;
	}
	if (b->nout == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct seq *o = arena_alloc(b->a, sizeof(*o) * cap);

		if (b->nout)
			memcpy(o, b->out, sizeof(*o) * b->nout);
		b->out = o;
		b->cap = cap;
	}
	b->out[b->nout].v = arena_alloc(b->a, sizeof(*v) * (n ? n : 1));
	if (n)
		memcpy(b->out[b->nout].v, v, sizeof(*v) * n);
	b->out[b->nout].n = n;
	b->nout++;
	return 0;
}

static int expand_seq(struct bx *b, const struct atom *pre, size_t npre,
		      const struct atom *v, size_t n);

/* pre + mid + post, with mid and post expanded further. */
static int
join3(struct bx *b, const struct atom *pre, size_t npre, const struct atom *mid,
      size_t nmid, const struct atom *post, size_t npost)
{
	struct atom *v = arena_alloc(b->a, sizeof(*v) * (nmid + npost + 1));

	if (nmid)
		memcpy(v, mid, sizeof(*v) * nmid);
	if (npost)
		memcpy(v + nmid, post, sizeof(*v) * npost);
	return expand_seq(b, pre, npre, v, nmid + npost);
}

/* A decimal integer with an optional '-': its value and whether it was
 * written with a leading zero (which pads the sequence). */
static bool
parse_int(const char *s, long long *v, bool *zero)
{
	const char *d = s + (*s == '-' || *s == '+');
	char *end;

	if (*d < '0' || *d > '9' || strlen(d) > 18)
		return false;
	*v = strtoll(s, &end, 10);
	*zero = d[0] == '0' && d[1];
	return *end == 0;
}

/* {x..y[..step]} with all-literal content s: the words, or 0 when s is
 * not a sequence (then the braces stay as written). */
static int
sequence(struct bx *b, const struct atom *pre, size_t npre, const char *s,
	 const struct atom *post, size_t npost)
{
	char x[32], y[32], st[32] = "1";
	const char *d1 = strstr(s, ".."), *d2;
	long long from, to, step, i, count;
	bool zf, zt, zs, letters;
	int width = 0;

	if (!d1 || (size_t)(d1 - s) >= sizeof(x))
		return 0;
	memcpy(x, s, (size_t)(d1 - s));
	x[d1 - s] = 0;
	d2 = strstr(d1 + 2, "..");
	if (d2) {
		if ((size_t)(d2 - d1 - 2) >= sizeof(y) || strlen(d2 + 2) >= sizeof(st))
			return 0;
		memcpy(y, d1 + 2, (size_t)(d2 - d1 - 2));
		y[d2 - d1 - 2] = 0;
		strcpy(st, d2 + 2);
	} else {
		if (strlen(d1 + 2) >= sizeof(y))
			return 0;
		strcpy(y, d1 + 2);
	}
	if (!parse_int(st, &step, &zs))
		return 0;
	letters = x[0] && !x[1] && y[0] && !y[1] &&
		  ((x[0] >= 'a' && x[0] <= 'z') || (x[0] >= 'A' && x[0] <= 'Z')) &&
		  ((y[0] >= 'a' && y[0] <= 'z') || (y[0] >= 'A' && y[0] <= 'Z'));
	if (letters) {
		from = (unsigned char)x[0];
		to = (unsigned char)y[0];
	} else if (parse_int(x, &from, &zf) && parse_int(y, &to, &zt)) {
		if (zf || zt)
			width = (int)(strlen(x) > strlen(y) ? strlen(x) : strlen(y));
	} else {
		return 0;
	}
	if (step < 0)
		step = -step;
	if (step == 0)
		step = 1;
	count = (from <= to ? to - from : from - to) / step + 1;
	if ((unsigned long long)count > b->max - b->nout) {
		snprintf(b->err, b->errlen,
			 "brace expansion: more than %zu words", b->max);
		return -1;
	}
	for (i = 0; i < count; i++) {
		long long v = from <= to ? from + i * step : from - i * step;
		char buf[32];
		struct atom mid[32];
		size_t k, n;

		if (letters)
			snprintf(buf, sizeof(buf), "%c", (char)v);
		else if (v < 0)
			snprintf(buf, sizeof(buf), "-%0*lld", width ? width - 1 : 0,
				 -v);
		else
			snprintf(buf, sizeof(buf), "%0*lld", width, v);
		n = strlen(buf);
		for (k = 0; k < n; k++) {
			mid[k].c = buf[k];
			mid[k].part = NULL;
		}
		if (join3(b, pre, npre, mid, n, post, npost) < 0)
			return -1;
	}
	return 1;
}

/*
 * Expand pre + v, where pre holds no braces left to expand.  The first
 * '{' of v with a matching '}' and a top-level ',' (or a sequence)
 * expands; a '{' that does not is kept and the search goes on after it.
 */
static int
expand_seq(struct bx *b, const struct atom *pre, size_t npre,
	   const struct atom *v, size_t n)
{
	size_t i, j;

	if (++b->depth > 200) {
		snprintf(b->err, b->errlen, "brace expansion: nested too deeply");
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t commas[256], nc = 0;
		int depth = 0;
		bool lit = true, toomany = false;

		if (!is_ch(&v[i], '{'))
			continue;
		for (j = i + 1; j < n; j++) {
			if (v[j].part)
				lit = false;
			if (is_ch(&v[j], '{')) {
				depth++;
			} else if (is_ch(&v[j], '}')) {
				if (depth-- == 0)
					break;
			} else if (is_ch(&v[j], ',') && depth == 0) {
				if (nc < sizeof(commas) / sizeof(commas[0]))
					commas[nc++] = j;
				else
					toomany = true;
			}
		}
		if (j >= n || toomany)
			continue;	/* no match: this '{' is a character */
		{
			/* pre + v[0..i) is the preamble from here on. */
			size_t np = npre + i, k, start;
			struct atom *p = arena_alloc(b->a, sizeof(*p) * (np + 1));
			int r;

			if (npre)
				memcpy(p, pre, sizeof(*p) * npre);
			if (i)
				memcpy(p + npre, v, sizeof(*p) * i);
			if (nc == 0) {
				char s[64];

				if (!lit || j - i - 1 >= sizeof(s))
					continue;
				for (k = i + 1; k < j; k++)
					s[k - i - 1] = v[k].c;
				s[j - i - 1] = 0;
				r = sequence(b, p, np, s, v + j + 1, n - j - 1);
				if (r < 0)
					return -1;
				if (r == 0)
					continue;
				b->depth--;
				return 0;
			}
			start = i + 1;
			for (k = 0; k <= nc; k++) {
				size_t end = k < nc ? commas[k] : j;

				if (join3(b, p, np, v + start, end - start,
					  v + j + 1, n - j - 1) < 0)
					return -1;
				start = end + 1;
			}
			b->depth--;
			return 0;
		}
	}
	b->depth--;
	{
		struct atom *all = arena_alloc(b->a, sizeof(*all) * (npre + n + 1));

		if (npre)
			memcpy(all, pre, sizeof(*all) * npre);
		if (n)
			memcpy(all + npre, v, sizeof(*all) * n);
		return emit(b, all, npre + n);
	}
}

static struct word *
rebuild(struct arena *a, const struct seq *s, bool quoted)
{
	struct word *w = arena_zalloc(a, sizeof(*w));
	struct wpart **tail = &w->parts;
	size_t i = 0;

	w->quoted = quoted;
	while (i < s->n) {
		struct wpart *p = arena_zalloc(a, sizeof(*p));

		if (s->v[i].part) {
			*p = *s->v[i].part;
			p->next = NULL;
			i++;
		} else {
			size_t k = i;

			while (k < s->n && !s->v[k].part)
				k++;
			p->type = P_LIT;
			p->len = k - i;
			p->text = arena_alloc(a, p->len + 1);
			for (; i < k; i++)
				p->text[p->len - (k - i)] = s->v[i].c;
			p->text[p->len] = 0;
		}
		*tail = p;
		tail = &p->next;
	}
	/* {,x}: the empty alternative has no parts, so no field. */
	return w;
}

int
brace_expand(struct arena *a, const struct word *w, size_t max,
	     struct word ***out, char *err, size_t errlen)
{
	struct bx b = { .a = a, .max = max ? max : 1, .err = err,
			.errlen = errlen };
	const struct wpart *p;
	struct atom *v;
	size_t n = 0, i;

	for (p = w->parts; p; p = p->next)
		n += p->type == P_LIT && !p->quoted ? p->len : 1;
	v = arena_alloc(a, sizeof(*v) * (n + 1));
	n = 0;
	for (p = w->parts; p; p = p->next) {
		if (p->type == P_LIT && !p->quoted) {
			for (i = 0; i < p->len; i++) {
				v[n].c = p->text[i];
				v[n++].part = NULL;
			}
		} else {
			v[n].c = 0;
			v[n++].part = p;
		}
	}
	if (expand_seq(&b, NULL, 0, v, n) < 0)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (b.nout + 1));
	if (b.nout == 1) {
		(*out)[0] = (struct word *)w;
	} else {
		for (i = 0; i < b.nout; i++)
			(*out)[i] = rebuild(a, &b.out[i], w->quoted);
	}
	(*out)[b.nout] = NULL;
	return (int)b.nout;
}
