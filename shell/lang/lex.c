/*
 * lex.c - the lexer (see lex.h).
 *
 * Assumes: input already passed lex_check_input(); the caller set up
 * lx->jb.  Guarantees: no syscalls; every allocation comes from the arena;
 * each character of the input is read with exactly one meaning.
 */
#include "lex_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char metachars[] = " \t\n;&|()<>";

bool
is_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(s[0] == '_' || (s[0] >= 'A' && s[0] <= 'Z') ||
			(s[0] >= 'a' && s[0] <= 'z')))
		return false;
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

bool
is_name_char(int c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

int
lex_check_input(const char *s, size_t len, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0) {
			snprintf(err, errlen, "NUL byte in input refused");
			return -1;
		}
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			snprintf(err, errlen,
				 "control character ^%c (0x%02x) in input refused",
				 c == 0x7f ? '?' : c + '@', c);
			return -1;
		}
		/* C1 controls encoded in UTF-8 (U+0080..U+009F) act as
		 * terminal escapes (0x9b is CSI) just like their 7-bit forms. */
		if (c == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f) {
			snprintf(err, errlen,
				 "control character U+%04X in input refused",
				 (unsigned char)s[i + 1]);
			return -1;
		}
	}
	return 0;
}

void
lex_fail(struct lexer *lx, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lx->err, sizeof(lx->err), fmt, ap);
	va_end(ap);
	lx->status = status;
	longjmp(*lx->jb, 1);
}

void
lex_init(struct lexer *lx, struct arena *a, const char *s, size_t len,
	 jmp_buf *jb)
{
	memset(lx, 0, sizeof(*lx));
	lx->s = s;
	lx->len = len;
	lx->a = a;
	lx->jb = jb;
	lx->heredocs_tail = &lx->heredocs;
}

int
peekc(const struct lexer *lx, size_t off)
{
	size_t p = lx->pos + off;

	return p < lx->len ? (unsigned char)lx->s[p] : -1;
}

/* ---- word builder ----------------------------------------------------- */


static void
wb_init(struct wb *b, struct lexer *lx)
{
	b->lx = lx;
	b->w = arena_zalloc(lx->a, sizeof(*b->w));
	b->tail = &b->w->parts;
	b->have_lit = false;
	abuf_init(&b->lit, lx->a);
}

void
wb_push(struct wb *b, struct wpart *p)
{
	*b->tail = p;
	b->tail = &p->next;
	if (p->quoted)
		b->w->quoted = true;
}

void
wb_flush(struct wb *b)
{
	struct wpart *p;

	if (!b->have_lit)
		return;
	/* An empty "" is kept even next to other parts: $e"" is one
	 * (empty) word when $e is empty, as in sh. */
	p = arena_zalloc(b->lx->a, sizeof(*p));
	p->type = P_LIT;
	p->quoted = b->litq;
	p->len = b->lit.len;
	p->text = abuf_str(&b->lit);
	wb_push(b, p);
	b->have_lit = false;
	abuf_init(&b->lit, b->lx->a);
}

void
wb_lit(struct wb *b, const char *s, size_t n, bool quoted)
{
	if (b->have_lit && b->litq != quoted)
		wb_flush(b);
	b->have_lit = true;
	b->litq = quoted;
	abuf_addn(&b->lit, s, n);
}

void
wb_litc(struct wb *b, int c, bool quoted)
{
	char ch = (char)c;

	wb_lit(b, &ch, 1, quoted);
}

static bool
wb_empty(const struct wb *b)
{
	return !b->have_lit && !b->w->parts;
}

size_t
tilde_name(const char *s, size_t n)
{
	size_t k = 0;

	/* ~+ and ~- (bash); a login name never starts with '-'. */
	if (n && (s[0] == '+' || s[0] == '-'))
		return 1;
	/* ASCII only, whatever the locale. */
	while (k < n && ((s[k] >= 'a' && s[k] <= 'z') ||
			 (s[k] >= 'A' && s[k] <= 'Z') ||
			 (s[k] >= '0' && s[k] <= '9') ||
			 s[k] == '.' || s[k] == '_' || s[k] == '-'))
		k++;
	return k;
}

struct wpart *
new_part(struct lexer *lx, enum part_type t, bool quoted)
{
	struct wpart *p = arena_zalloc(lx->a, sizeof(*p));

	p->type = t;
	p->quoted = quoted;
	return p;
}


/* ---- $( ... ) and `...` --------------------------------------------- */


/* Skip a double-quoted string inside $( ): pos is after the quote. */
static void
scan_dquote(struct lexer *lx)
{
	for (;;) {
		int c = peekc(lx, 0);

		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "unterminated double quote");
		lx->pos++;
		if (c == '"')
			return;
		if (c == '\\') {
			if (peekc(lx, 0) < 0)
				lex_fail(lx, LEX_INCOMPLETE, "unexpected end of input");
			lx->pos++;
		} else if (c == '$' && peekc(lx, 0) == '(') {
			lx->pos++;
			/* "$( "$( ... recurses: bound it like ${ nesting. */
			if (++lx->depth > 64)
				lex_fail(lx, LEX_ERROR, "$( nested too deeply");
			scan_paren(lx);
			lx->depth--;
		}
	}
}

/*
 * pos is after "$(": advance past the matching ')'.  The text is parsed
 * for real only when the substitution runs; here it is scanned for its
 * end, which needs quotes, comments and `case` understood: the ')' after
 * a case pattern closes no parenthesis ("$(case $x in a) echo A;; esac)").
 * Like bash's scanner, it follows case/in/;;/esac at the places a
 * command can start.
 */
enum { CS_WORD, CS_INWORD, CS_IN, CS_PAT, CS_BODY };

static bool
word_is(const struct lexer *lx, size_t n, const char *kw)
{
	return strlen(kw) == n && memcmp(lx->s + lx->pos, kw, n) == 0;
}

/* Past the next unescaped CLOSE (backquotes, $'...'), or fail. */
static void
skip_escaped(struct lexer *lx, int close, const char *unterminated)
{
	while (peekc(lx, 0) != close) {
		if (peekc(lx, 0) < 0)
			lex_fail(lx, LEX_INCOMPLETE, "%s", unterminated);
		if (peekc(lx, 0) == '\\' && peekc(lx, 1) >= 0)
			lx->pos++;
		lx->pos++;
	}
	lx->pos++;
}

void
scan_paren(struct lexer *lx)
{
	struct { int depth, st; } cs[16];
	int depth = 1, ncs = 0;
	bool cmdstart = true;
	size_t start = lx->pos;

	for (;;) {
		int c = peekc(lx, 0);
		bool wordstart = lx->pos == start ||
				 strchr(metachars, lx->s[lx->pos - 1]);
		int *st = ncs ? &cs[ncs - 1].st : NULL;
		bool here = ncs && cs[ncs - 1].depth == depth;

		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "missing ')' of $(");
		if (st && *st == CS_WORD && !strchr(" \t\n", c))
			*st = CS_INWORD;
		else if (st && *st == CS_INWORD && strchr(" \t\n", c))
			*st = CS_IN;
		if (c == '#' && wordstart) {
			while (peekc(lx, 0) >= 0 && peekc(lx, 0) != '\n')
				lx->pos++;
			continue;
		}
		if (wordstart && is_name_char(c, true)) {
			size_t n = 0;
			int e;

			while (is_name_char(peekc(lx, n), false))
				n++;
			e = peekc(lx, n);
			if (e < 0 || strchr(metachars, e)) {
				bool was = cmdstart;

				cmdstart = false;
				if (was && word_is(lx, n, "case")) {
					if (ncs == (int)(sizeof(cs) / sizeof(cs[0])))
						lex_fail(lx, LEX_ERROR,
							 "case nested too deeply in $(");
					cs[ncs].depth = depth;
					cs[ncs++].st = CS_WORD;
				} else if (here && *st == CS_IN &&
					   word_is(lx, n, "in")) {
					*st = CS_PAT;
				} else if (here && (*st == CS_PAT || was) &&
					   word_is(lx, n, "esac")) {
					ncs--;
				} else if (was && (word_is(lx, n, "do") ||
						   word_is(lx, n, "then") ||
						   word_is(lx, n, "else") ||
						   word_is(lx, n, "elif") ||
						   word_is(lx, n, "if") ||
						   word_is(lx, n, "while") ||
						   word_is(lx, n, "until"))) {
					cmdstart = true;
				}
				lx->pos += n;
				continue;
			}
		}
		lx->pos++;
		if (!strchr(" \t", c))
			cmdstart = c == '\n' || c == ';' || c == '&' ||
				   c == '|' || c == '(' || c == '{' ||
				   c == '!';
		switch (c) {
		case '\\':
			if (peekc(lx, 0) < 0)
				lex_fail(lx, LEX_INCOMPLETE, "unexpected end of input");
			lx->pos++;
			break;
		case '\'':
			while (peekc(lx, 0) != '\'') {
				if (peekc(lx, 0) < 0)
					lex_fail(lx, LEX_INCOMPLETE,
						 "unterminated single quote");
				lx->pos++;
			}
			lx->pos++;
			break;
		case '"':
			scan_dquote(lx);
			break;
		case '`':
			skip_escaped(lx, '`', "missing closing `");
			break;
		case '$':
			/* $'...' may hold \' and parentheses. */
			if (peekc(lx, 0) != '\'')
				break;
			lx->pos++;
			skip_escaped(lx, '\'', "unterminated $' quote");
			break;
		case ';':
			/* ;; and ;& end a case item: a pattern comes next. */
			if (here && *st == CS_BODY &&
			    (peekc(lx, 0) == ';' || peekc(lx, 0) == '&')) {
				lx->pos++;
				if (peekc(lx, 0) == '&')
					lx->pos++;
				*st = CS_PAT;
			}
			break;
		case '(':
			/* The optional '(' before a case pattern opens
			 * nothing: its ')' ends the pattern. */
			if (!(here && *st == CS_PAT))
				depth++;
			break;
		case ')':
			if (here && *st == CS_PAT) {
				*st = CS_BODY;
				cmdstart = true;
				break;
			}
			if (--depth == 0)
				return;
			break;
		}
	}
}

/* ---- words -------------------------------------------------------------- */

void
lex_dquote(struct lexer *lx, struct wb *b)
{
	struct wpart **tail0 = b->tail;
	size_t len0 = b->lit.len;
	bool had0 = b->have_lit;

	lx->pos++;
	for (;;) {
		int c = peekc(lx, 0);

		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "unterminated double quote");
		if (c == '"') {
			lx->pos++;
			/* "" is an empty word, not nothing. */
			if (b->tail == tail0 && b->have_lit == had0 &&
			    b->lit.len == len0)
				wb_lit(b, "", 0, true);
			b->w->quoted = true;
			return;
		}
		if (c == '$') {
			lex_dollar(lx, b, true);
			continue;
		}
		if (c == '`') {
			lex_backquote(lx, b, true);
			continue;
		}
		lx->pos++;
		if (c == '\\') {
			int d = peekc(lx, 0);

			if (d < 0)
				lex_fail(lx, LEX_INCOMPLETE,
					 "unterminated double quote");
			if (d == '\n') {
				lx->pos++;
				continue;
			}
			if (strchr("$`\"\\", d)) {
				lx->pos++;
				c = d;
			}
		}
		wb_litc(b, c, true);
	}
}

static void
lex_squote(struct lexer *lx, struct wb *b)
{
	size_t start = ++lx->pos;

	while (peekc(lx, 0) != '\'') {
		if (peekc(lx, 0) < 0)
			lex_fail(lx, LEX_INCOMPLETE, "unterminated single quote");
		lx->pos++;
	}
	wb_lit(b, lx->s + start, lx->pos - start, true);
	lx->pos++;
}

/*
 * A word, ending at an unquoted metacharacter (term 0) or at an unquoted
 * term character (which is left unread).  dq: the word sits inside double
 * quotes, so its literal text is quoted.
 */
/* A character lex_word takes as it is, wherever it stands in a word
 * (not '~', which is special at the start). */
static bool
ordinary(char c, int term)
{
	switch (c) {
	case '\\': case '\'': case '"': case '$': case '`': case '~':
	case '}': case 0:
		return false;
	}
	if (term)
		return c != term;
	return !strchr(metachars, c);
}

struct word *
lex_word(struct lexer *lx, int term, bool dq)
{
	struct wb b;

	wb_init(&b, lx);
	for (;;) {
		int c = peekc(lx, 0);

		if (c < 0) {
			if (term)
				lex_fail(lx, LEX_INCOMPLETE, "missing '%c'", term);
			break;
		}
		/* Inside ${ }, the closing brace ends any of its words. */
		if (term ? c == term || c == '}' : strchr(metachars, c) != NULL)
			break;
		if (c == '\\') {
			int d = peekc(lx, 1);

			if (d < 0)
				lex_fail(lx, LEX_INCOMPLETE,
					 "unexpected end of input after \\");
			if (d == '\n' && lx->partial && lx->pos + 2 >= lx->len)
				lex_fail(lx, LEX_INCOMPLETE, "line continues");
			lx->pos += 2;
			if (d == '\n')
				continue;
			if (dq && !strchr("$`\"\\}", d)) {
				wb_litc(&b, '\\', true);
				lx->pos--;
				continue;
			}
			wb_litc(&b, d, true);
			continue;
		}
		if (c == '\'' && !dq) {
			lex_squote(lx, &b);
			continue;
		}
		if (c == '"') {
			lex_dquote(lx, &b);
			continue;
		}
		if (c == '$') {
			lex_dollar(lx, &b, dq);
			continue;
		}
		if (c == '`') {
			lex_backquote(lx, &b, dq);
			continue;
		}
		if (c == '~' && !dq && !term && wb_empty(&b)) {
			size_t k = tilde_name(lx->s + lx->pos + 1,
					      lx->len - lx->pos - 1);
			int d = peekc(lx, 1 + k);

			/* A quoted or expanded character in the prefix
			 * makes it plain text, as POSIX says. */
			if (d < 0 || d == '/' || strchr(metachars, d)) {
				struct wpart *t = new_part(lx, P_TILDE, false);

				t->text = arena_strndup(lx->a,
							lx->s + lx->pos + 1, k);
				t->len = k;
				lx->pos += 1 + k;
				wb_push(&b, t);
				continue;
			}
		}
		/* A run of ordinary characters at once, not one by one. */
		{
			size_t n = 1;

			while (lx->pos + n < lx->len &&
			       ordinary(lx->s[lx->pos + n], term))
				n++;
			wb_lit(&b, lx->s + lx->pos, n, dq);
			lx->pos += n;
		}
	}
	wb_flush(&b);
	return b.w;
}

struct word *
lex_heredoc_body(struct lexer *lx, const char *s, size_t len)
{
	struct lexer sub;
	struct wb b;

	lex_init(&sub, lx->a, s, len, lx->jb);
	/* The sub-lexer nests inside this one: its limit is shared. */
	sub.depth = lx->depth;
	wb_init(&b, &sub);
	while (sub.pos < sub.len) {
		int c = peekc(&sub, 0);

		if (c == '\\') {
			int d = peekc(&sub, 1);

			if (d == '\n') {
				sub.pos += 2;
				continue;
			}
			if (d == '$' || d == '`' || d == '\\') {
				sub.pos += 2;
				wb_litc(&b, d, true);
				continue;
			}
		} else if (c == '$') {
			/* Errors of the sub-lexer belong to the caller. */
			jmp_buf jb;

			if (setjmp(jb)) {
				memcpy(lx->err, sub.err, sizeof(lx->err));
				lx->status = sub.status == LEX_INCOMPLETE ?
						     LEX_ERROR : sub.status;
				longjmp(*lx->jb, 1);
			}
			sub.jb = &jb;
			lex_dollar(&sub, &b, true);
			sub.jb = lx->jb;
			continue;
		} else if (c == '`') {
			jmp_buf jb;

			if (setjmp(jb)) {
				memcpy(lx->err, sub.err, sizeof(lx->err));
				lx->status = LEX_ERROR;
				longjmp(*lx->jb, 1);
			}
			sub.jb = &jb;
			lex_backquote(&sub, &b, true);
			sub.jb = lx->jb;
			continue;
		}
		wb_litc(&b, c, true);
		sub.pos++;
	}
	if (wb_empty(&b))
		wb_lit(&b, "", 0, true);
	wb_flush(&b);
	b.w->quoted = true;
	return b.w;
}

/* ---- here-documents ----------------------------------------------------- */

void
lex_heredoc(struct lexer *lx, struct redir *r)
{
	struct heredoc_pending *h = arena_zalloc(lx->a, sizeof(*h));
	struct wpart *p;

	h->r = r;
	h->delim = word_plain(lx->a, r->target);
	for (p = r->target->parts; p; p = p->next)
		if (p->quoted || p->type != P_LIT)
			r->body_literal = true;
	if (!*h->delim)
		lex_fail(lx, LEX_ERROR, "empty here-document delimiter");
	*lx->heredocs_tail = h;
	lx->heredocs_tail = &h->next;
}

/* After a newline token: read the bodies of the pending here-documents. */
static void
read_heredocs(struct lexer *lx)
{
	struct heredoc_pending *h;

	for (h = lx->heredocs; h; h = h->next) {
		struct abuf body;
		size_t dlen = strlen(h->delim);

		abuf_init(&body, lx->a);
		for (;;) {
			const char *line = lx->s + lx->pos, *nl;
			size_t n;

			if (lx->pos >= lx->len)
				lex_fail(lx, LEX_INCOMPLETE,
					 "here-document delimited by '%s' not terminated",
					 h->delim);
			nl = memchr(line, '\n', lx->len - lx->pos);
			n = nl ? (size_t)(nl - line) : lx->len - lx->pos;
			lx->pos += n + (nl ? 1 : 0);
			if (h->r->strip_tabs)
				while (n && *line == '\t') {
					line++;
					n--;
				}
			if (n == dlen && memcmp(line, h->delim, n) == 0)
				break;
			if (!nl)
				lex_fail(lx, LEX_INCOMPLETE,
					 "here-document delimited by '%s' not terminated",
					 h->delim);
			abuf_addn(&body, line, n);
			abuf_addc(&body, '\n');
		}
		if (h->r->body_literal) {
			struct word *w = arena_zalloc(lx->a, sizeof(*w));
			struct wpart *p = new_part(lx, P_LIT, true);

			p->len = body.len;
			p->text = abuf_str(&body);
			w->parts = p;
			w->quoted = true;
			h->r->body = w;
		} else {
			h->r->body = lex_heredoc_body(lx, abuf_str(&body),
						      body.len);
		}
	}
	lx->heredocs = NULL;
	lx->heredocs_tail = &lx->heredocs;
}

/* ---- operators ---------------------------------------------------------- */

static int
read_dup_target(struct lexer *lx, struct redir *r, const char *op)
{
	int c, n = 0;

	/* "1>& 2": POSIX lets blanks come before the word. */
	while (peekc(lx, 0) == ' ' || peekc(lx, 0) == '\t')
		lx->pos++;
	c = peekc(lx, 0);

	if (c == '-') {
		lx->pos++;
		r->type = R_CLOSE;
	} else if (c >= '0' && c <= '9' &&
		   !(peekc(lx, 1) >= '0' && peekc(lx, 1) <= '9')) {
		lx->pos++;
		r->type = R_DUP;
		r->dupfd = c - '0';
	} else {
		lex_fail(lx, LEX_ERROR,
			 "malformed redirection '%s': expected a file descriptor 0-9 or '-'%s",
			 op, op[0] == '>' ? " (use &> FILE for both outputs)" : "");
	}
	c = peekc(lx, 0);
	if (c >= 0 && !strchr(metachars, c))
		lex_fail(lx, LEX_ERROR, "malformed redirection '%s%c%c'", op,
			 r->type == R_CLOSE ? '-' : '0' + r->dupfd, c);
	return n;
}

static struct redir *
lex_redir(struct lexer *lx, int fd)
{
	struct redir *r = arena_zalloc(lx->a, sizeof(*r));
	int c = peekc(lx, 0), d = peekc(lx, 1);

	if (c == '<') {
		r->fd = fd < 0 ? 0 : fd;
		if (d == '<' && peekc(lx, 2) == '<') {
			if (peekc(lx, 3) == '<')
				lex_fail(lx, LEX_ERROR, "malformed operator '<<<<'");
			r->type = R_HERESTR;
			lx->pos += 3;
		} else if (d == '<') {
			r->type = R_HEREDOC;
			lx->pos += 2;
			if (peekc(lx, 0) == '-') {
				r->strip_tabs = true;
				lx->pos++;
			}
		} else if (d == '&') {
			lx->pos += 2;
			read_dup_target(lx, r, "<&");
		} else if (d == '>') {
			r->type = R_RDWR;
			lx->pos += 2;
		} else {
			r->type = R_IN;
			lx->pos++;
		}
	} else {
		r->fd = fd < 0 ? 1 : fd;
		if (d == '>') {
			if (peekc(lx, 2) == '>' || peekc(lx, 2) == '<')
				lex_fail(lx, LEX_ERROR, "malformed operator '>>%c'",
					 peekc(lx, 2));
			r->type = R_APPEND;
			lx->pos += 2;
		} else if (d == '&') {
			lx->pos += 2;
			read_dup_target(lx, r, ">&");
		} else if (d == '|') {
			r->type = R_OUT;
			r->clobber = true;
			lx->pos += 2;
		} else if (d == '<') {
			lex_fail(lx, LEX_ERROR, "malformed operator '><'");
		} else {
			r->type = R_OUT;
			lx->pos++;
		}
	}
	return r;
}

struct token
lex_next(struct lexer *lx)
{
	struct token t;
	int c, d;

	memset(&t, 0, sizeof(t));
again:
	while ((c = peekc(lx, 0)) == ' ' || c == '\t')
		lx->pos++;
	if (c == '\\' && peekc(lx, 1) == '\n') {
		if (lx->partial && lx->pos + 2 >= lx->len)
			lex_fail(lx, LEX_INCOMPLETE, "line continues");
		lx->pos += 2;
		goto again;
	}
	if (c == '#')
		while ((c = peekc(lx, 0)) >= 0 && c != '\n')
			lx->pos++;
	t.start = lx->pos;
	d = peekc(lx, 1);
	switch (c) {
	case -1:
		if (lx->heredocs)
			lex_fail(lx, LEX_INCOMPLETE,
				 "here-document delimited by '%s' not terminated",
				 lx->heredocs->delim);
		t.type = T_EOF;
		break;
	case '\n':
		lx->pos++;
		t.type = T_NEWLINE;
		if (lx->heredocs)
			read_heredocs(lx);
		break;
	case ';':
		if (d == ';') {
			if (peekc(lx, 2) == ';')
				lex_fail(lx, LEX_ERROR, "malformed operator ';;;'");
			lx->pos += 2;
			t.type = T_DSEMI;
			break;
		}
		lx->pos++;
		t.type = T_SEMI;
		break;
	case '&':
		if (d == '&') {
			if (peekc(lx, 2) == '&' || peekc(lx, 2) == '|')
				lex_fail(lx, LEX_ERROR, "malformed operator '&&%c'",
					 peekc(lx, 2));
			lx->pos += 2;
			t.type = T_AND;
		} else if (d == '>') {
			struct redir *r = arena_zalloc(lx->a, sizeof(*r));

			r->fd = 1;
			r->type = R_BOTH;
			lx->pos += 2;
			if (peekc(lx, 0) == '>') {
				r->type = R_BOTH_APPEND;
				lx->pos++;
			}
			if (peekc(lx, 0) == '>' || peekc(lx, 0) == '&')
				lex_fail(lx, LEX_ERROR, "malformed redirection '&>'");
			t.type = T_REDIR;
			t.redir = r;
		} else {
			if (d == '|')
				lex_fail(lx, LEX_ERROR, "malformed operator '&|'");
			lx->pos++;
			t.type = T_AMP;
		}
		break;
	case '|':
		if (d == '|') {
			if (peekc(lx, 2) == '|' || peekc(lx, 2) == '&')
				lex_fail(lx, LEX_ERROR, "malformed operator '||%c'",
					 peekc(lx, 2));
			lx->pos += 2;
			t.type = T_OR;
		} else if (d == '&') {
			/* bash's |&: 2>&1 | */
			lx->pos += 2;
			t.type = T_PIPE;
			t.pipe_both = true;
		} else {
			lx->pos++;
			t.type = T_PIPE;
		}
		break;
	case '(':
		lx->pos++;
		t.type = T_LPAREN;
		break;
	case ')':
		lx->pos++;
		t.type = T_RPAREN;
		break;
	case '<':
	case '>':
		t.type = T_REDIR;
		t.redir = lex_redir(lx, -1);
		break;
	default:
		if (c >= '0' && c <= '9') {
			size_t n = 0;

			while (peekc(lx, n) >= '0' && peekc(lx, n) <= '9')
				n++;
			if (peekc(lx, n) == '<' || peekc(lx, n) == '>') {
				if (n > 1)
					lex_fail(lx, LEX_ERROR,
						 "file descriptor %.*s out of range (0-9)",
						 (int)n, lx->s + lx->pos);
				lx->pos++;
				t.type = T_REDIR;
				t.redir = lex_redir(lx, c - '0');
				break;
			}
		}
		t.type = T_WORD;
		t.word = lex_word(lx, 0, false);
		break;
	}
	t.end = lx->pos;
	return t;
}

/* ---- helpers -------------------------------------------------------------- */

const char *
word_literal(const struct word *w)
{
	if (w && w->parts && !w->parts->next && w->parts->type == P_LIT &&
	    !w->parts->quoted)
		return w->parts->text;
	return NULL;
}

char *
word_plain(struct arena *a, const struct word *w)
{
	struct abuf b;
	const struct wpart *p;

	abuf_init(&b, a);
	for (p = w->parts; p; p = p->next) {
		switch (p->type) {
		case P_LIT:
			abuf_addn(&b, p->text, p->len);
			break;
		case P_PARAM:
			abuf_adds(&b, "${");
			abuf_adds(&b, p->text);
			abuf_adds(&b, p->op ? "...}" : "}");
			break;
		case P_CMDSUB:
			abuf_adds(&b, "$(");
			abuf_addn(&b, p->text, p->len);
			abuf_adds(&b, ")");
			break;
		case P_TILDE:
			abuf_addc(&b, '~');
			abuf_addn(&b, p->text ? p->text : "", p->len);
			break;
		case P_ARITH:
			abuf_adds(&b, "$((");
			abuf_addn(&b, p->text, p->len);
			abuf_adds(&b, "))");
			break;
		}
	}
	return abuf_str(&b);
}
