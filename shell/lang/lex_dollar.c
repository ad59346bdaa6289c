/*
 * lex_dollar.c - the lexer's $ and ` forms (see lex.h): $(( )), $( ),
 * backquotes, ${...} with its operators, $name and $'...'.
 *
 * Assumes and guarantees what lex.c does: no syscalls, every allocation
 * from the arena, each character read with exactly one meaning.
 */
#include "lex_int.h"

#include <string.h>

/* $(( expr )): always arithmetic, never a substitution of a subshell. */
static void
lex_arith(struct lexer *lx, struct wb *b, bool dq)
{
	struct wpart *p;
	size_t start;
	int depth = 0;

	lx->pos += 3;
	start = lx->pos;
	for (;;) {
		int c = peekc(lx, 0);

		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "missing '))' of $((");
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth == 0) {
				if (peekc(lx, 1) != ')')
					lex_fail(lx, LEX_ERROR,
						 "arithmetic: unbalanced ')' in $((");
				break;
			}
			depth--;
		}
		lx->pos++;
	}
	wb_flush(b);
	p = new_part(lx, P_ARITH, dq);
	p->len = lx->pos - start;
	p->text = arena_strndup(lx->a, lx->s + start, p->len);
	/* The body is lexed again, recursively: it counts as nesting. */
	if (++lx->depth > 64)
		lex_fail(lx, LEX_ERROR, "$(( nested too deeply");
	p->arg = lex_heredoc_body(lx, p->text, p->len);
	lx->depth--;
	lx->pos += 2;
	wb_push(b, p);
}

static void
lex_cmdsub(struct lexer *lx, struct wb *b, bool dq)
{
	struct wpart *p;
	size_t start;

	/* pos at '$', next '(' */
	if (peekc(lx, 2) == '(') {
		lex_arith(lx, b, dq);
		return;
	}
	lx->pos += 2;
	start = lx->pos;
	scan_paren(lx);
	wb_flush(b);
	p = new_part(lx, P_CMDSUB, dq);
	p->len = lx->pos - 1 - start;
	p->text = arena_strndup(lx->a, lx->s + start, p->len);
	wb_push(b, p);
}

void
lex_backquote(struct lexer *lx, struct wb *b, bool dq)
{
	struct abuf src;
	struct wpart *p;

	abuf_init(&src, lx->a);
	lx->pos++;
	for (;;) {
		int c = peekc(lx, 0);

		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "missing closing `");
		lx->pos++;
		if (c == '`')
			break;
		if (c == '\\') {
			int d = peekc(lx, 0);

			if (d < 0)
				lex_fail(lx, LEX_INCOMPLETE, "missing closing `");
			/* Inside double quotes, \" is a quote too ("`echo
			 * \"hi\"`" runs echo "hi"), as in sh. */
			if (d == '$' || d == '`' || d == '\\' ||
			    (dq && d == '"')) {
				lx->pos++;
				c = d;
			}
		}
		abuf_addc(&src, (char)c);
	}
	wb_flush(b);
	p = new_part(lx, P_CMDSUB, dq);
	p->len = src.len;
	p->text = abuf_str(&src);
	wb_push(b, p);
}

/* ---- parameters ------------------------------------------------------- */

static size_t
read_param_name(struct lexer *lx)
{
	size_t n = 0;
	int c = peekc(lx, 0);

	if (is_name_char(c, true)) {
		while (is_name_char(peekc(lx, n), false))
			n++;
	} else if (c >= '0' && c <= '9') {
		while (peekc(lx, n) >= '0' && peekc(lx, n) <= '9')
			n++;
	} else if (c >= 0 && strchr("?$!#@*-", c)) {
		n = 1;
	}
	return n;
}

/* ${name:off} and ${name:off:len} (bash): pos after the ':'.  Both are
 * arithmetic, expanded as strings; "${v: -1}" needs its space, since
 * ${v:-1} is the POSIX default. */
static void
lex_substr(struct lexer *lx, struct wpart *p)
{
	p->op = PO_SUBSTR;
	if (++lx->depth > 64)
		lex_fail(lx, LEX_ERROR, "${ nested too deeply");
	p->arg = lex_word(lx, ':', true);
	if (peekc(lx, 0) == ':') {
		lx->pos++;
		p->arg2 = lex_word(lx, '}', true);
	}
	lx->depth--;
	lx->pos++;	/* '}' */
}

/* ${name/pat/rep}, //, /#, /% (bash): pos at the first '/'.  Both words
 * are read as outside double quotes, even inside them, as bash does: the
 * pattern stays a pattern, and quotes in the replacement still quote
 * (they decide whether its '&' is the match). */
static void
lex_repl(struct lexer *lx, struct wpart *p)
{
	int c = peekc(lx, 1);

	lx->pos++;
	p->op = PO_REPL;
	if (c == '/' || c == '#' || c == '%') {
		p->op = c == '/' ? PO_REPL_ALL :
			c == '#' ? PO_REPL_PREFIX : PO_REPL_SUFFIX;
		lx->pos++;
	}
	if (++lx->depth > 64)
		lex_fail(lx, LEX_ERROR, "${ nested too deeply");
	p->arg = lex_word(lx, '/', false);
	if (peekc(lx, 0) == '/') {
		lx->pos++;
		p->arg2 = lex_word(lx, '}', false);
	}
	lx->depth--;
	lx->pos++;	/* '}' */
}

static void
lex_brace(struct lexer *lx, struct wb *b, bool dq)
{
	struct wpart *p = new_part(lx, P_PARAM, dq);
	bool pattern = false;
	size_t n;
	int c;

	lx->pos += 2;	/* "${" */
	if (peekc(lx, 0) == '#' && peekc(lx, 1) != '}' && peekc(lx, 1) >= 0) {
		lx->pos++;
		p->op = PO_LENGTH;
	}
	n = read_param_name(lx);
	if (n == 0)
		lex_fail(lx, peekc(lx, 0) < 0 ? LEX_INCOMPLETE : LEX_ERROR,
			 "bad substitution: ${ needs a variable name");
	p->text = arena_strndup(lx->a, lx->s + lx->pos, n);
	p->len = n;
	lx->pos += n;
	c = peekc(lx, 0);
	if (c < 0)
		lex_fail(lx, LEX_INCOMPLETE, "missing '}' of ${%s", p->text);
	if (c == '}') {
		lx->pos++;
		goto done;
	}
	if (p->op == PO_LENGTH)
		lex_fail(lx, LEX_ERROR, "bad substitution: ${#%s", p->text);
	if (c == ':') {
		lx->pos++;
		c = peekc(lx, 0);
		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "missing '}' of ${%s",
				 p->text);
		if (!strchr("-=+?", c)) {
			lex_substr(lx, p);
			goto done;
		}
		p->colon = true;
	}
	if (c == '/') {
		lex_repl(lx, p);
		goto done;
	}
	switch (c) {
	case '-': p->op = PO_DEFAULT; break;
	case '=': p->op = PO_ASSIGN; break;
	case '+': p->op = PO_ALT; break;
	case '?': p->op = PO_ERROR; break;
	case '#':
		pattern = true;
		p->op = PO_TRIM_SP;
		if (peekc(lx, 1) == '#') {
			p->op = PO_TRIM_LP;
			lx->pos++;
		}
		break;
	case '%':
		pattern = true;
		p->op = PO_TRIM_SS;
		if (peekc(lx, 1) == '%') {
			p->op = PO_TRIM_LS;
			lx->pos++;
		}
		break;
	default:
		lex_fail(lx, LEX_ERROR, "bad substitution: ${%s%c", p->text, c);
	}
	lx->pos++;
	if (++lx->depth > 64)
		lex_fail(lx, LEX_ERROR, "${ nested too deeply");
	/* A trim pattern is a pattern even inside double quotes (or a
	 * here-document): "${f%.*}" trims; quotes written in it still quote. */
	p->arg = lex_word(lx, '}', dq && !pattern);
	lx->depth--;
	lx->pos++;	/* '}' (lex_word stops only there) */
done:
	wb_flush(b);
	wb_push(b, p);
}

/* pos at '$'. */
/* ---- $'...' (POSIX.1-2024 dollar-single-quotes) ------------------------ */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read up to max hex digits at pos; -1 if there is none. */
static long
read_hex(struct lexer *lx, int max)
{
	long v = -1;
	int i, d;

	for (i = 0; i < max && (d = hexval(peekc(lx, 0))) >= 0; i++) {
		v = (v < 0 ? 0 : v * 16) + d;
		lx->pos++;
	}
	return v;
}

static void
wb_utf8(struct wb *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	wb_lit(b, u, n, true);
}

/*
 * $'...': pos at '$'.  The text is quoted, with the backslash escapes of
 * POSIX.1-2024 (\" \' \\ \a \b \e \f \n \r \t \v \cX \xHH \ddd) and
 * bash's \E, \? and \uHHHH / \UHHHHHHHH.  A NUL ends the string's value
 * (the rest up to the quote is read and dropped), as in bash: a C string
 * cannot hold it.  Unknown escapes keep their backslash.
 */
static void
lex_dollar_squote(struct lexer *lx, struct wb *b)
{
	bool ended = false;

	lx->pos += 2;
	wb_lit(b, "", 0, true);
	for (;;) {
		int c = peekc(lx, 0), v;
		long h;

		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "unterminated $' quote");
		lx->pos++;
		if (c == '\'')
			return;
		if (c != '\\') {
			if (!ended)
				wb_litc(b, c, true);
			continue;
		}
		c = peekc(lx, 0);
		if (c < 0)
			lex_fail(lx, LEX_INCOMPLETE, "unterminated $' quote");
		lx->pos++;
		switch (c) {
		case 'a': v = '\a'; break;
		case 'b': v = '\b'; break;
		case 'e': case 'E': v = 033; break;
		case 'f': v = '\f'; break;
		case 'n': v = '\n'; break;
		case 'r': v = '\r'; break;
		case 't': v = '\t'; break;
		case 'v': v = '\v'; break;
		case '\\': case '\'': case '"': case '?': v = c; break;
		case 'c':
			v = peekc(lx, 0);
			if (v < 0 || v == '\'')
				lex_fail(lx, LEX_ERROR, "\\c at the end of $' quote");
			lx->pos++;
			if (v == '\\' && peekc(lx, 0) == '\\')
				lx->pos++;
			v = v == '?' ? 0x7f : (v & 0x1f);
			break;
		case 'x':
			h = read_hex(lx, 2);
			if (h < 0) {
				if (!ended)
					wb_lit(b, "\\x", 2, true);
				continue;
			}
			v = (int)h;
			break;
		case 'u': case 'U':
			h = read_hex(lx, c == 'u' ? 4 : 8);
			if (h < 0) {
				if (!ended) {
					wb_litc(b, '\\', true);
					wb_litc(b, c, true);
				}
				continue;
			}
			if (h == 0)
				ended = true;
			else if (!ended)
				wb_utf8(b, (unsigned long)h);
			continue;
		default:
			if (c >= '0' && c <= '7') {
				int i;

				v = c - '0';
				for (i = 1; i < 3; i++) {
					int d = peekc(lx, 0);

					if (d < '0' || d > '7')
						break;
					v = v * 8 + (d - '0');
					lx->pos++;
				}
				v &= 0xff;
				break;
			}
			if (!ended) {
				wb_litc(b, '\\', true);
				wb_litc(b, c, true);
			}
			continue;
		}
		if (v == 0)
			ended = true;
		if (!ended)
			wb_litc(b, v, true);
	}
}

void
lex_dollar(struct lexer *lx, struct wb *b, bool dq)
{
	int c = peekc(lx, 1);
	struct wpart *p;
	size_t n;

	if (c == '\'' && !dq) {
		lex_dollar_squote(lx, b);
		return;
	}
	/* $"..." (bash's translated string) is "...": there is no
	 * message catalogue to translate with. */
	if (c == '"' && !dq) {
		lx->pos++;
		lex_dquote(lx, b);
		return;
	}
	if (c == '{') {
		lex_brace(lx, b, dq);
		return;
	}
	if (c == '(') {
		lex_cmdsub(lx, b, dq);
		return;
	}
	lx->pos++;
	if (c >= '0' && c <= '9')
		n = 1;	/* $10 is $1 followed by 0, as in sh */
	else
		n = read_param_name(lx);
	if (n == 0) {
		wb_litc(b, '$', dq);
		return;
	}
	wb_flush(b);
	p = new_part(lx, P_PARAM, dq);
	p->text = arena_strndup(lx->a, lx->s + lx->pos, n);
	p->len = n;
	lx->pos += n;
	wb_push(b, p);
}
