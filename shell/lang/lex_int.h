/*
 * lex_int.h - what the two halves of the lexer share: lex.c (words,
 * quotes, here-documents, operators) and lex_dollar.c (everything that
 * starts with $ or `).  Not for the rest of the shell, which uses lex.h.
 */
#ifndef CYLO_LEX_INT_H
#define CYLO_LEX_INT_H

#include "lex.h"

/* A word being built: its parts, and the literal text not yet a part. */
struct wb {
	struct lexer *lx;
	struct word *w;
	struct wpart **tail;
	struct abuf lit;
	bool litq, have_lit;
};

bool is_name_char(int c, bool first);
int peekc(const struct lexer *lx, size_t off);
void wb_push(struct wb *b, struct wpart *p);
void wb_flush(struct wb *b);
void wb_lit(struct wb *b, const char *s, size_t n, bool quoted);
void wb_litc(struct wb *b, int c, bool quoted);
struct wpart *new_part(struct lexer *lx, enum part_type t, bool quoted);
void scan_paren(struct lexer *lx);
void lex_dquote(struct lexer *lx, struct wb *b);
struct word *lex_word(struct lexer *lx, int term, bool dq);
struct word *lex_heredoc_body(struct lexer *lx, const char *s, size_t len);
void lex_backquote(struct lexer *lx, struct wb *b, bool dq);
void lex_dollar(struct lexer *lx, struct wb *b, bool dq);

#endif
