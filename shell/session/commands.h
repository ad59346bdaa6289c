/*
 * commands.h - the programs a session may run: the PATH directory and the
 * list of files Landlock lets it execute.
 */
#ifndef CYLO_COMMANDS_H
#define CYLO_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "session.h"
#include "strset.h"

/* The session's own PATH directory (on the read-only root tmpfs). */
#define SESSION_BIN "/run/cylo/bin"

/* Files (or directory trees) the session may execute; seen holds those
 * execlist_add put in paths, so it adds each once in constant time. */
struct execlist {
	char **paths;
	size_t n, cap;
	struct strset seen;
};

/* Add a copy of path, unless it is there already. */
void execlist_add(struct execlist *x, const char *path);

struct cmdpair {
	char *a, *b;
};

struct cmdpairs {
	struct cmdpair *v;
	size_t n, cap;
};

/*
 * What commands_build does in a session, worked out before the clone from
 * the policy and the system tree (stat and readdir of root's directories,
 * nothing of the user's), or read from a root-owned cache (cmdcache.c).
 */
struct cmdplan {
	struct execlist x;	/* what Landlock lets the session execute */
	struct cmdpairs interps; /* a: SESSION_INTERP/NAME, b: interpreter */
	struct cmdpairs covers;	/* a: interpreter's path, b: what covers it */
	struct cmdpairs links;	/* a: name in SESSION_BIN, b: link target */
	struct strset linked;	/* the names of links */
	struct cmdpairs stamps;	/* a: path whose lstat the plan depends on */
	/* From a cache: bind bin_path (checked dev and inode) at SESSION_BIN
	 * instead of making the links. */
	bool cached;
	char *bin_path;
	dev_t bin_dev;
	ino_t bin_ino;
};

/*
 * Before the clone: work out the links in SESSION_BIN (the allowed
 * commands, sh, the helpers they run by name, the languages' wrappers),
 * what covers each raw interpreter's path (its wrapper or the mask), and
 * what Landlock must let the session execute.  With `commands = *`, the
 * system tree is executable as a whole and the list holds only the
 * language interpreters.
 */
void commands_plan(const struct session *s, struct cmdplan *p);

/*
 * In init, after pivot_root, before the root is made read-only: carry out
 * the plan (SESSION_INTERP binds, the links unless the plan is cached,
 * the covers).
 */
void commands_build(const struct cmdplan *p);

/* Release what p holds, and leave it empty. */
void commands_plan_free(struct cmdplan *p);

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
