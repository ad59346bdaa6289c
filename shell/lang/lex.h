/*
 * lex.h - the lexer of the cylosh language (pure code, no syscalls).
 *
 * Assumes: the input was accepted by lex_check_input() (no NUL, no control
 * characters but tab and newline).  Guarantees: every word comes out as a
 * list of typed parts (literal text with its quoting, parameter, command
 * substitution source, tilde), so quote removal and expansion never re-scan
 * raw text; malformed operator runs ("|||", "&&&", ">>>" ...) are
 * refused here rather than being read two ways.  Errors and "need more
 * input" are reported by longjmp to the jmp_buf the caller set up.
 */
#ifndef CYLO_LEX_H
#define CYLO_LEX_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct node;

enum part_type {
	P_LIT,		/* text */
	P_PARAM,	/* $name, ${name...} */
	P_CMDSUB,	/* $( ... ) or `...`: text is the source */
	P_TILDE,	/* ~ at the start of a word (or of an assignment value);
			 * text: the user name, "" for ~ alone */
	P_ARITH,	/* $(( )): arg is the expression, expanded first */
};

/* Parameter operators of ${name OP word}. */
enum param_op {
	PO_NONE = 0,
	PO_DEFAULT,	/* - */
	PO_ASSIGN,	/* = */
	PO_ALT,		/* + */
	PO_ERROR,	/* ? */
	PO_LENGTH,	/* ${#name} */
	PO_TRIM_SP,	/* # shortest prefix */
	PO_TRIM_LP,	/* ## longest prefix */
	PO_TRIM_SS,	/* % shortest suffix */
	PO_TRIM_LS,	/* %% longest suffix */
	PO_REPL,	/* ${name/pat/rep}: first match */
	PO_REPL_ALL,	/* ${name//pat/rep} */
	PO_REPL_PREFIX,	/* ${name/#pat/rep} */
	PO_REPL_SUFFIX,	/* ${name/%pat/rep} */
	PO_SUBSTR,	/* ${name:off} and ${name:off:len} */
};

struct word;

/* A pointer added here must be deep-copied in ast_copy.c too: functions
 * keep a copy of their body after the line's arena is reset. */
struct wpart {
	enum part_type type;
	bool quoted;		/* inside quotes or escaped: no split, no glob */
	char *text;		/* P_LIT text, P_PARAM name, P_CMDSUB source */
	size_t len;
	enum param_op op;
	bool colon;		/* ${x:-y}: empty counts as unset */
	struct word *arg;	/* the word after the operator, or NULL */
	struct word *arg2;	/* PO_REPL*: the replacement; PO_SUBSTR: the
				 * length; NULL when not written */
	struct node *sub;	/* P_CMDSUB: filled by the parser */
	struct wpart *next;
};

struct word {
	struct wpart *parts;
	bool quoted;		/* some part was quoted */
};

enum redir_type {
	R_IN,		/* <  */
	R_OUT,		/* >  */
	R_APPEND,	/* >> */
	R_DUP,		/* N>&M, N<&M */
	R_CLOSE,	/* N>&- */
	R_BOTH,		/* &> */
	R_BOTH_APPEND,	/* &>> */
	R_HEREDOC,	/* << and <<- */
	R_HERESTR,	/* <<< word: the word and a newline on stdin */
	R_RDWR,		/* <> : open for reading and writing */
};

struct redir {
	enum redir_type type;
	int fd;			/* the fd redirected */
	int dupfd;		/* R_DUP source */
	struct word *target;	/* file name; R_HEREDOC: the delimiter */
	struct word *body;	/* R_HEREDOC: the body */
	bool strip_tabs;	/* <<- */
	bool clobber;		/* >| : overwrite even under set -C */
	bool body_literal;	/* quoted delimiter: no expansion in the body */
	struct redir *next;
};

enum tok_type {
	T_EOF,
	T_NEWLINE,
	T_WORD,
	T_SEMI,		/* ; */
	T_AMP,		/* & */
	T_PIPE,		/* | */
	T_AND,		/* && */
	T_OR,		/* || */
	T_LPAREN,
	T_RPAREN,
	T_REDIR,
	T_DSEMI,	/* ;; (ends a case item) */
};

struct token {
	enum tok_type type;
	struct word *word;	/* T_WORD */
	struct redir *redir;	/* T_REDIR: target/body not yet filled */
	bool pipe_both;		/* T_PIPE written |& (stderr too) */
	size_t start, end;	/* byte offsets in the input */
};

/* Parse status, shared with the parser. */
enum { LEX_OK = 0, LEX_ERROR = 1, LEX_INCOMPLETE = 2 };

struct heredoc_pending {
	struct redir *r;
	char *delim;
	struct heredoc_pending *next;
};

struct lexer {
	const char *s;
	size_t len, pos;
	struct arena *a;
	jmp_buf *jb;			/* where errors go */
	int status;			/* LEX_ERROR or LEX_INCOMPLETE after a jump */
	char err[256];
	struct heredoc_pending *heredocs, **heredocs_tail;
	int depth;			/* ${, $(( and "$( nesting */
	bool partial;			/* more lines may follow (a terminal,
					 * stdin): a backslash-newline at the
					 * end asks for the next line */
};

/*
 * Refuse input a user could not have meant: NUL bytes and control
 * characters other than tab and newline (a Ctrl-V Ctrl-K typed at the
 * prompt ends up here).  Returns 0, or -1 with a message in err.
 */
int lex_check_input(const char *s, size_t len, char *err, size_t errlen);

/*
 * The user name of a tilde prefix, in the n bytes after a '~': its
 * length, 0 for none (plain ~).  Login-name characters (letters, digits,
 * '.', '_', '-'), or a lone + or - (bash's ~+ and ~-).  The caller checks
 * that the prefix ends there (at '/', the end of the word, or ':' in an
 * assignment).
 */
size_t tilde_name(const char *s, size_t n);

void lex_init(struct lexer *lx, struct arena *a, const char *s, size_t len,
	      jmp_buf *jb);
/* The next token; longjmps to lx->jb on error or incomplete input. */
struct token lex_next(struct lexer *lx);
/* The parser saw "<< WORD": read its body after the next newline. */
void lex_heredoc(struct lexer *lx, struct redir *r);
/* Fail with a message (used by the parser too). */
_Noreturn void lex_fail(struct lexer *lx, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Lex a here-document body (only $, ` and \ are special). */
struct word *lex_heredoc_body(struct lexer *lx, const char *s, size_t len);

/* The literal text of a word if it has only unquoted literal parts. */
const char *word_literal(const struct word *w);
/* The word with quotes removed and expansions left as written (messages,
 * here-doc delimiters). */
char *word_plain(struct arena *a, const struct word *w);

bool is_name(const char *s, size_t n);

#endif
