/*
 * vars.c - shell variables (see sh.h).
 *
 * Assumes: environ is the session environment built from nothing.
 * Guarantees: no name refused by var_refused() (LD_*, PATH, IFS, ...) is
 * ever set, exported or unset here, whatever path led to the call.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lex.h"

extern char **environ;

struct var {
	char *name, *value;
	struct var *next;
};

static struct var **
find(struct shell *sh, const char *name)
{
	struct var **v;

	for (v = &sh->vars; *v; v = &(*v)->next)
		if (strcmp((*v)->name, name) == 0)
			return v;
	return v;
}

/*
 * The environment is kept here, not with setenv(3): glibc's setenv keeps
 * every "NAME=VALUE" string it ever made (so `cd` or `export X=$i` in a
 * loop would grow the heap for the whole session).  environ points at
 * this array, so getenv and execve see it.
 */
static char **env, **orig_environ;
static size_t nenv, capenv;

static void
env_own(void)
{
	char **e;

	if (env) {
		/* Someone called setenv(3) behind our back and glibc moved
		 * environ to a copy of ours: take it back. */
		environ = env;
		return;
	}
	orig_environ = environ;
	for (e = environ; e && *e; e++)
		nenv++;
	capenv = nenv + 16;
	env = calloc(capenv + 1, sizeof(*env));
	if (!env)
		die("out of memory");
	for (nenv = 0, e = environ; e && *e; e++)
		if (!(env[nenv++] = strdup(*e)))
			die("out of memory");
	environ = env;
}

static long
env_find(const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i < nenv; i++)
		if (strncmp(env[i], name, len) == 0 && env[i][len] == '=')
			return (long)i;
	return -1;
}

static void
env_set(const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	char *str = malloc(nl + vl + 2);
	long i;

	if (!str)
		die("out of memory");
	memcpy(str, name, nl);
	str[nl] = '=';
	memcpy(str + nl + 1, value, vl + 1);
	env_own();
	if ((i = env_find(name)) >= 0) {
		free(env[i]);
		env[i] = str;
		return;
	}
	if (nenv == capenv) {
		char **ne = realloc(env, (capenv * 2 + 1) * sizeof(*ne));

		if (!ne)
			die("out of memory");
		env = environ = ne;
		capenv *= 2;
	}
	env[nenv++] = str;
	env[nenv] = NULL;
}

static void
env_unset(const char *name)
{
	long i;

	env_own();
	if ((i = env_find(name)) < 0)
		return;
	free(env[i]);
	env[i] = env[--nenv];
	env[nenv] = NULL;
}

const char *
var_get(struct shell *sh, const char *name)
{
	struct var *v = *find(sh, name);

	return v ? v->value : getenv(name);
}

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

/* Names made readonly, in a list of their own: exported variables live
 * in the environment, not in struct var. */
struct ro {
	char *name;
	struct ro *next;
};
static struct ro *ro_list;

bool
var_is_readonly(struct shell *sh, const char *name)
{
	struct ro *r;

	(void)sh;
	for (r = ro_list; r; r = r->next)
		if (strcmp(r->name, name) == 0)
			return true;
	return false;
}

/*
 * Any name is allowed, PATH, IFS and LD_* included: what may run is
 * decided by the kernel (the session's allow-list and Landlock), not by
 * the shell refusing words.
 */
static int
check(struct shell *sh, const char *name, const char *what)
{
	if (!is_name(name, strlen(name))) {
		warnx("%s: '%s' is not a valid variable name", what, name);
		return -1;
	}
	if (strcmp(what, "export") != 0 && var_is_readonly(sh, name)) {
		warnx("%s: is read only", name);
		return -1;
	}
	return 0;
}

int
var_readonly(struct shell *sh, const char *name)
{
	struct ro *r;

	if (!is_name(name, strlen(name))) {
		warnx("readonly: '%s' is not a valid variable name", name);
		return -1;
	}
	if (var_is_readonly(sh, name))
		return 0;
	if (!(r = malloc(sizeof(*r))) || !(r->name = strdup(name)))
		die("out of memory");
	r->next = ro_list;
	ro_list = r;
	return 0;
}

void
print_quoted(const char *s)
{
	/* In single quotes, as dash prints them, each ' written as '\''
	 * so the output reads back as the value. */
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

void
var_print_readonly(struct shell *sh)
{
	struct ro *r;

	for (r = ro_list; r; r = r->next) {
		const char *v = var_get(sh, r->name);

		printf("readonly %s", r->name);
		if (v) {
			putchar('=');
			print_quoted(v);
		}
		putchar('\n');
	}
}

/* A local's previous state, restored when its function returns. */
struct saved_local {
	char *name, *value;	/* value NULL: it was unset */
	bool exported;
	struct saved_local *next;
};

int
var_local(struct shell *sh, const char *name)
{
	struct saved_local *l;
	const char *v;

	if (!sh->frame) {
		warnx("local: only meaningful in a function");
		return -1;
	}
	if (check(sh, name, "local") < 0)
		return -1;
	for (l = sh->frame->saved; l; l = l->next)
		if (strcmp(l->name, name) == 0)
			return 0;
	if (!(l = calloc(1, sizeof(*l))) || !(l->name = strdup(name)))
		die("out of memory");
	v = var_get(sh, name);
	l->exported = !*find(sh, name) && getenv(name);
	if (v && !(l->value = strdup(v)))
		die("out of memory");
	l->next = sh->frame->saved;
	sh->frame->saved = l;
	return 0;
}

void
var_frame_pop(struct shell *sh, struct frame *f)
{
	struct saved_local *l, *next;

	for (l = f->saved; l; l = next) {
		next = l->next;
		var_unset(sh, l->name);
		if (l->value)
			var_set(sh, l->name, l->value, l->exported);
		free(l->name);
		free(l->value);
		free(l);
	}
	f->saved = NULL;
}

int
var_set(struct shell *sh, const char *name, const char *value, bool export)
{
	struct var **p, *v;

	if (check(sh, name, export ? "export" : "assignment") < 0)
		return -1;
	if (sh->allexport)
		export = true;
	p = find(sh, name);
	if (export || (!*p && getenv(name))) {
		/* env_set first: value may be the unexported copy freed next. */
		env_set(name, value);
		if (*p) {
			v = *p;
			*p = v->next;
			free(v->name);
			free(v->value);
			free(v);
		}
		return 0;
	}
	if (*p) {
		char *nv = xstrdup(value);

		free((*p)->value);
		(*p)->value = nv;
		return 0;
	}
	v = malloc(sizeof(*v));
	if (!v)
		die("out of memory");
	v->name = xstrdup(name);
	v->value = xstrdup(value);
	v->next = sh->vars;
	sh->vars = v;
	return 0;
}

int
var_export(struct shell *sh, const char *name)
{
	struct var *v;

	if (check(sh, name, "export") < 0)
		return -1;
	v = *find(sh, name);
	if (v)
		return var_set(sh, name, v->value, true);
	if (!getenv(name))
		return var_set(sh, name, "", true);
	return 0;
}

int
var_unset(struct shell *sh, const char *name)
{
	struct var **p, *v;

	if (check(sh, name, "unset") < 0)
		return -1;
	p = find(sh, name);
	if ((v = *p)) {
		*p = v->next;
		free(v->name);
		free(v->value);
		free(v);
	}
	env_unset(name);
	return 0;
}

char **
var_names(struct shell *sh)
{
	size_t n = 0, i = 0;
	struct var *v;
	char **e, **out;

	for (v = sh->vars; v; v = v->next)
		n++;
	for (e = environ; e && *e; e++)
		n++;
	out = calloc(n + 1, sizeof(*out));
	if (!out)
		die("out of memory");
	for (v = sh->vars; v; v = v->next)
		out[i++] = xstrdup(v->name);
	for (e = environ; e && *e; e++)
		out[i++] = strndup(*e, strcspn(*e, "="));
	out[i] = NULL;
	return out;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
var_print(struct shell *sh, bool exported_only)
{
	char **names = var_names(sh), **n;
	size_t count = 0;

	for (n = names; *n; n++)
		count++;
	qsort(names, count, sizeof(*names), cmpstr);
	for (n = names; *n; n++) {
		bool exported = !*find(sh, *n);

		if (*n[0] && (!exported_only || exported)) {
			const char *v = var_get(sh, *n);

			printf("%s%s=", exported ? "export " : "", *n);
			print_quoted(v ? v : "");
			putchar('\n');
		}
		free(*n);
	}
	free(names);
}

void
vars_keep_exported(struct shell *sh)
{
	struct var *v, *next;

	for (v = sh->vars; v; v = next) {
		next = v->next;
		free(v->name);
		free(v->value);
		free(v);
	}
	sh->vars = NULL;
	while (ro_list) {
		struct ro *r = ro_list;

		ro_list = r->next;
		free(r->name);
		free(r);
	}
}

void
vars_free(struct shell *sh)
{
	vars_keep_exported(sh);
	if (env) {
		size_t i;

		for (i = 0; i < nenv; i++)
			free(env[i]);
		free(env);
		environ = orig_environ;
		env = NULL;
		nenv = capenv = 0;
	}
}
