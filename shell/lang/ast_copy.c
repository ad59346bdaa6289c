/*
 * ast_copy.c - node_copy (see parse.h): a deep copy of a parsed tree.
 *
 * Assumes: the tree came from parse().  Guarantees: pure code; every
 * node, word, part, redirection and string of the copy lives in the
 * destination arena, so the line arena that held the original can be
 * reset while the copy (a function's body) lives on.
 */
#include "parse.h"

#include <string.h>

static struct word *word_copy(struct arena *a, const struct word *w);

static char *
str_copy(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static struct wpart *
part_copy(struct arena *a, const struct wpart *q)
{
	struct wpart *c = arena_alloc(a, sizeof(*c));

	*c = *q;
	c->next = NULL;
	if (q->text)
		c->text = arena_strndup(a, q->text, q->len);
	c->arg = word_copy(a, q->arg);
	c->sub = node_copy(a, q->sub);
	return c;
}

static struct word *
word_copy(struct arena *a, const struct word *w)
{
	struct word *c;
	struct wpart **tail;
	const struct wpart *q;

	if (!w)
		return NULL;
	c = arena_alloc(a, sizeof(*c));
	*c = *w;
	tail = &c->parts;
	for (q = w->parts; q; q = q->next) {
		*tail = part_copy(a, q);
		tail = &(*tail)->next;
	}
	*tail = NULL;
	return c;
}

static struct word **
words_copy(struct arena *a, struct word *const *v, int n)
{
	struct word **c = arena_alloc(a, sizeof(*c) * (size_t)(n + 1));
	int i;

	for (i = 0; i < n; i++)
		c[i] = word_copy(a, v[i]);
	c[n] = NULL;
	return c;
}

static struct redir *
redirs_copy(struct arena *a, const struct redir *r)
{
	struct redir *head = NULL, **tail = &head;

	for (; r; r = r->next) {
		struct redir *c = arena_alloc(a, sizeof(*c));

		*c = *r;
		c->target = word_copy(a, r->target);
		c->body = word_copy(a, r->body);
		c->next = NULL;
		*tail = c;
		tail = &c->next;
	}
	return head;
}

struct node *
node_copy(struct arena *a, const struct node *n)
{
	struct node *c;
	int i;

	if (!n)
		return NULL;
	c = arena_alloc(a, sizeof(*c));
	*c = *n;
	c->redirs = redirs_copy(a, n->redirs);
	c->text = str_copy(a, n->text);
	switch (n->type) {
	case N_CMD: {
		const struct assign *as;
		struct assign **tail = &c->cmd.assigns;

		for (as = n->cmd.assigns; as; as = as->next) {
			struct assign *ca = arena_alloc(a, sizeof(*ca));

			ca->name = arena_strdup(a, as->name);
			ca->value = word_copy(a, as->value);
			ca->next = NULL;
			*tail = ca;
			tail = &ca->next;
		}
		*tail = NULL;
		c->cmd.argv = words_copy(a, n->cmd.argv, n->cmd.argc);
		break;
	}
	case N_PIPE:
		c->pipe.cmds = arena_alloc(a, sizeof(*c->pipe.cmds) *
					      (size_t)(n->pipe.n + 1));
		for (i = 0; i < n->pipe.n; i++)
			c->pipe.cmds[i] = node_copy(a, n->pipe.cmds[i]);
		c->pipe.cmds[n->pipe.n] = NULL;
		break;
	case N_AND:
	case N_OR:
	case N_SEQ:
		c->bin.left = node_copy(a, n->bin.left);
		c->bin.right = node_copy(a, n->bin.right);
		break;
	case N_NOT:
	case N_BG:
	case N_SUBSHELL:
	case N_GROUP:
		c->body = node_copy(a, n->body);
		break;
	case N_IF:
		c->ifn.cond = node_copy(a, n->ifn.cond);
		c->ifn.then = node_copy(a, n->ifn.then);
		c->ifn.els = node_copy(a, n->ifn.els);
		break;
	case N_WHILE:
	case N_UNTIL:
		c->loop.cond = node_copy(a, n->loop.cond);
		c->loop.body = node_copy(a, n->loop.body);
		break;
	case N_FOR:
		c->forn.var = arena_strdup(a, n->forn.var);
		c->forn.words = words_copy(a, n->forn.words, n->forn.nwords);
		c->forn.body = node_copy(a, n->forn.body);
		break;
	case N_CASE: {
		const struct case_item *it;
		struct case_item **tail = &c->casen.items;

		c->casen.word = word_copy(a, n->casen.word);
		for (it = n->casen.items; it; it = it->next) {
			struct case_item *ci = arena_alloc(a, sizeof(*ci));

			ci->pats = words_copy(a, it->pats, it->npats);
			ci->npats = it->npats;
			ci->body = node_copy(a, it->body);
			ci->next = NULL;
			*tail = ci;
			tail = &ci->next;
		}
		*tail = NULL;
		break;
	}
	case N_COND:
		c->cond.items = arena_alloc(a, sizeof(*c->cond.items) *
					       (size_t)(n->cond.n ? n->cond.n : 1));
		for (i = 0; i < n->cond.n; i++) {
			c->cond.items[i].kind = n->cond.items[i].kind;
			c->cond.items[i].w = word_copy(a, n->cond.items[i].w);
		}
		break;
	case N_ARITH:
	case N_ARITH_FOR:
		c->arith.init = word_copy(a, n->arith.init);
		c->arith.cond = word_copy(a, n->arith.cond);
		c->arith.step = word_copy(a, n->arith.step);
		c->arith.body = node_copy(a, n->arith.body);
		break;
	case N_FUNC:
		c->func.name = arena_strdup(a, n->func.name);
		c->func.body = node_copy(a, n->func.body);
		break;
	}
	return c;
}
