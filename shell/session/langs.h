/*
 * langs.h - the language index written by cylo-genwrappers (pure code).
 *
 * LIBEXECDIR/wrappers/languages has one line per generated language, tab-
 * separated: name, interpreter (its real path), dependency directory
 * (relative to the home), commands (space-separated), version arguments.
 * '#' lines are comments.  The wrappers themselves are in
 * LIBEXECDIR/wrappers/bin.
 */
#ifndef CYLO_LANGS_H
#define CYLO_LANGS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#ifndef LIBEXECDIR
#define LIBEXECDIR "/usr/local/libexec/cylo"
#endif
#define LANGS_DIR LIBEXECDIR "/wrappers"
#define LANGS_INDEX LANGS_DIR "/languages"

/* Where a session sees the wrappers and the interpreters. */
#define SESSION_WRAPPERS "/run/cylo/wrappers"
#define SESSION_INTERP "/run/cylo/interp"

struct language {
	char *name;
	char *interp;		/* absolute real path on the host */
	char *dir;		/* relative to the home */
	char *version;		/* arguments that print the version */
	struct strlist cmds;
	bool allowed;		/* by the session's `languages =` */
};

struct langs {
	struct language *v;
	size_t n;
};

/* Parse an index; -1 with "FILE:LINE: message" in err. */
int langs_parse(const char *text, size_t len, const char *file,
		struct langs *out, char *err, size_t errlen);
/* Mark each language allowed or not by the policy. */
void langs_apply_policy(struct langs *l, const struct policy *p);
/* The language that provides command cmd, or NULL. */
const struct language *langs_by_command(const struct langs *l, const char *cmd);
/* The language whose interpreter has this base name (python3.11, node), or
 * whose name or command is it; for "use the wrapper" hints. */
const struct language *langs_by_program(const struct langs *l, const char *path);
void langs_free(struct langs *l);

#endif
