/*
 * env.h - the session environment, built from nothing (pure code).
 *
 * Only validated TERM, LANG, LC_* and TZ are taken from the caller's
 * environment; HOME, USER, LOGNAME, SHELL, PATH and TMPDIR are set by cylosh,
 * and so are PAGER, MANPAGER, LESS, EDITOR and VISUAL when the session has
 * a pager and an editor.
 * Everything else (LD_*, BASH_ENV, SSH_AUTH_SOCK, PYTHON*, ...) is dropped.
 */
#ifndef CYLO_ENV_H
#define CYLO_ENV_H

#include <stdbool.h>
#include <stddef.h>

struct env_identity {
	const char *user;	/* USER and LOGNAME */
	const char *home;	/* HOME */
	const char *shell;	/* SHELL */
	const char *path;	/* PATH */
	const char *tmpdir;	/* TMPDIR */
	const char *pager;	/* PAGER and MANPAGER (LESS=-R with less), or NULL */
	const char *editor;	/* EDITOR and VISUAL, or NULL */
};

bool env_valid_term(const char *v);
bool env_valid_locale(const char *v);
bool env_valid_tz(const char *v);

/*
 * A new NULL-terminated, malloc'd environment for the session.  host may be
 * NULL.  Returns NULL only when out of memory.
 */
char **env_build(char *const *host, const struct env_identity *id);
void env_free(char **env);

#endif
