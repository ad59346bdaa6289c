/*
 * mounts.h - steps 4 and 5: the session's file system view.
 */
#ifndef CYLO_MOUNTS_H
#define CYLO_MOUNTS_H

#include "session.h"

/* Where the session's setup leaves a file that only Landlock forbids to
 * read: the read-back check opens it and must be refused. */
#define LANDLOCK_PROBE "/run/cylo/landlock-probe"

/*
 * Build the new root on a tmpfs and pivot into it.  Runs in init, inside the
 * new user and mount namespaces.  On return, / is the session's root, the
 * old root is detached, and the current directory is /.
 */
void mounts_build(const struct session *s);
/* Make the root tmpfs and /dev read-only: the view is final. */
void mounts_seal(void);

#endif
