/*
 * parse_dump.c - an AST as text, for tests and debugging (see parse.h).
 *
 * Assumes: n came from parse().  Guarantees: no syscalls; the text is in
 * the caller's arena.
 */
#include "parse.h"

#include <stdio.h>
#include <string.h>

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
			abuf_addn(b, q->text ? q->text : "", q->len);
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
		"<", ">", ">>", ">&", ">&-", "&>", "&>>", "<<", "<<<", "<>",
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
	case N_CASE: {
		const struct case_item *it;

		abuf_adds(b, "(case [");
		dump_word(b, n->casen.word);
		abuf_addc(b, ']');
		for (it = n->casen.items; it; it = it->next) {
			abuf_adds(b, " (");
			for (i = 0; i < it->npats; i++) {
				abuf_adds(b, i ? "|[" : "[");
				dump_word(b, it->pats[i]);
				abuf_addc(b, ']');
			}
			abuf_addc(b, ' ');
			dump(b, it->body);
			abuf_addc(b, ')');
		}
		break;
	}
	case N_FUNC:
		abuf_adds(b, "(func ");
		abuf_adds(b, n->func.name);
		abuf_addc(b, ' ');
		dump(b, n->func.body);
		break;
	case N_COND:
		abuf_adds(b, "(cond");
		for (i = 0; i < n->cond.n; i++) {
			static const char *const k[] = { "", " &&", " ||", " (", " )" };

			abuf_adds(b, k[n->cond.items[i].kind]);
			if (n->cond.items[i].kind == CK_WORD) {
				abuf_adds(b, " [");
				dump_word(b, n->cond.items[i].w);
				abuf_addc(b, ']');
			}
		}
		break;
	case N_ARITH:
		abuf_adds(b, "(arith [");
		dump_word(b, n->arith.cond);
		abuf_addc(b, ']');
		break;
	case N_ARITH_FOR:
		abuf_adds(b, "(afor [");
		dump_word(b, n->arith.init);
		abuf_adds(b, "] [");
		dump_word(b, n->arith.cond);
		abuf_adds(b, "] [");
		dump_word(b, n->arith.step);
		abuf_adds(b, "] ");
		dump(b, n->arith.body);
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
