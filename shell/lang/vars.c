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
#include "lcctype.h"
#include "lex.h"

extern char **environ;

/*
 * Every variable, exported or not, in one hash table: a lookup is one
 * hash and (almost always) one string comparison, where a list of shell
 * variables followed by getenv(3)'s scan of the environment cost a
 * strcmp per variable on every $x, and most on misses ($IFS is looked up
 * by every expansion and is usually unset).
 *
 * The environment is kept here too, not with setenv(3): glibc's setenv
 * keeps every "NAME=VALUE" string it ever made (so `cd` or `export X=$i`
 * in a loop would grow the heap for the whole session).  environ points
 * at env, so getenv and execve see it; an exported variable's value
 * points into its env string, so var_get and getenv return the same
 * pointer (eval.c's prefix assignments rely on that).
 *
 * Both are process-wide, as environ is: the shell is one per process.
 */
struct var {
	char *name;
	size_t namelen;
	char *value;		/* exported: inside env[slot], not owned */
	size_t cap;		/* not exported: the size of value's buffer */
	size_t slot;		/* exported: the index of its env string */
	bool exported;
	unsigned hash;
	struct var *next;	/* the next of its bucket */
};

static struct var **tab;
static size_t tabsize, nvars;	/* tabsize: a power of two */

static char **env, **orig_environ;
static struct var **envvar;	/* envvar[i]: the variable of env[i] */
static size_t nenv, capenv;

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("out of memory");
	return p;
}

/* FNV-1a: names are short, and any spread will do. */
static unsigned
hash_name(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct var **
link_of(const char *name, size_t n, unsigned h)
{
	struct var **v;

	for (v = &tab[h & (tabsize - 1)]; *v; v = &(*v)->next)
		if ((*v)->hash == h && (*v)->namelen == n &&
		    memcmp((*v)->name, name, n) == 0)
			return v;
	return v;
}

static void
tab_grow(void)
{
	size_t size = tabsize * 2, i;
	struct var **t = xcalloc(size, sizeof(*t)), *v, *next;

	for (i = 0; i < tabsize; i++)
		for (v = tab[i]; v; v = next) {
			next = v->next;
			v->next = t[v->hash & (size - 1)];
			t[v->hash & (size - 1)] = v;
		}
	free(tab);
	tab = t;
	tabsize = size;
}

/* A new, unset entry for NAME at *link (from link_of). */
static struct var *
tab_add(struct var **link, const char *name, size_t n, unsigned h)
{
	struct var *v = xcalloc(1, sizeof(*v));

	if (!(v->name = strndup(name, n)))
		die("out of memory");
	v->namelen = n;
	v->hash = h;
	*link = v;
	if (++nvars > tabsize)
		tab_grow();
	return v;
}

static void
env_reserve(void)
{
	if (nenv < capenv)
		return;
	capenv = capenv ? capenv * 2 : 16;
	if (!(env = realloc(env, (capenv + 1) * sizeof(*env))) ||
	    !(envvar = realloc(envvar, (capenv + 1) * sizeof(*envvar))))
		die("out of memory");
	environ = env;
}

/*
 * Take the environment over: copy environ and index every NAME=VALUE
 * (the first of a name, as getenv finds it).  Done on the first use of
 * any variable.
 */
static void
vars_init(void)
{
	char **e;

	if (env) {
		/* Someone called setenv(3) behind our back and glibc moved
		 * environ to a copy of ours: take it back. */
		environ = env;
		return;
	}
	tabsize = 64;
	tab = xcalloc(tabsize, sizeof(*tab));
	orig_environ = environ;
	for (e = orig_environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');
		struct var **link = NULL, *v = NULL;
		unsigned h = 0;

		if (eq) {
			h = hash_name(*e, (size_t)(eq - *e));
			link = link_of(*e, (size_t)(eq - *e), h);
		}
		env_reserve();
		if (!(env[nenv] = strdup(*e)))
			die("out of memory");
		if (link && !*link) {
			v = tab_add(link, *e, (size_t)(eq - *e), h);
			v->exported = true;
			v->slot = nenv;
			v->value = env[nenv] + (eq - *e) + 1;
		}
		envvar[nenv++] = v;
	}
	env_reserve();
	env[nenv] = NULL;
	environ = env;
}

static struct var *
lookup(const char *name)
{
	size_t n = strlen(name);

	if (!env || environ != env)
		vars_init();
	return *link_of(name, n, hash_name(name, n));
}

/* Export V with VALUE (which may be V's own value: freed only after). */
static void
env_set(struct var *v, const char *value)
{
	size_t nl = v->namelen, vl = strlen(value);
	char *str = malloc(nl + vl + 2);

	if (!str)
		die("out of memory");
	memcpy(str, v->name, nl);
	str[nl] = '=';
	memcpy(str + nl + 1, value, vl + 1);
	if (v->exported) {
		free(env[v->slot]);
		env[v->slot] = str;
	} else {
		env_reserve();
		v->slot = nenv;
		envvar[nenv] = v;
		env[nenv++] = str;
		env[nenv] = NULL;
		free(v->value);
		v->exported = true;
	}
	v->value = str + nl + 1;
}

/* Take V's string out of the environment (the last one fills its place). */
static void
env_remove(struct var *v)
{
	size_t i = v->slot;

	free(env[i]);
	env[i] = env[--nenv];
	envvar[i] = envvar[nenv];
	if (envvar[i])
		envvar[i]->slot = i;
	env[nenv] = NULL;
	v->exported = false;
	v->value = NULL;
}

const char *
var_get(struct shell *sh, const char *name)
{
	struct var *v = lookup(name);

	(void)sh;
	return v ? v->value : NULL;
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

/* Would the shell refuse this byte in its input (lex_check_input)? */
static bool
refused_byte(const unsigned char *s)
{
	return (*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7f ||
	       (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f);
}

void
print_quoted(const char *s)
{
	const unsigned char *u;
	bool dollar = false;

	for (u = (const unsigned char *)s; *u && !dollar; u++)
		dollar = refused_byte(u);
	if (!dollar) {
		/* In single quotes, as dash prints them, each ' written as
		 * '\'' so the output reads back as the value. */
		putchar('\'');
		for (; *s; s++) {
			if (*s == '\'')
				fputs("'\\''", stdout);
			else
				putchar(*s);
		}
		putchar('\'');
		return;
	}
	/* Control characters: $'...' with escapes (as bash prints them), so
	 * the output reads back, and the shell that reads it (which refuses
	 * raw control characters in its input) and the terminal showing it
	 * never get the raw bytes. */
	fputs("$'", stdout);
	for (u = (const unsigned char *)s; *u; u++) {
		static const char esc[] = "\a\b\t\n\v\f\r\033";
		static const char let[] = "abtnvfre";
		const char *e = *u ? strchr(esc, *u) : NULL;

		if (*u == '\'' || *u == '\\')
			printf("\\%c", *u);
		else if (e)
			printf("\\%c", let[e - esc]);
		else if (*u == 0xc2 && refused_byte(u))
			printf("\\302\\%03o", *++u);
		else if (refused_byte(u))
			printf("\\%03o", *u);
		else
			putchar(*u);
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
	struct var *v;

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
	if ((v = lookup(name))) {
		l->exported = v->exported;
		if (!(l->value = strdup(v->value)))
			die("out of memory");
	}
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

static int
store(struct shell *sh, const char *name, const char *value, bool export)
{
	size_t n, vl;
	unsigned h;
	struct var **link, *v;

	if (check(sh, name, export ? "export" : "assignment") < 0)
		return -1;
	if (sh->allexport)
		export = true;
	(void)lookup(name);	/* takes the environment over if need be */
	n = strlen(name);
	h = hash_name(name, n);
	link = link_of(name, n, h);
	v = *link ? *link : tab_add(link, name, n, h);
	if (export || v->exported) {
		env_set(v, value);
		return 0;
	}
	/* i=$((i + 1)) in a loop: the old buffer usually fits (memmove:
	 * value may be the variable's own). */
	vl = strlen(value);
	if (v->value && vl < v->cap) {
		memmove(v->value, value, vl + 1);
		return 0;
	}
	{
		char *nv = xstrdup(value);

		free(v->value);
		v->value = nv;
		v->cap = vl + 1;
	}
	return 0;
}

int
var_set(struct shell *sh, const char *name, const char *value, bool export)
{
	if (store(sh, name, value, export) < 0)
		return -1;
	if (lcctype_var(name))
		lcctype_sync(sh, false);
	return 0;
}

int
var_export(struct shell *sh, const char *name)
{
	struct var *v;

	if (check(sh, name, "export") < 0)
		return -1;
	v = lookup(name);
	if (!v)
		return var_set(sh, name, "", true);
	if (!v->exported)
		return var_set(sh, name, v->value, true);
	return 0;
}

int
var_unset(struct shell *sh, const char *name)
{
	size_t n;
	unsigned h;
	struct var **link, *v;

	if (check(sh, name, "unset") < 0)
		return -1;
	(void)lookup(name);
	n = strlen(name);
	h = hash_name(name, n);
	link = link_of(name, n, h);
	if (!(v = *link))
		return 0;
	if (v->exported)
		env_remove(v);
	*link = v->next;
	nvars--;
	free(v->name);
	free(v->value);
	free(v);
	if (lcctype_var(name))
		lcctype_sync(sh, false);
	return 0;
}

char **
var_names(struct shell *sh)
{
	size_t i, k = 0;
	struct var *v;
	char **out;

	(void)sh;
	if (!env || environ != env)
		vars_init();
	out = xcalloc(nvars + 1, sizeof(*out));
	for (i = 0; i < tabsize; i++)
		for (v = tab[i]; v; v = v->next)
			out[k++] = xstrdup(v->name);
	out[k] = NULL;
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
		struct var *v = lookup(*n);

		if (*n[0] && v && (!exported_only || v->exported)) {
			printf("%s%s=", v->exported ? "export " : "", *n);
			print_quoted(v->value);
			putchar('\n');
		}
		free(*n);
	}
	free(names);
}

static void
free_readonly(void)
{
	while (ro_list) {
		struct ro *r = ro_list;

		ro_list = r->next;
		free(r->name);
		free(r);
	}
}

void
vars_keep_exported(struct shell *sh)
{
	size_t i;
	struct var **link, *v;

	(void)sh;
	for (i = 0; i < tabsize; i++)
		for (link = &tab[i]; (v = *link);) {
			if (v->exported) {
				link = &v->next;
				continue;
			}
			*link = v->next;
			nvars--;
			free(v->name);
			free(v->value);
			free(v);
		}
	free_readonly();
}

void
vars_free(struct shell *sh)
{
	size_t i;
	struct var *v, *next;

	(void)sh;
	for (i = 0; i < tabsize; i++)
		for (v = tab[i]; v; v = next) {
			next = v->next;
			free(v->name);
			if (!v->exported)
				free(v->value);
			free(v);
		}
	free(tab);
	tab = NULL;
	tabsize = nvars = 0;
	free_readonly();
	if (env) {
		for (i = 0; i < nenv; i++)
			free(env[i]);
		free(env);
		free(envvar);
		environ = orig_environ;
		env = NULL;
		envvar = NULL;
		nenv = capenv = 0;
	}
}
