/*
 * parse_int.h - what the parser's files share (parse.c and
 * parse_compound.c); nothing outside the parser includes it.
 *
 * Assumes: callers are the parser's own files, under parse.h's contract.
 * Guarantees: nothing beyond parse.h's (pure code; errors unwind with
 * lex_fail to the parse entry points).
 */
#ifndef CYLO_PARSE_INT_H
#define CYLO_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"

struct parser {
	struct lexer lx;
	struct token tok;
	bool have;
	int depth;		/* $( ) and ( ) nesting */
	int nest;		/* compound command nesting */
	struct arena *a;
	struct redir *heredocs[64];	/* bodies to resolve once read */
	int nheredocs;
	struct {
		const char *name;	/* an alias being read ... */
		size_t end;		/* ... up to here in lx.s */
	} active[16];
	int nactive, nexpand;
	/* An alias value ended in a blank: the word from blank_from on is
	 * looked up as an alias too (POSIX). */
	bool blank_alias;
	size_t blank_from;
};

/* A growable array of pointers in the arena. */
struct pvec {
	void **v;
	int n, cap;
};

/* parse.c: tokens, errors, nodes. */
struct token *peek(struct parser *p);
struct token take(struct parser *p);
bool is_kw(const struct token *t, const char *kw);
const char *tok_name(struct parser *p, const struct token *t);
_Noreturn void unexpected(struct parser *p, const struct token *t);
void expect_kw(struct parser *p, const char *kw);
void skip_newlines(struct parser *p);
struct node *new_node(struct parser *p, enum node_type t);
void pvec_push(struct parser *p, struct pvec *pv, void *x);
void resolve_word(struct parser *p, struct word *w);
/* A list up to EOF, ')' or one of the keywords terms (not consumed). */
struct node *parse_list(struct parser *p, const char *const *terms);

/* parse_compound.c: each is called with its opening keyword read. */
struct node *need_list(struct parser *p, const char *const *terms,
		       const char *what);
struct node *parse_if(struct parser *p);
struct node *parse_loop(struct parser *p, enum node_type type);
char *arith_text(struct parser *p);
struct word *arith_word(struct parser *p, const char *expr);
struct node *parse_cond(struct parser *p);
bool at_arith(struct parser *p);
struct node *parse_for(struct parser *p);
struct node *parse_case(struct parser *p);

#endif
