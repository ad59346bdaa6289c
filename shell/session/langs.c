/*
 * langs.c - parse the language index (pure code).
 *
 * Assumes: the text was read by rootfile_read (root-owned, checked).
 * Guarantees: every field is validated: names are [A-Za-z0-9._+-], the
 * interpreter is an absolute path without "..", the directory is relative
 * without "..", commands are plain names; anything else is an error with
 * its line, and nothing is used.
 */
#include "langs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
name_ok(const char *s)
{
	if (!*s || strlen(s) > 64 || *s == '.' || *s == '-')
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._+-", *s))
			return false;
	return true;
}

static bool
path_ok(const char *s, bool absolute)
{
	if ((*s == '/') != absolute || !*s || strlen(s) >= 4096)
		return false;
	if (strstr(s, "/../") || !strncmp(s, "../", 3) || !strcmp(s, "..") ||
	    (strlen(s) >= 3 && !strcmp(s + strlen(s) - 3, "/..")))
		return false;
	return !strpbrk(s, "\n\t\r");
}

static int
fail(char *err, size_t errlen, const char *file, unsigned line, const char *msg)
{
	snprintf(err, errlen, "%s:%u: %s", file, line, msg);
	return -1;
}

/* Split the space-separated command list into l; false on a bad name. */
static bool
split_cmds(char *s, struct strlist *l)
{
	char *save = NULL, *w;

	for (w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char **v;

		if (!name_ok(w))
			return false;
		v = realloc(l->v, (l->n + 2) * sizeof(*v));
		if (!v)
			return false;
		l->v = v;
		if (!(l->v[l->n] = strdup(w)))
			return false;
		l->v[++l->n] = NULL;
	}
	return l->n > 0;
}

int
langs_parse(const char *text, size_t len, const char *file, struct langs *out,
	    char *err, size_t errlen)
{
	size_t pos = 0;
	unsigned line = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *buf, *f[5];
		struct language *v, *lg;
		int nf = 0;

		line++;
		if (memchr(text + pos, 0, n)) {
			langs_free(out);
			return fail(err, errlen, file, line, "NUL byte");
		}
		buf = strndup(text + pos, n);
		pos += n + (nl ? 1 : 0);
		if (!buf) {
			langs_free(out);
			return fail(err, errlen, file, line, "out of memory");
		}
		if (!*buf || *buf == '#') {
			free(buf);
			continue;
		}
		for (char *p = buf; nf < 5; nf++) {
			f[nf] = p;
			p = strchr(p, '\t');
			if (!p) {
				nf++;
				break;
			}
			*p++ = 0;
		}
		if (nf != 5 || strchr(f[4], '\t')) {
			free(buf);
			langs_free(out);
			return fail(err, errlen, file, line,
				    "expected 5 tab-separated fields");
		}
		if (!name_ok(f[0]) || !path_ok(f[1], true) ||
		    !path_ok(f[2], false)) {
			free(buf);
			langs_free(out);
			return fail(err, errlen, file, line,
				    "bad name, interpreter or directory");
		}
		v = realloc(out->v, (out->n + 1) * sizeof(*v));
		if (!v) {
			free(buf);
			langs_free(out);
			return fail(err, errlen, file, line, "out of memory");
		}
		out->v = v;
		lg = &out->v[out->n++];
		memset(lg, 0, sizeof(*lg));
		lg->name = strdup(f[0]);
		lg->interp = strdup(f[1]);
		lg->dir = strdup(f[2]);
		lg->version = strdup(f[4]);
		if (!lg->name || !lg->interp || !lg->dir || !lg->version ||
		    !split_cmds(f[3], &lg->cmds)) {
			free(buf);
			langs_free(out);
			return fail(err, errlen, file, line, "bad command list");
		}
		free(buf);
	}
	return 0;
}

void
langs_apply_policy(struct langs *l, const struct policy *p)
{
	for (size_t i = 0; i < l->n; i++)
		l->v[i].allowed = p->languages_all ||
				  strlist_has(&p->languages, l->v[i].name);
}

const struct language *
langs_by_command(const struct langs *l, const char *cmd)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlist_has(&l->v[i].cmds, cmd))
			return &l->v[i];
	return NULL;
}

const struct language *
langs_by_program(const struct langs *l, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	for (i = 0; i < l->n; i++) {
		const char *ib = strrchr(l->v[i].interp, '/');

		if (!strcmp(ib ? ib + 1 : l->v[i].interp, base) ||
		    !strcmp(l->v[i].name, base))
			return &l->v[i];
	}
	return langs_by_command(l, base);
}

void
langs_free(struct langs *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].interp);
		free(l->v[i].dir);
		free(l->v[i].version);
		for (size_t j = 0; j < l->v[i].cmds.n; j++)
			free(l->v[i].cmds.v[j]);
		free(l->v[i].cmds.v);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
