/*
 * parse.h - the parser of the cylosh language (pure code, no syscalls).
 *
 * Assumes: nothing about the input; it is checked here (lex_check_input).
 * Guarantees: a parse either yields one AST that says exactly what will
 * run, or is refused as a whole with a message and nothing runs.  Refused:
 * malformed operators and commands or substitutions nested deeper than
 * PARSE_MAX_NEST / PARSE_MAX_DEPTH.  The language itself is not cut down:
 * the kernel sandbox, not the parser, decides what may run.
 */
#ifndef CYLO_PARSE_H
#define CYLO_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "lex.h"

#define PARSE_MAX_DEPTH 16
#define PARSE_MAX_NEST 200

enum node_type {
	N_CMD,		/* simple command */
	N_PIPE,		/* a | b | c */
	N_AND,		/* a && b */
	N_OR,		/* a || b */
	N_NOT,		/* ! a */
	N_SEQ,		/* a ; b */
	N_BG,		/* a & */
	N_SUBSHELL,	/* ( a ) */
	N_GROUP,	/* { a; } */
	N_IF,
	N_WHILE,
	N_UNTIL,
	N_FOR,
	N_CASE,		/* case WORD in PAT|PAT) LIST;; ... esac */
	N_FUNC,		/* NAME() COMPOUND: defines a function */
	N_ARITH,	/* (( expr )) */
	N_ARITH_FOR,	/* for (( init; cond; step )) */
	N_COND,		/* [[ expression ]] */
};

/* One item of [[ ... ]]: a word, or one of && || ( ). */
enum cond_kind { CK_WORD, CK_AND, CK_OR, CK_LP, CK_RP };

struct cond_item {
	enum cond_kind kind;
	struct word *w;		/* CK_WORD */
};

struct case_item {
	struct word **pats;
	int npats;
	struct node *body;	/* NULL: empty */
	struct case_item *next;
};

struct assign {
	char *name;
	struct word *value;
	struct assign *next;
};

struct node {
	enum node_type type;
	struct redir *redirs;	/* N_CMD and compound commands */
	char *text;		/* source of an and-or list (for jobs) */
	int line;		/* N_CMD: newlines before it in the input
				 * parsed ($LINENO) */
	union {
		struct {
			struct assign *assigns;
			struct word **argv;
			int argc;
		} cmd;
		struct {
			struct node **cmds;
			int n;
		} pipe;
		struct {
			struct node *left, *right;
		} bin;		/* N_AND, N_OR, N_SEQ */
		struct node *body;	/* N_NOT, N_BG, N_SUBSHELL, N_GROUP */
		struct {
			struct node *cond, *then, *els;
		} ifn;
		struct {
			struct node *cond, *body;
		} loop;
		struct {
			char *var;
			struct word **words;
			int nwords;
			bool has_in;
			struct node *body;
		} forn;
		struct {
			struct word *word;
			struct case_item *items;
		} casen;
		struct {
			char *name;
			struct node *body;
		} func;
		struct {
			struct word *init, *cond, *step;	/* $(( )) words */
			struct node *body;
		} arith;	/* N_ARITH: cond only */
		struct {
			struct cond_item *items;
			int n;
		} cond;
	};
};

struct parse_result {
	int status;		/* LEX_OK, LEX_ERROR, LEX_INCOMPLETE */
	struct node *node;	/* NULL for empty input */
	char err[256];
	/* parse_one: the input after the command (in src, or in a copy
	 * from the arena when an alias was replaced). */
	const char *rest;
	size_t rest_len;
};

/*
 * Parse src[0..len) into an AST allocated from a.  On LEX_INCOMPLETE the
 * input ended inside a construct (quote, here-document, `if` ...): an
 * interactive caller reads another line and parses the whole again.
 */
void parse(struct arena *a, const char *src, size_t len,
	   struct parse_result *out);
/*
 * Parse the first complete command of src[0..len) (up to and including
 * its newline and here-documents): scripts run one command at a time, as
 * sh does, so an alias or function defined on one line serves the next.
 * The caller checks the whole input with lex_check_input first.  A NULL
 * node with LEX_OK: nothing left but blanks and comments.
 */
void parse_one(struct arena *a, const char *src, size_t len,
	       struct parse_result *out);
/* The same for input read a line at a time (a terminal, stdin): a
 * trailing backslash-newline is LEX_INCOMPLETE, the line continues. */
void parse_partial(struct arena *a, const char *src, size_t len,
		   struct parse_result *out);

/*
 * A copy of the tree n in arena a, sharing nothing with the original: a
 * function's body outlives the line that defined it.
 */
struct node *node_copy(struct arena *a, const struct node *n);

/*
 * Aliases: fn gives the value of an alias name, or NULL.  The parser
 * replaces a command word that is an alias by its value (NULL fn: none).
 */
void parse_alias_hook(const char *(*fn)(void *u, const char *name), void *u);

/* Debug/test form of an AST: a compact, unambiguous S-expression. */
char *node_dump(struct arena *a, const struct node *n);

#endif
