/*
 * parse.c - recursive-descent parser (see parse.h).
 *
 * Assumes: nothing about src.  Guarantees: no syscalls; all memory from
 * the caller's arena; errors unwind with longjmp to parse(), which turns
 * them into a parse_result, so a refused line leaves nothing half-built
 * that could run.
 */
#include "parse.h"

#include <stdio.h>
#include <string.h>

struct parser {
	struct lexer lx;
	struct token tok;
	bool have;
	int depth;		/* $( ) and ( ) nesting */
	int nest;		/* compound command nesting */
	struct arena *a;
	struct redir *heredocs[64];	/* bodies to resolve once read */
	int nheredocs;
};

static const char *const refused_vars[][2] = {
	{ "PATH", "PATH is fixed by the session" },
	{ "IFS", "word splitting is fixed in cylosh" },
	{ "ENV", "shell start-up hooks are not allowed" },
	{ "BASH_ENV", "shell start-up hooks are not allowed" },
	{ "SHELLOPTS", "shell option hooks are not allowed" },
	{ "BASHOPTS", "shell option hooks are not allowed" },
	{ "PS4", "trace prompt hooks are not allowed" },
};

const char *
var_refused(const char *name)
{
	size_t i;

	if (strncmp(name, "LD_", 3) == 0)
		return "dynamic loader variables are fixed by the session";
	if (strncmp(name, "BASH_FUNC_", 10) == 0)
		return "exported functions are not allowed";
	for (i = 0; i < sizeof(refused_vars) / sizeof(refused_vars[0]); i++)
		if (strcmp(name, refused_vars[i][0]) == 0)
			return refused_vars[i][1];
	return NULL;
}

const char *
cmd_refused(const char *name)
{
	static const char *const names[] = {
		"eval", "exec", "trap", "alias", "unalias", "function",
		"enable", "coproc", "declare", "typeset",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return "not supported by cylosh";
	return NULL;
}

static struct token *
peek(struct parser *p)
{
	if (!p->have) {
		p->tok = lex_next(&p->lx);
		p->have = true;
	}
	return &p->tok;
}

static struct token
take(struct parser *p)
{
	peek(p);
	p->have = false;
	return p->tok;
}

static bool
is_kw(const struct token *t, const char *kw)
{
	const char *s;

	if (t->type != T_WORD)
		return false;
	s = word_literal(t->word);
	return s && strcmp(s, kw) == 0;
}

static const char *const reserved[] = {
	"if", "then", "elif", "else", "fi", "while", "until", "do", "done",
	"for", "{", "}", "!", NULL,
};

static bool
in_list(const struct token *t, const char *const *list)
{
	for (; list && *list; list++)
		if (is_kw(t, *list))
			return true;
	return false;
}

static const char *
tok_name(struct parser *p, const struct token *t)
{
	switch (t->type) {
	case T_EOF: return "end of input";
	case T_NEWLINE: return "newline";
	case T_SEMI: return ";";
	case T_AMP: return "&";
	case T_PIPE: return "|";
	case T_AND: return "&&";
	case T_OR: return "||";
	case T_LPAREN: return "(";
	case T_RPAREN: return ")";
	case T_REDIR: return "redirection";
	case T_WORD: return word_plain(p->a, t->word);
	}
	return "?";
}

static _Noreturn void
unexpected(struct parser *p, const struct token *t)
{
	if (t->type == T_EOF)
		lex_fail(&p->lx, LEX_INCOMPLETE, "unexpected end of input");
	lex_fail(&p->lx, LEX_ERROR, "syntax error near unexpected '%s'",
		 tok_name(p, t));
}

static void
expect_kw(struct parser *p, const char *kw)
{
	struct token *t = peek(p);

	if (!is_kw(t, kw)) {
		if (t->type == T_EOF)
			lex_fail(&p->lx, LEX_INCOMPLETE,
				 "unexpected end of input (expected '%s')", kw);
		lex_fail(&p->lx, LEX_ERROR, "syntax error: expected '%s' near '%s'",
			 kw, tok_name(p, t));
	}
	take(p);
}

static void
skip_newlines(struct parser *p)
{
	while (peek(p)->type == T_NEWLINE)
		take(p);
}

static struct node *
new_node(struct parser *p, enum node_type t)
{
	struct node *n = arena_zalloc(p->a, sizeof(*n));

	n->type = t;
	return n;
}

static struct node *
bin(struct parser *p, enum node_type t, struct node *l, struct node *r)
{
	struct node *n = new_node(p, t);

	n->bin.left = l;
	n->bin.right = r;
	return n;
}

/* A growable array of pointers in the arena. */
struct pvec {
	void **v;
	int n, cap;
};

static void
pvec_push(struct parser *p, struct pvec *pv, void *x)
{
	if (pv->n == pv->cap) {
		int cap = pv->cap ? pv->cap * 2 : 8;
		void **v = arena_alloc(p->a, sizeof(*v) * (size_t)(cap + 1));

		if (pv->n)
			memcpy(v, pv->v, sizeof(*v) * (size_t)pv->n);
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n++] = x;
	pv->v[pv->n] = NULL;
}

/* ---- command substitutions ------------------------------------------- */

static struct node *parse_list(struct parser *p, const char *const *terms);
static void resolve_word(struct parser *p, struct word *w);

static struct node *
parse_sub(struct parser *p, const char *src, size_t len)
{
	struct parser sub;
	jmp_buf jb;
	struct node *n;
	int i;

	if (p->depth + 1 > PARSE_MAX_DEPTH)
		lex_fail(&p->lx, LEX_ERROR,
			 "command substitutions nested too deeply (limit %d)",
			 PARSE_MAX_DEPTH);
	memset(&sub, 0, sizeof(sub));
	sub.a = p->a;
	sub.depth = p->depth + 1;
	lex_init(&sub.lx, p->a, src, len, &jb);
	if (setjmp(jb)) {
		memcpy(p->lx.err, sub.lx.err, sizeof(p->lx.err));
		/* The outer lexer already found the closing ')': anything
		 * still open inside is an error, not a request for more. */
		p->lx.status = LEX_ERROR;
		longjmp(*p->lx.jb, 1);
	}
	n = parse_list(&sub, NULL);
	if (peek(&sub)->type != T_EOF)
		unexpected(&sub, peek(&sub));
	for (i = 0; i < sub.nheredocs; i++)
		resolve_word(&sub, sub.heredocs[i]->body);
	return n;
}

static void
resolve_word(struct parser *p, struct word *w)
{
	struct wpart *q;

	if (!w)
		return;
	for (q = w->parts; q; q = q->next) {
		if (q->type == P_CMDSUB)
			q->sub = parse_sub(p, q->text, q->len);
		if (q->type == P_ARITH)
			resolve_word(p, q->arg);
		if (q->type == P_PARAM) {
			const char *why;

			if (q->op == PO_ASSIGN && (why = var_refused(q->text)))
				lex_fail(&p->lx, LEX_ERROR,
					 "%s: assignment refused: %s", q->text, why);
			resolve_word(p, q->arg);
			resolve_word(p, q->arg2);
		}
	}
}

/* ---- redirections and simple commands --------------------------------- */

static struct redir *
parse_redir(struct parser *p)
{
	struct token t = take(p);
	struct redir *r = t.redir;
	struct token w;

	if (r->type == R_DUP || r->type == R_CLOSE)
		return r;
	w = take(p);
	if (w.type != T_WORD)
		lex_fail(&p->lx, LEX_ERROR,
			 "syntax error: expected a file name after redirection, got '%s'",
			 tok_name(p, &w));
	r->target = w.word;
	if (r->type == R_HEREDOC) {
		if (p->nheredocs == (int)(sizeof(p->heredocs) / sizeof(p->heredocs[0])))
			lex_fail(&p->lx, LEX_ERROR, "too many here-documents");
		lex_heredoc(&p->lx, r);
		p->heredocs[p->nheredocs++] = r;
	} else {
		resolve_word(p, r->target);
	}
	return r;
}

static void
add_redir(struct redir ***tail, struct redir *r)
{
	**tail = r;
	*tail = &r->next;
}

/* If w is NAME=value with NAME unquoted, split it. */
static struct assign *
as_assign(struct parser *p, struct word *w)
{
	struct wpart *first = w->parts, *lit;
	struct assign *as;
	char *eq;
	size_t n;
	const char *rest;

	if (!first || first->type != P_LIT || first->quoted)
		return NULL;
	eq = memchr(first->text, '=', first->len);
	if (!eq || !is_name(first->text, (size_t)(eq - first->text)))
		return NULL;
	n = (size_t)(eq - first->text);
	as = arena_zalloc(p->a, sizeof(*as));
	as->name = arena_strndup(p->a, first->text, n);
	as->value = arena_zalloc(p->a, sizeof(*as->value));
	as->value->quoted = w->quoted;
	rest = eq + 1;
	struct wpart **tail = &as->value->parts;
	if (rest[0] == '~' && (rest[1] == '/' || (rest[1] == 0 && !first->next))) {
		struct wpart *t = arena_zalloc(p->a, sizeof(*t));

		t->type = P_TILDE;
		*tail = t;
		tail = &t->next;
		rest++;
	}
	if (*rest) {
		lit = arena_zalloc(p->a, sizeof(*lit));
		lit->type = P_LIT;
		lit->len = strlen(rest);
		lit->text = arena_strndup(p->a, rest, lit->len);
		*tail = lit;
		tail = &lit->next;
	}
	*tail = first->next;
	return as;
}

/* All-literal text of a word (quotes removed), or NULL. */
static const char *
static_text(struct parser *p, const struct word *w)
{
	const struct wpart *q;

	for (q = w->parts; q; q = q->next)
		if (q->type != P_LIT)
			return NULL;
	return word_plain(p->a, w);
}

static void
check_command(struct parser *p, struct node *n)
{
	static const char *const setters[] = {
		"export", "readonly", "unset", "read", "local", NULL,
	};
	const char *name, *why;
	struct assign *as;
	int i;

	for (as = n->cmd.assigns; as; as = as->next)
		if ((why = var_refused(as->name)))
			lex_fail(&p->lx, LEX_ERROR, "%s: assignment refused: %s",
				 as->name, why);
	if (n->cmd.argc == 0 || !(name = static_text(p, n->cmd.argv[0])))
		return;
	if ((why = cmd_refused(name)))
		lex_fail(&p->lx, LEX_ERROR, "%s: refused: %s", name, why);
	for (i = 0; setters[i]; i++)
		if (strcmp(name, setters[i]) == 0)
			break;
	if (!setters[i])
		return;
	for (i = 1; i < n->cmd.argc; i++) {
		const char *arg = static_text(p, n->cmd.argv[i]);
		size_t len;

		if (!arg || arg[0] == '-')
			continue;
		len = strcspn(arg, "=");
		if (!is_name(arg, len))
			continue;
		arg = arena_strndup(p->a, arg, len);
		if ((why = var_refused(arg)))
			lex_fail(&p->lx, LEX_ERROR, "%s: %s refused: %s", arg,
				 name, why);
	}
}

static struct node *
parse_simple(struct parser *p)
{
	struct node *n = new_node(p, N_CMD);
	struct redir **rtail = &n->redirs;
	struct assign **atail = &n->cmd.assigns;
	struct pvec argv = { 0 };

	for (;;) {
		struct token *t = peek(p);

		if (t->type == T_REDIR) {
			add_redir(&rtail, parse_redir(p));
		} else if (t->type == T_WORD) {
			struct assign *as;

			take(p);
			if (argv.n == 0 && (as = as_assign(p, p->tok.word))) {
				resolve_word(p, as->value);
				*atail = as;
				atail = &as->next;
			} else {
				resolve_word(p, p->tok.word);
				pvec_push(p, &argv, p->tok.word);
			}
		} else if (t->type == T_LPAREN) {
			if (argv.n == 1 && !n->cmd.assigns)
				lex_fail(&p->lx, LEX_ERROR,
					 "function definitions are not supported");
			unexpected(p, t);
		} else {
			break;
		}
	}
	n->cmd.argv = (struct word **)argv.v;
	n->cmd.argc = argv.n;
	check_command(p, n);
	return n;
}

static void
parse_redirs(struct parser *p, struct node *n)
{
	struct redir **tail = &n->redirs;

	while (*tail)
		tail = &(*tail)->next;
	while (peek(p)->type == T_REDIR)
		add_redir(&tail, parse_redir(p));
}

/* ---- compound commands ------------------------------------------------- */

static struct node *
need_list(struct parser *p, const char *const *terms, const char *what)
{
	struct node *n = parse_list(p, terms);

	if (!n) {
		struct token *t = peek(p);

		if (t->type == T_EOF)
			lex_fail(&p->lx, LEX_INCOMPLETE, "unexpected end of input");
		lex_fail(&p->lx, LEX_ERROR, "syntax error: empty %s near '%s'",
			 what, tok_name(p, t));
	}
	return n;
}

static struct node *
parse_if(struct parser *p)
{
	static const char *const t_then[] = { "then", NULL };
	static const char *const t_else[] = { "elif", "else", "fi", NULL };
	static const char *const t_fi[] = { "fi", NULL };
	struct node *n = new_node(p, N_IF);

	n->ifn.cond = need_list(p, t_then, "condition");
	expect_kw(p, "then");
	n->ifn.then = need_list(p, t_else, "then-branch");
	if (is_kw(peek(p), "elif")) {
		take(p);
		n->ifn.els = parse_if(p);
		return n;
	}
	if (is_kw(peek(p), "else")) {
		take(p);
		n->ifn.els = need_list(p, t_fi, "else-branch");
	}
	expect_kw(p, "fi");
	return n;
}

static struct node *
parse_loop(struct parser *p, enum node_type type)
{
	static const char *const t_do[] = { "do", NULL };
	static const char *const t_done[] = { "done", NULL };
	struct node *n = new_node(p, type);

	n->loop.cond = need_list(p, t_do, "condition");
	expect_kw(p, "do");
	n->loop.body = need_list(p, t_done, "loop body");
	expect_kw(p, "done");
	return n;
}

static struct node *
parse_for(struct parser *p)
{
	static const char *const t_done[] = { "done", NULL };
	struct node *n = new_node(p, N_FOR);
	struct token t = take(p);
	const char *name = t.type == T_WORD ? word_literal(t.word) : NULL;
	const char *why;
	struct pvec words = { 0 };

	if (t.type == T_EOF)
		unexpected(p, &t);
	if (!name || !is_name(name, strlen(name)))
		lex_fail(&p->lx, LEX_ERROR, "for: '%s' is not a valid variable name",
			 tok_name(p, &t));
	if ((why = var_refused(name)))
		lex_fail(&p->lx, LEX_ERROR, "%s: assignment refused: %s", name, why);
	n->forn.var = arena_strdup(p->a, name);
	skip_newlines(p);
	if (is_kw(peek(p), "in")) {
		take(p);
		n->forn.has_in = true;
		while (peek(p)->type == T_WORD) {
			take(p);
			resolve_word(p, p->tok.word);
			pvec_push(p, &words, p->tok.word);
		}
		t = take(p);
		if (t.type != T_SEMI && t.type != T_NEWLINE)
			unexpected(p, &t);
	} else if (peek(p)->type == T_SEMI) {
		take(p);
	}
	n->forn.words = (struct word **)words.v;
	n->forn.nwords = words.n;
	skip_newlines(p);
	expect_kw(p, "do");
	n->forn.body = need_list(p, t_done, "loop body");
	expect_kw(p, "done");
	return n;
}

static struct node *
parse_command(struct parser *p)
{
	static const char *const t_brace[] = { "}", NULL };
	struct token *t = peek(p);
	struct node *n;

	if (t->type == T_WORD && !in_list(t, reserved)) {
		return parse_simple(p);
	} else if (t->type == T_REDIR) {
		return parse_simple(p);
	}
	/* Compound commands recurse: bound them like substitutions. */
	if (++p->nest > PARSE_MAX_NEST)
		lex_fail(&p->lx, LEX_ERROR, "commands nested too deeply (limit %d)",
			 PARSE_MAX_NEST);
	if (t->type == T_LPAREN) {
		take(p);
		if (++p->depth > PARSE_MAX_DEPTH)
			lex_fail(&p->lx, LEX_ERROR, "subshells nested too deeply");
		n = new_node(p, N_SUBSHELL);
		n->body = need_list(p, NULL, "subshell");
		if (peek(p)->type != T_RPAREN)
			unexpected(p, peek(p));
		take(p);
		p->depth--;
	} else if (is_kw(t, "{")) {
		take(p);
		n = new_node(p, N_GROUP);
		n->body = need_list(p, t_brace, "group");
		expect_kw(p, "}");
	} else if (is_kw(t, "if")) {
		take(p);
		n = parse_if(p);
	} else if (is_kw(t, "while") || is_kw(t, "until")) {
		enum node_type type = is_kw(t, "while") ? N_WHILE : N_UNTIL;

		take(p);
		n = parse_loop(p, type);
	} else if (is_kw(t, "for")) {
		take(p);
		n = parse_for(p);
	} else {
		unexpected(p, t);
	}
	parse_redirs(p, n);
	p->nest--;
	return n;
}

static struct node *
parse_pipeline(struct parser *p)
{
	struct pvec cmds = { 0 };
	struct node *n;
	bool negate = false;

	if (is_kw(peek(p), "!")) {
		take(p);
		negate = true;
	}
	pvec_push(p, &cmds, parse_command(p));
	while (peek(p)->type == T_PIPE) {
		take(p);
		skip_newlines(p);
		pvec_push(p, &cmds, parse_command(p));
	}
	if (cmds.n == 1) {
		n = cmds.v[0];
	} else {
		n = new_node(p, N_PIPE);
		n->pipe.cmds = (struct node **)cmds.v;
		n->pipe.n = cmds.n;
	}
	if (negate) {
		struct node *x = new_node(p, N_NOT);

		x->body = n;
		n = x;
	}
	return n;
}

static struct node *
parse_and_or(struct parser *p)
{
	size_t start = peek(p)->start, end;
	struct node *n = parse_pipeline(p);

	end = p->tok.end;
	for (;;) {
		enum tok_type tt = peek(p)->type;

		if (tt != T_AND && tt != T_OR)
			break;
		take(p);
		skip_newlines(p);
		n = bin(p, tt == T_AND ? N_AND : N_OR, n, parse_pipeline(p));
		end = p->tok.end;
	}
	if (p->have)
		end = p->tok.start;
	while (end > start && strchr(" \t\n", p->lx.s[end - 1]))
		end--;
	n->text = arena_strndup(p->a, p->lx.s + start, end - start);
	return n;
}

/* A list up to EOF, ')' or one of the keywords terms (not consumed). */
static struct node *
parse_list(struct parser *p, const char *const *terms)
{
	struct node *head = NULL, **slot = &head;

	skip_newlines(p);
	for (;;) {
		struct token *t = peek(p);
		struct node *n;

		if (t->type == T_EOF || t->type == T_RPAREN || in_list(t, terms))
			break;
		n = parse_and_or(p);
		t = peek(p);
		if (t->type == T_AMP) {
			struct node *bg = new_node(p, N_BG);

			bg->body = n;
			bg->text = n->text;
			n = bg;
			take(p);
		} else if (t->type == T_SEMI || t->type == T_NEWLINE) {
			take(p);
		} else if (!(t->type == T_EOF || t->type == T_RPAREN ||
			     in_list(t, terms))) {
			unexpected(p, t);
		}
		if (!*slot) {
			*slot = n;
		} else {
			*slot = bin(p, N_SEQ, *slot, n);
			slot = &(*slot)->bin.right;
		}
		skip_newlines(p);
	}
	return head;
}

void
parse(struct arena *a, const char *src, size_t len, struct parse_result *out)
{
	struct parser p;
	jmp_buf jb;
	int i;

	memset(out, 0, sizeof(*out));
	if (lex_check_input(src, len, out->err, sizeof(out->err)) < 0) {
		out->status = LEX_ERROR;
		return;
	}
	memset(&p, 0, sizeof(p));
	p.a = a;
	lex_init(&p.lx, a, src, len, &jb);
	if (setjmp(jb)) {
		out->status = p.lx.status;
		memcpy(out->err, p.lx.err, sizeof(out->err));
		out->node = NULL;
		return;
	}
	out->node = parse_list(&p, NULL);
	if (peek(&p)->type != T_EOF)
		unexpected(&p, peek(&p));
	for (i = 0; i < p.nheredocs; i++)
		resolve_word(&p, p.heredocs[i]->body);
	out->status = LEX_OK;
}

/* ---- dump (tests and debugging) ------------------------------------------- */

static void dump(struct abuf *b, const struct node *n);

static void
dump_word(struct abuf *b, const struct word *w)
{
	const struct wpart *q;

	for (q = w->parts; q; q = q->next) {
		switch (q->type) {
		case P_LIT:
			if (q->quoted)
				abuf_addc(b, '"');
			abuf_addn(b, q->text, q->len);
			if (q->quoted)
				abuf_addc(b, '"');
			break;
		case P_TILDE:
			abuf_addc(b, '~');
			break;
		case P_PARAM:
			abuf_adds(b, q->quoted ? "\"${" : "${");
			if (q->op == PO_LENGTH)
				abuf_addc(b, '#');
			abuf_adds(b, q->text);
			if (q->op != PO_NONE && q->op != PO_LENGTH) {
				static const char *const ops[] = {
					"", "-", "=", "+", "?", "", "#", "##", "%", "%%",
					"/", "//", "/#", "/%", ":",
				};
				if (q->colon)
					abuf_addc(b, ':');
				abuf_adds(b, ops[q->op]);
				if (q->arg)
					dump_word(b, q->arg);
				if (q->arg2) {
					abuf_addc(b, q->op == PO_SUBSTR ? ':' : '/');
					dump_word(b, q->arg2);
				}
			}
			abuf_adds(b, q->quoted ? "}\"" : "}");
			break;
		case P_ARITH:
			abuf_adds(b, q->quoted ? "\"$((" : "$((");
			dump_word(b, q->arg);
			abuf_adds(b, q->quoted ? "))\"" : "))");
			break;
		case P_CMDSUB:
			abuf_adds(b, q->quoted ? "\"$(" : "$(");
			if (q->sub)
				dump(b, q->sub);
			abuf_adds(b, q->quoted ? ")\"" : ")");
			break;
		}
	}
}

static void
dump_redirs(struct abuf *b, const struct redir *r)
{
	static const char *const ops[] = {
		"<", ">", ">>", ">&", ">&-", "&>", "&>>", "<<",
	};
	char fd[16];

	for (; r; r = r->next) {
		snprintf(fd, sizeof(fd), " %d", r->fd);
		abuf_adds(b, fd);
		abuf_adds(b, ops[r->type]);
		if (r->type == R_DUP) {
			snprintf(fd, sizeof(fd), "%d", r->dupfd);
			abuf_adds(b, fd);
		} else if (r->type == R_HEREDOC) {
			abuf_adds(b, r->body_literal ? "'" : "");
			abuf_addc(b, '{');
			if (r->body)
				dump_word(b, r->body);
			abuf_addc(b, '}');
		} else if (r->target) {
			dump_word(b, r->target);
		}
	}
}

static void
dump(struct abuf *b, const struct node *n)
{
	int i;

	if (!n) {
		abuf_adds(b, "()");
		return;
	}
	switch (n->type) {
	case N_CMD: {
		const struct assign *as;

		abuf_adds(b, "(cmd");
		for (as = n->cmd.assigns; as; as = as->next) {
			abuf_addc(b, ' ');
			abuf_adds(b, as->name);
			abuf_addc(b, '=');
			dump_word(b, as->value);
		}
		for (i = 0; i < n->cmd.argc; i++) {
			abuf_adds(b, " [");
			dump_word(b, n->cmd.argv[i]);
			abuf_addc(b, ']');
		}
		dump_redirs(b, n->redirs);
		abuf_addc(b, ')');
		return;
	}
	case N_PIPE:
		abuf_adds(b, "(pipe");
		for (i = 0; i < n->pipe.n; i++) {
			abuf_addc(b, ' ');
			dump(b, n->pipe.cmds[i]);
		}
		abuf_addc(b, ')');
		return;
	case N_AND:
	case N_OR:
	case N_SEQ:
		abuf_adds(b, n->type == N_AND ? "(and " :
			     n->type == N_OR ? "(or " : "(seq ");
		dump(b, n->bin.left);
		abuf_addc(b, ' ');
		dump(b, n->bin.right);
		abuf_addc(b, ')');
		return;
	case N_NOT:
	case N_BG:
	case N_SUBSHELL:
	case N_GROUP:
		abuf_adds(b, n->type == N_NOT ? "(not " :
			     n->type == N_BG ? "(bg " :
			     n->type == N_SUBSHELL ? "(sub " : "(group ");
		dump(b, n->body);
		break;
	case N_IF:
		abuf_adds(b, "(if ");
		dump(b, n->ifn.cond);
		abuf_addc(b, ' ');
		dump(b, n->ifn.then);
		if (n->ifn.els) {
			abuf_addc(b, ' ');
			dump(b, n->ifn.els);
		}
		break;
	case N_WHILE:
	case N_UNTIL:
		abuf_adds(b, n->type == N_WHILE ? "(while " : "(until ");
		dump(b, n->loop.cond);
		abuf_addc(b, ' ');
		dump(b, n->loop.body);
		break;
	case N_FOR:
		abuf_adds(b, "(for ");
		abuf_adds(b, n->forn.var);
		if (n->forn.has_in) {
			abuf_adds(b, " in");
			for (i = 0; i < n->forn.nwords; i++) {
				abuf_adds(b, " [");
				dump_word(b, n->forn.words[i]);
				abuf_addc(b, ']');
			}
		}
		abuf_addc(b, ' ');
		dump(b, n->forn.body);
		break;
	}
	dump_redirs(b, n->redirs);
	abuf_addc(b, ')');
}

char *
node_dump(struct arena *a, const struct node *n)
{
	struct abuf b;

	abuf_init(&b, a);
	dump(&b, n);
	return abuf_str(&b);
}
