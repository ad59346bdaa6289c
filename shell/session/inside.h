/*
 * inside.h - cylosh started inside a session: the session's marker, and
 * the facts that tell such a start from a login (see inside.c).
 */
#ifndef CYLO_INSIDE_H
#define CYLO_INSIDE_H

#include <stdbool.h>

#include "commands.h"
#include "session.h"

/* The marker: the session's policy in cylo.conf syntax, on the session's
 * read-only root.  The language wrappers also look for it. */
#define INSIDE_MARKER "/run/cylo/session"
/* The running cylosh binary, bound into the session: its $SHELL. */
#define INSIDE_SHELL SESSION_BIN "/cylosh"

/*
 * In init, before the new root is built (while /proc/self/exe is the host
 * binary): a detached clone of the binary, as a mount fd.
 */
int inside_self(void);
/*
 * In init, after the new root is built and before it is made read-only:
 * mount self at INSIDE_SHELL (and let x execute it), and write the marker
 * with s->pol.  Fails the setup on any error.
 */
void inside_mark(const struct session *s, int self, struct execlist *x);

/*
 * Is this process a shell of a finished cylosh session?  True only when
 * every fact of inside.c holds; then s->pol is the session's policy.  A
 * marker that cannot be parsed fails the setup (never a fallback to a
 * policy of our own).  False otherwise: the caller builds a sandbox.
 */
bool inside_session(struct session *s);

/* Pure checks, for the unit tests. */
/* /proc/self/status text: NoNewPrivs 1, Seccomp 2, every capability set
 * empty. */
bool inside_status_ok(const char *status);
/* uid_map or gid_map text: the single line "id id 1". */
bool inside_map_ok(const char *map, unsigned id);

#endif
