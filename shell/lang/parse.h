/*
 * parse.h - the parser of the cylosh language (pure code, no syscalls).
 *
 * Assumes: nothing about the input; it is checked here (lex_check_input).
 * Guarantees: a parse either yields one AST that says exactly what will
 * run, or is refused as a whole with a message and nothing runs.  Refused:
 * function definitions, eval/exec and friends, assignments to the
 * session's fixed variables (LD_*, PATH, IFS, ...), malformed operators,
 * command substitutions nested deeper than PARSE_MAX_DEPTH.
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
	};
};

struct parse_result {
	int status;		/* LEX_OK, LEX_ERROR, LEX_INCOMPLETE */
	struct node *node;	/* NULL for empty input */
	char err[256];
};

/*
 * Parse src[0..len) into an AST allocated from a.  On LEX_INCOMPLETE the
 * input ended inside a construct (quote, here-document, `if` ...): an
 * interactive caller reads another line and parses the whole again.
 */
void parse(struct arena *a, const char *src, size_t len,
	   struct parse_result *out);

/*
 * Why an assignment or export of name is refused, or NULL when allowed.
 * Used by the parser for names it can see and by builtins at run time.
 */
const char *var_refused(const char *name);

/* Why a command name is refused (eval, exec, ...), or NULL. */
const char *cmd_refused(const char *name);

/* Debug/test form of an AST: a compact, unambiguous S-expression. */
char *node_dump(struct arena *a, const struct node *n);

#endif
