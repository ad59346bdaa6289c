/*
 * parse.c - recursive-descent parser (see parse.h).
 *
 * Assumes: nothing about src.  Guarantees: no syscalls; all memory from
 * the caller's arena; errors unwind with longjmp to parse(), which turns
 * them into a parse_result, so a refused line leaves nothing half-built
 * that could run.
 */
#include "parse_int.h"

#include <stdio.h>
#include <string.h>

static const char *(*alias_fn)(void *u, const char *name);
static void *alias_u;

void
parse_alias_hook(const char *(*fn)(void *u, const char *name), void *u)
{
	alias_fn = fn;
	alias_u = u;
}

struct token *
peek(struct parser *p)
{
	if (!p->have) {
		p->tok = lex_next(&p->lx);
		p->have = true;
	}
	return &p->tok;
}

struct token
take(struct parser *p)
{
	peek(p);
	p->have = false;
	return p->tok;
}

bool
is_kw(const struct token *t, const char *kw)
{
	const char *s;

	if (t->type != T_WORD)
		return false;
	s = word_literal(t->word);
	/* The first character first: every command is tried against every
	 * reserved word. */
	return s && s[0] == kw[0] && strcmp(s, kw) == 0;
}

static const char *const reserved[] = {
	"if", "then", "elif", "else", "fi", "while", "until", "do", "done",
	"for", "{", "}", "!", "case", "esac", "[[", NULL,
};

static bool
in_list(const struct token *t, const char *const *list)
{
	const char *s;

	if (t->type != T_WORD || !(s = word_literal(t->word)))
		return false;
	for (; list && *list; list++)
		if (s[0] == (*list)[0] && strcmp(s, *list) == 0)
			return true;
	return false;
}

const char *
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
	case T_DSEMI: return ";;";
	case T_WORD: return word_plain(p->a, t->word);
	}
	return "?";
}

_Noreturn void
unexpected(struct parser *p, const struct token *t)
{
	if (t->type == T_EOF)
		lex_fail(&p->lx, LEX_INCOMPLETE, "unexpected end of input");
	lex_fail(&p->lx, LEX_ERROR, "syntax error near unexpected '%s'",
		 tok_name(p, t));
}

void
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

void
skip_newlines(struct parser *p)
{
	while (peek(p)->type == T_NEWLINE)
		take(p);
}

struct node *
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

void
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

void
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

static struct node *parse_command(struct parser *p);

/* NAME ( ) [newlines] compound-command: the NAME and '(' are read. */
static struct node *
parse_funcdef(struct parser *p, struct word *namew)
{
	const char *name = word_literal(namew);
	struct node *n = new_node(p, N_FUNC), *body;
	struct token t;

	/* bash takes names like "my-func" too: anything literal that
	 * cannot be read as a path or an assignment. */
	if (!name || !*name || strpbrk(name, "/=") ||
	    (name[0] >= '0' && name[0] <= '9'))
		lex_fail(&p->lx, LEX_ERROR, "'%s': not a valid function name",
			 word_plain(p->a, namew));
	take(p);
	t = take(p);
	if (t.type != T_RPAREN)
		unexpected(p, &t);
	skip_newlines(p);
	body = parse_command(p);
	if (body->type == N_CMD || body->type == N_FUNC)
		lex_fail(&p->lx, LEX_ERROR,
			 "%s: a function body is a compound command ({ ...; }, ( ... ), if, for, while, case)",
			 name);
	n->func.name = arena_strdup(p->a, name);
	n->func.body = body;
	return n;
}

/* Newlines before offset pos: the line of a command, from 0 ($LINENO).
 * Scripts are parsed one command at a time, so this stays short. */
static int
line_of(const struct parser *p, size_t pos)
{
	const char *q = p->lx.s, *end = p->lx.s + pos;
	int n = 0;

	while ((q = memchr(q, '\n', (size_t)(end - q))))
		n++, q++;
	return n;
}

static bool expand_alias(struct parser *p, const struct token *t);

static struct node *
parse_simple(struct parser *p)
{
	struct node *n = new_node(p, N_CMD);

	n->line = line_of(p, peek(p)->start);
	struct redir **rtail = &n->redirs;
	struct assign **atail = &n->cmd.assigns;
	struct pvec argv = { 0 };

	for (;;) {
		struct token *t = peek(p);

		if (t->type == T_REDIR) {
			add_redir(&rtail, parse_redir(p));
		} else if (t->type == T_WORD) {
			struct assign *as;

			if (p->blank_alias && argv.n > 0 &&
			    t->start >= p->blank_from) {
				p->blank_alias = false;
				if (expand_alias(p, t))
					continue;
			}
			take(p);
			if (argv.n == 0 && (as = as_assign(p, p->tok.word))) {
				resolve_word(p, as->value);
				*atail = as;
				atail = &as->next;
			} else {
				resolve_word(p, p->tok.word);
				pvec_push(p, &argv, p->tok.word);
			}
		} else if (t->type == T_LPAREN && argv.n == 1 &&
			   !n->cmd.assigns && !n->redirs) {
			return parse_funcdef(p, argv.v[0]);
		} else if (t->type == T_LPAREN) {
			unexpected(p, t);
		} else {
			break;
		}
	}
	p->blank_alias = false;
	n->cmd.argv = (struct word **)argv.v;
	n->cmd.argc = argv.n;
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

/*
 * The word in command position is an alias: splice its value into the
 * input in place of the word and read on from there.  Offsets before the
 * word stay valid, so the text of the command (jobs) is kept.  An alias
 * is not expanded again inside its own value (alias ls='ls -F').
 */
static bool
expand_alias(struct parser *p, const struct token *t)
{
	const char *name = word_literal(t->word), *val;
	size_t vlen, rest, k;
	char *ns;
	int i, j;

	if (!alias_fn || !name)
		return false;
	for (i = j = 0; i < p->nactive; i++)
		if (p->active[i].end > t->start)
			p->active[j++] = p->active[i];
	p->nactive = j;
	for (i = 0; i < p->nactive; i++)
		if (strcmp(p->active[i].name, name) == 0)
			return false;
	if (!(val = alias_fn(alias_u, name)))
		return false;
	if (p->nactive == (int)(sizeof(p->active) / sizeof(p->active[0])) ||
	    ++p->nexpand > 10000)
		lex_fail(&p->lx, LEX_ERROR, "%s: aliases nested too deeply", name);
	vlen = strlen(val);
	rest = p->lx.len - t->end;
	ns = arena_alloc(p->a, t->start + vlen + rest + 1);
	memcpy(ns, p->lx.s, t->start);
	memcpy(ns + t->start, val, vlen);
	memcpy(ns + t->start + vlen, p->lx.s + t->end, rest);
	ns[t->start + vlen + rest] = 0;
	for (k = 0; k < (size_t)p->nactive; k++)
		p->active[k].end = p->active[k].end + vlen - (t->end - t->start);
	p->active[p->nactive].name = arena_strdup(p->a, name);
	p->active[p->nactive].end = t->start + vlen;
	p->nactive++;
	p->lx.s = ns;
	p->lx.len = t->start + vlen + rest;
	p->lx.pos = t->start;
	p->have = false;
	p->blank_alias = vlen && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t');
	p->blank_from = t->start + vlen;
	return true;
}

static struct node *
parse_command(struct parser *p)
{
	static const char *const t_brace[] = { "}", NULL };
	struct token *t = peek(p);
	struct node *n;

	while (t->type == T_WORD && !in_list(t, reserved) && expand_alias(p, t))
		t = peek(p);

	if (is_kw(t, "function")) {
		/* bash's "function NAME [()] BODY". */
		struct token nt;

		take(p);
		nt = take(p);
		if (nt.type != T_WORD)
			unexpected(p, &nt);
		if (peek(p)->type != T_LPAREN) {
			/* "function NAME BODY", no parentheses. */
			struct node *fn;
			const char *name = word_literal(nt.word);
			struct node *body;

			if (!name || !*name || strpbrk(name, "/="))
				lex_fail(&p->lx, LEX_ERROR,
					 "'%s': not a valid function name",
					 tok_name(p, &nt));
			skip_newlines(p);
			body = parse_command(p);
			if (body->type == N_CMD || body->type == N_FUNC)
				lex_fail(&p->lx, LEX_ERROR,
					 "%s: a function body is a compound command",
					 name);
			fn = new_node(p, N_FUNC);
			fn->func.name = arena_strdup(p->a, name);
			fn->func.body = body;
			return fn;
		}
		return parse_funcdef(p, nt.word);
	}
	if (t->type == T_WORD && !in_list(t, reserved)) {
		return parse_simple(p);
	} else if (t->type == T_REDIR) {
		return parse_simple(p);
	}
	/* Compound commands recurse: bound them like substitutions. */
	if (++p->nest > PARSE_MAX_NEST)
		lex_fail(&p->lx, LEX_ERROR, "commands nested too deeply (limit %d)",
			 PARSE_MAX_NEST);
	if (at_arith(p)) {
		n = new_node(p, N_ARITH);
		n->arith.cond = arith_word(p, arith_text(p));
	} else if (t->type == T_LPAREN) {
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
	} else if (is_kw(t, "case")) {
		take(p);
		n = parse_case(p);
	} else if (is_kw(t, "[[")) {
		take(p);
		n = parse_cond(p);
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
		if (take(p).pipe_both) {
			/* a |& b: a's stderr goes down the pipe too, after
			 * its own redirections (as bash). */
			struct node *left = cmds.v[cmds.n - 1];
			struct redir *r = arena_zalloc(p->a, sizeof(*r)), **t;

			r->type = R_DUP;
			r->fd = 2;
			r->dupfd = 1;
			for (t = &left->redirs; *t; t = &(*t)->next)
				;
			*t = r;
		}
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
struct node *
parse_list(struct parser *p, const char *const *terms)
{
	struct node *head = NULL, **slot = &head;

	skip_newlines(p);
	for (;;) {
		struct token *t = peek(p);
		struct node *n;

		if (t->type == T_EOF || t->type == T_RPAREN ||
		    t->type == T_DSEMI || in_list(t, terms))
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
			     t->type == T_DSEMI || in_list(t, terms))) {
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

static void do_parse(struct arena *a, const char *src, size_t len,
		     bool partial, struct parse_result *out);

void
parse_one(struct arena *a, const char *src, size_t len,
	  struct parse_result *out)
{
	/* volatile: changed after setjmp (the error path never reads it,
	 * but -O1 cannot tell). */
	struct node *head = NULL, **volatile slot = &head;
	struct parser p;
	jmp_buf jb;
	int i;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.a = a;
	lex_init(&p.lx, a, src, len, &jb);
	if (setjmp(jb)) {
		out->status = p.lx.status;
		memcpy(out->err, p.lx.err, sizeof(out->err));
		out->node = NULL;
		return;
	}
	skip_newlines(&p);
	for (;;) {
		struct token *t = peek(&p);
		struct node *n;
		bool end = false;

		if (t->type == T_EOF)
			break;
		n = parse_and_or(&p);
		t = peek(&p);
		if (t->type == T_AMP) {
			struct node *bg = new_node(&p, N_BG);

			bg->body = n;
			bg->text = n->text;
			n = bg;
			take(&p);
		} else if (t->type == T_SEMI) {
			take(&p);
		} else if (t->type == T_NEWLINE) {
			take(&p);
			end = true;
		} else if (t->type != T_EOF) {
			unexpected(&p, t);
		}
		if (!*slot) {
			*slot = n;
		} else {
			*slot = bin(&p, N_SEQ, *slot, n);
			slot = &(*slot)->bin.right;
		}
		if (end)
			break;
		/* "a; b" goes on; "a;" followed by a newline ends here. */
		if (peek(&p)->type == T_NEWLINE) {
			take(&p);
			break;
		}
	}
	for (i = 0; i < p.nheredocs; i++)
		resolve_word(&p, p.heredocs[i]->body);
	out->node = head;
	out->rest = p.lx.s + p.lx.pos;
	out->rest_len = p.lx.len - p.lx.pos;
	out->status = LEX_OK;
}

void
parse(struct arena *a, const char *src, size_t len, struct parse_result *out)
{
	do_parse(a, src, len, false, out);
}

void
parse_partial(struct arena *a, const char *src, size_t len,
	      struct parse_result *out)
{
	do_parse(a, src, len, true, out);
}

static void
do_parse(struct arena *a, const char *src, size_t len, bool partial,
	 struct parse_result *out)
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
	p.lx.partial = partial;
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
