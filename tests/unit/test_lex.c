/*
 * test_lex.c - the lexer: input checks, token kinds, word parts and their
 * quoting, operator runs read one way only.
 */
#include <string.h>

#include "lex.h"
#include "tap.h"

static struct arena a;

/* Token kinds of src as a string, e.g. "W;W|W", or "E" on error, "M" for
 * incomplete input. */
static const char *
kinds(const char *src)
{
	static char out[256];
	struct lexer lx;
	jmp_buf jb;
	size_t n = 0;

	lex_init(&lx, &a, src, strlen(src), &jb);
	if (setjmp(jb))
		return lx.status == LEX_INCOMPLETE ? "M" : "E";
	for (;;) {
		struct token t = lex_next(&lx);
		static const char k[] = "$NW;&|AO()RD";

		if (t.type == T_EOF)
			break;
		if (t.type != T_REDIR)
			out[n++] = k[t.type];
		if (t.type == T_REDIR) {
			static const char r[] = "<>adcBbhH";

			out[n++] = (char)('0' + t.redir->fd);
			out[n++] = r[t.redir->type];
			if (t.redir->type == R_HEREDOC) {
				struct token w = lex_next(&lx);

				out[n++] = 'W';
				t.redir->target = w.word;
				lex_heredoc(&lx, t.redir);
			}
		}
	}
	out[n] = 0;
	return out;
}

/* The parts of the first word: L/l literal unquoted/quoted, P/p param,
 * C/c command substitution, T tilde. */
static const char *
parts(const char *src)
{
	static char out[64];
	struct lexer lx;
	jmp_buf jb;
	struct token t;
	struct wpart *p;
	size_t n = 0;

	lex_init(&lx, &a, src, strlen(src), &jb);
	if (setjmp(jb))
		return "E";
	t = lex_next(&lx);
	if (t.type != T_WORD)
		return "-";
	for (p = t.word->parts; p; p = p->next) {
		const char *k = "LPCT";

		out[n++] = p->quoted ? (char)(k[p->type] + 32) : k[p->type];
	}
	out[n] = 0;
	return out;
}

static void
check_input(const char *s, size_t len, int want, const char *what)
{
	char err[128];

	tap_ok(lex_check_input(s, len, err, sizeof(err)) == want,
	       "check_input: %s", what);
}

int
main(void)
{
	arena_init(&a);

	check_input("echo hi\tthere\n", 14, 0, "tab and newline allowed");
	check_input("echo é ü 日本", strlen("echo é ü 日本"), 0, "UTF-8 allowed");
	check_input("a\0b", 3, -1, "NUL refused");
	check_input("a\x0b b", 4, -1, "Ctrl-K refused");
	check_input("a\x16 b", 4, -1, "Ctrl-V refused");
	check_input("a\r", 2, -1, "CR refused");
	check_input("a\x1b[2J", 5, -1, "ESC refused");
	check_input("a\x7f", 2, -1, "DEL refused");
	check_input("a\xc2\x9b", 3, -1, "C1 CSI refused");
	check_input("a\xc2\xa0", 3, 0, "NBSP allowed");

	tap_streq(kinds("a b c"), "WWW", "words");
	tap_streq(kinds("a;b&c|d&&e||f"), "W;W&W|WAWOW", "operators");
	tap_streq(kinds("a\nb"), "WNW", "newline token");
	tap_streq(kinds("(a)"), "(W)", "parens");
	tap_streq(kinds("a>b"), "W1>W", "redirection without spaces");
	tap_streq(kinds("a 2>b"), "W2>W", "fd redirection");
	tap_streq(kinds("a 2 >b"), "WW1>W", "2 then space is a word");
	tap_streq(kinds("a2>b"), "W1>W", "digits inside a word are no fd");
	tap_streq(kinds("a >>b 2>>c"), "W1aW2aW", "append");
	tap_streq(kinds("a 2>&1"), "W2d", "dup");
	tap_streq(kinds("a >&2"), "W1d", "dup to stderr");
	tap_streq(kinds("a 3>&-"), "W3c", "close");
	tap_streq(kinds("a &>f"), "W1BW", "both");
	tap_streq(kinds("a &>>f"), "W1bW", "both append");
	tap_streq(kinds("a <f"), "W0<W", "input");
	tap_streq(kinds("cat <<E\nx\nE\n"), "W0hWN", "here-document");
	tap_streq(kinds("a # b ; c"), "W", "comment");
	tap_streq(kinds("a#b"), "W", "# inside a word");
	tap_streq(kinds("a ||| b"), "E", "|||");
	tap_streq(kinds("a ;; b"), "WDW", ";; (ends a case item)");
	tap_streq(kinds("a &&& b"), "E", "&&&");
	tap_streq(kinds("a &&| b"), "E", "&&|");
	tap_streq(kinds("a ||& b"), "E", "||&");
	tap_streq(kinds("a <<< b"), "W0HW", "<<< (a here-string)");
	tap_streq(kinds("a <<<< b"), "E", "<<<<");
	tap_streq(kinds("a >>> b"), "E", ">>>");
	tap_streq(kinds("a &>> >b"), "W1b1>W", "&>> then > is a separate token");
	tap_streq(kinds("a \"b"), "M", "unterminated double quote");
	tap_streq(kinds("a 'b"), "M", "unterminated single quote");
	tap_streq(kinds("a \\"), "M", "trailing backslash");
	tap_streq(kinds("cat <<E\nx"), "M", "unterminated here-document");
	tap_streq(kinds("a $(b"), "M", "unterminated $(");
	tap_streq(kinds("a `b"), "M", "unterminated `");

	tap_streq(parts("abc"), "L", "plain word");
	tap_streq(parts("'a'\"b\""), "l", "adjacent quoted parts merge");
	tap_streq(parts("a'b'c"), "LlL", "mixed quoting");
	tap_streq(parts("a$b"), "LP", "parameter");
	tap_streq(parts("\"a$b\""), "lp", "quoted parameter");
	tap_streq(parts("\"$b\""), "p", "quoted parameter alone");
	tap_streq(parts("$(x)y"), "CL", "command substitution");
	tap_streq(parts("\"`x`\""), "c", "quoted backquotes");
	tap_streq(parts("~/x"), "TL", "tilde");
	tap_streq(parts("\\~/x"), "lL", "escaped tilde");
	tap_streq(parts("~root/x"), "TL", "~user/dir is a tilde part and the rest");
	tap_streq(parts("~root"), "T", "~user alone");
	tap_streq(parts("~+"), "T", "~+ (bash)");
	tap_streq(parts("~\"root\""), "Ll", "a quoted character in the prefix: no tilde");
	tap_streq(parts("~root$x"), "LP", "~user then an expansion: no tilde");
	tap_streq(parts("~ro*t"), "L", "~ then a non-name character: no tilde");
	tap_ok(tilde_name("root/x", 6) == 4 && tilde_name("+/", 2) == 1 &&
		       tilde_name("-x", 2) == 1 && tilde_name("/x", 2) == 0 &&
		       tilde_name("a.b_c-d:e", 9) == 7 && tilde_name("\xc3\xa9", 2) == 0,
	       "tilde_name: login-name characters, or + or -");
	tap_streq(parts("a\\ b"), "LlL", "escaped space");
	tap_streq(parts("\"\""), "l", "empty quotes make a word");
	tap_streq(parts("${a:-\"x y\"}"), "P", "parameter with quoted word");
	tap_streq(parts("$"), "L", "lone dollar");

	arena_free(&a);
	return tap_done();
}
