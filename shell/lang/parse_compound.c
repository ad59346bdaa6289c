/*
 * parse_compound.c - the compound commands of the parser: if, while and
 * until, for and for (( )), case, [[ ]] and (( )) (see parse_int.h).
 *
 * Assumes: the keyword that opens the command was read by
 * parse_command.  Guarantees: as parse.c, no syscalls, memory from the
 * parser's arena, errors through lex_fail.
 */
#include "parse_int.h"

#include <string.h>

struct node *
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

struct node *
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

struct node *
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

/*
 * The text of (( ... )) after the first '(' was taken as a token: up to
 * the matching "))".  Returns it from the arena and moves the lexer on.
 */
char *
arith_text(struct parser *p)
{
	struct lexer *lx = &p->lx;
	size_t start = lx->pos + 1, i = start;
	int depth = 0;

	for (; i < lx->len; i++) {
		char c = lx->s[i];

		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth == 0) {
				if (i + 1 < lx->len && lx->s[i + 1] == ')')
					break;
				lex_fail(lx, LEX_ERROR,
					 "syntax error: (( without a matching ))");
			}
			depth--;
		}
	}
	if (i >= lx->len)
		lex_fail(lx, LEX_INCOMPLETE, "unexpected end of input (expected '))')");
	lx->pos = i + 2;
	p->have = false;
	return arena_strndup(p->a, lx->s + start, i - start);
}

/* An arithmetic expression as the word $(( expr )), so expansion does
 * the work; an empty one is 1 (for ((;;)) loops forever). */
struct word *
arith_word(struct parser *p, const char *expr)
{
	struct abuf b;
	struct lexer sub;
	jmp_buf jb;
	struct token t;
	const char *e = expr;

	while (*e == ' ' || *e == '\t' || *e == '\n')
		e++;
	abuf_init(&b, p->a);
	abuf_adds(&b, "$((");
	abuf_adds(&b, *e ? expr : "1");
	abuf_adds(&b, "))");
	lex_init(&sub, p->a, b.s, b.len, &jb);
	if (setjmp(jb)) {
		memcpy(p->lx.err, sub.err, sizeof(p->lx.err));
		p->lx.status = LEX_ERROR;
		longjmp(*p->lx.jb, 1);
	}
	t = lex_next(&sub);
	if (t.type != T_WORD || lex_next(&sub).type != T_EOF)
		lex_fail(&p->lx, LEX_ERROR, "bad arithmetic expression '%s'", expr);
	resolve_word(p, t.word);
	return t.word;
}

/* [[ ... ]] ("[[" is read): the items up to "]]", checked later by the
 * evaluator's own small grammar. */
struct node *
parse_cond(struct parser *p)
{
	struct node *n = new_node(p, N_COND);
	struct cond_item *v = NULL;
	int cap = 0;

	for (;;) {
		struct token t = take(p);
		struct cond_item it = { CK_WORD, NULL };

		if (t.type == T_WORD && is_kw(&t, "]]"))
			break;
		switch (t.type) {
		case T_WORD:
			resolve_word(p, t.word);
			it.w = t.word;
			break;
		case T_AND: it.kind = CK_AND; break;
		case T_OR: it.kind = CK_OR; break;
		case T_LPAREN: it.kind = CK_LP; break;
		case T_RPAREN: it.kind = CK_RP; break;
		case T_NEWLINE: continue;
		case T_REDIR:
			/* < and > compare strings here. */
			if ((t.redir->type == R_IN || t.redir->type == R_OUT) &&
			    !t.redir->clobber) {
				struct wpart *q = arena_zalloc(p->a, sizeof(*q));

				q->type = P_LIT;
				q->text = arena_strdup(p->a,
						       t.redir->type == R_IN ? "<" : ">");
				q->len = 1;
				it.w = arena_zalloc(p->a, sizeof(*it.w));
				it.w->parts = q;
				break;
			}
			/* fall through */
		default:
			unexpected(p, &t);
		}
		if (n->cond.n == cap) {
			struct cond_item *nv;

			cap = cap ? cap * 2 : 8;
			nv = arena_alloc(p->a, sizeof(*nv) * (size_t)cap);
			if (n->cond.n)
				memcpy(nv, v, sizeof(*nv) * (size_t)n->cond.n);
			v = nv;
		}
		v[n->cond.n++] = it;
	}
	if (!n->cond.n)
		lex_fail(&p->lx, LEX_ERROR, "syntax error: empty [[ ]]");
	n->cond.items = v;
	return n;
}

/* "((" seen as a '(' token followed by '(' in the input. */
bool
at_arith(struct parser *p)
{
	return p->have && p->tok.type == T_LPAREN &&
	       p->tok.end == p->lx.pos && p->lx.pos < p->lx.len &&
	       p->lx.s[p->lx.pos] == '(';
}

struct node *
parse_for(struct parser *p)
{
	static const char *const t_done[] = { "done", NULL };
	struct node *n = new_node(p, N_FOR);
	struct token t;
	const char *name;
	struct pvec words = { 0 };

	peek(p);
	if (at_arith(p)) {
		/* bash's for (( init; cond; step )) */
		char *txt = arith_text(p), *parts[3], *q = txt;
		int k, depth = 0;

		for (k = 0; k < 3; k++) {
			parts[k] = q;
			for (; *q && !(*q == ';' && depth == 0); q++)
				depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
			if (k < 2) {
				if (*q != ';')
					lex_fail(&p->lx, LEX_ERROR,
						 "for ((: expected two ';' in '%s'", txt);
				*q++ = 0;
			}
		}
		n->type = N_ARITH_FOR;
		n->arith.init = arith_word(p, parts[0]);
		n->arith.cond = arith_word(p, parts[1]);
		n->arith.step = arith_word(p, parts[2]);
		if (peek(p)->type == T_SEMI)
			take(p);
		skip_newlines(p);
		if (is_kw(peek(p), "{")) {
			take(p);
			n->arith.body = need_list(p, (const char *const[]){ "}", NULL },
						  "loop body");
			expect_kw(p, "}");
			return n;
		}
		expect_kw(p, "do");
		n->arith.body = need_list(p, t_done, "loop body");
		expect_kw(p, "done");
		return n;
	}
	t = take(p);
	name = t.type == T_WORD ? word_literal(t.word) : NULL;
	if (t.type == T_EOF)
		unexpected(p, &t);
	if (!name || !is_name(name, strlen(name)))
		lex_fail(&p->lx, LEX_ERROR, "for: '%s' is not a valid variable name",
			 tok_name(p, &t));
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

/* case WORD in [(]PAT[|PAT]...) [LIST] ;; ... esac ("case" is read). */
struct node *
parse_case(struct parser *p)
{
	static const char *const t_esac[] = { "esac", NULL };
	struct node *n = new_node(p, N_CASE);
	struct case_item **tail = &n->casen.items;
	struct token t = take(p);

	if (t.type != T_WORD)
		unexpected(p, &t);
	resolve_word(p, t.word);
	n->casen.word = t.word;
	skip_newlines(p);
	expect_kw(p, "in");
	skip_newlines(p);
	while (!is_kw(peek(p), "esac")) {
		struct case_item *it = arena_zalloc(p->a, sizeof(*it));
		struct pvec pats = { 0 };

		if (peek(p)->type == T_LPAREN)
			take(p);
		for (;;) {
			t = take(p);
			if (t.type != T_WORD)
				unexpected(p, &t);
			resolve_word(p, t.word);
			pvec_push(p, &pats, t.word);
			t = take(p);
			if (t.type == T_RPAREN)
				break;
			if (t.type != T_PIPE)
				unexpected(p, &t);
		}
		it->pats = (struct word **)pats.v;
		it->npats = pats.n;
		it->body = parse_list(p, t_esac);
		*tail = it;
		tail = &it->next;
		if (peek(p)->type == T_DSEMI) {
			take(p);
			skip_newlines(p);
		} else if (!is_kw(peek(p), "esac")) {
			unexpected(p, peek(p));
		}
	}
	take(p);
	return n;
}
