/*
 * env.c - the session environment, built from nothing (pure code).
 *
 * Assumes: host is the caller's environment, untrusted in every byte.
 * Guarantees: the result holds at most TERM, LANG, the standard LC_*
 * variables and TZ from host, each validated, followed by HOME, USER,
 * LOGNAME, SHELL, PATH and TMPDIR from the identity, in that order, then
 * PAGER, MANPAGER, LESS (only for less), EDITOR and VISUAL when the identity
 * names a pager and an editor (commands the session can run).
 * Anything else (LD_*, BASH_ENV, ENV, SSH_AUTH_SOCK, PYTHON*, ...) is
 * dropped.  As with getenv(3), only the first occurrence of a name in host
 * counts: if it is invalid the variable is dropped, not taken from a later
 * duplicate.
 */
#include "env.h"

#include <stdlib.h>
#include <string.h>

#define ENV_MAX_VALUE 64

/* The locale categories of POSIX and glibc; no other LC_ name is kept. */
static const char *const lc_names[] = {
	"LC_ALL", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE",
	"LC_MONETARY", "LC_MESSAGES", "LC_PAPER", "LC_NAME", "LC_ADDRESS",
	"LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION", NULL
};

/* Where an absolute TZ may point. */
static const char zoneinfo[] = "/usr/share/zoneinfo/";

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Every byte of v in set (plus alphanumerics), 1..ENV_MAX_VALUE bytes. */
static bool
only(const char *v, const char *set)
{
	size_t n = 0;

	if (!v)
		return false;
	for (; v[n]; n++) {
		if (n >= ENV_MAX_VALUE)
			return false;
		if (!is_alnum(v[n]) && !strchr(set, v[n]))
			return false;
	}
	return n > 0;
}

/* A terminfo entry name; it becomes a file name, so no leading '.' or '-'. */
bool
env_valid_term(const char *v)
{
	return only(v, "._+-") && is_alnum(v[0]);
}

/* A locale name such as C.UTF-8 or de_DE@euro; never a path. */
bool
env_valid_locale(const char *v)
{
	return only(v, "_.@-") && v[0] != '.' && !strstr(v, "..");
}

/*
 * A zone name (Europe/Paris, :Europe/Paris, UTC) or POSIX rule
 * (EST5EDT,M3.2.0,M11.1.0).  An absolute path only into the zoneinfo tree.
 */
bool
env_valid_tz(const char *v)
{
	const char *p;

	if (!only(v, "_+-:/.,") || strstr(v, ".."))
		return false;
	p = v[0] == ':' ? v + 1 : v;
	if (p[0] == '/')
		return strncmp(p, zoneinfo, sizeof(zoneinfo) - 1) == 0 &&
		       p[sizeof(zoneinfo) - 1] != '\0';
	return true;
}

static bool
is_lc_name(const char *name, size_t len)
{
	for (const char *const *n = lc_names; *n; n++)
		if (strlen(*n) == len && memcmp(*n, name, len) == 0)
			return true;
	return false;
}

static bool
name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

/* The validator for a variable we keep, or NULL to drop it. */
static bool (*validator(const char *name, size_t len))(const char *)
{
	if (name_is(name, len, "TERM"))
		return env_valid_term;
	if (name_is(name, len, "LANG") || is_lc_name(name, len))
		return env_valid_locale;
	if (name_is(name, len, "TZ"))
		return env_valid_tz;
	return NULL;
}

/* Has an earlier host entry already used the name? */
static bool
seen_before(char *const *host, size_t upto, const char *name, size_t len)
{
	for (size_t i = 0; i < upto; i++) {
		const char *eq = strchr(host[i], '=');

		if (eq && (size_t)(eq - host[i]) == len &&
		    memcmp(host[i], name, len) == 0)
			return true;
	}
	return false;
}

static char *
join(const char *name, const char *value)
{
	size_t a = strlen(name), b = strlen(value);
	char *s = malloc(a + b + 2);

	if (!s)
		return NULL;
	memcpy(s, name, a);
	s[a] = '=';
	memcpy(s + a + 1, value, b + 1);
	return s;
}

char **
env_build(char *const *host, const struct env_identity *id)
{
	const struct {
		const char *name, *value;
	} ident[] = {
		{ "HOME", id ? id->home : NULL },
		{ "USER", id ? id->user : NULL },
		{ "LOGNAME", id ? id->user : NULL },
		{ "SHELL", id ? id->shell : NULL },
		{ "PATH", id ? id->path : NULL },
		{ "TMPDIR", id ? id->tmpdir : NULL },
		{ "PAGER", id ? id->pager : NULL },
		{ "MANPAGER", id ? id->pager : NULL },
		/* less passes colour through: git diff, grep --color. */
		{ "LESS", id && id->pager && !strcmp(id->pager, "less") ?
			  "-R" : NULL },
		{ "EDITOR", id ? id->editor : NULL },
		{ "VISUAL", id ? id->editor : NULL },
	};
	const size_t nident = sizeof(ident) / sizeof(ident[0]);
	size_t nhost = 0, n = 0;
	char **env;

	while (host && host[nhost])
		nhost++;
	env = calloc(nhost + nident + 1, sizeof(*env));
	if (!env)
		return NULL;

	for (size_t i = 0; i < nhost; i++) {
		const char *eq = strchr(host[i], '=');
		bool (*ok)(const char *);
		size_t len;

		if (!eq)
			continue;
		len = (size_t)(eq - host[i]);
		ok = validator(host[i], len);
		if (!ok || seen_before(host, i, host[i], len) || !ok(eq + 1))
			continue;
		env[n] = strdup(host[i]);
		if (!env[n++])
			goto oom;
	}
	/* A NULL identity field leaves that variable unset. */
	for (size_t i = 0; i < nident; i++) {
		if (!ident[i].value)
			continue;
		env[n] = join(ident[i].name, ident[i].value);
		if (!env[n++])
			goto oom;
	}
	env[n] = NULL;
	return env;
oom:
	env_free(env);
	return NULL;
}

void
env_free(char **env)
{
	if (!env)
		return;
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
}
