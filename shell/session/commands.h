/*
 * commands.h - the programs a session may run: the PATH directory and the
 * list of files Landlock lets it execute.
 */
#ifndef CYLO_COMMANDS_H
#define CYLO_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"
#include "strset.h"

/* The session's own PATH directory (on the read-only root tmpfs). */
#define SESSION_BIN "/run/cylo/bin"

/* Files (or directory trees) the session may execute; seen holds those
 * add_exec put in paths, so it adds each once in constant time. */
struct execlist {
	char **paths;
	size_t n, cap;
	struct strset seen;
};

/*
 * After pivot_root, before the root is made read-only: fill SESSION_BIN
 * with links to the allowed commands, sh, the helpers they run by name,
 * and the languages' wrappers; cover each interpreter's own path with its
 * wrapper; and collect what Landlock must let the session execute.
 * With `commands = *`, the system tree is executable as a whole and the
 * list holds only the language interpreters.
 */
void commands_build(const struct session *s, struct execlist *x);

/*
 * The first of names (NULL-terminated) that the policy allows and this
 * system has, or NULL: the session's pager and editor.
 */
const char *commands_first(const struct policy *p, const char *const *names);

/* The session's PATH for a policy. */
const char *commands_path(const struct policy *p);

/* Is name an executable in the directories `commands =` names are looked
 * up in (for cylosh -C)? */
bool commands_found(const char *name);

#endif
