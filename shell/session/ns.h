/*
 * ns.h - step 3: the session's namespaces and its uid/gid maps.
 */
#ifndef CYLO_NS_H
#define CYLO_NS_H

#include <stdbool.h>
#include <sys/types.h>

/* The namespace flags of a session; network adds CLONE_NEWNET. */
int ns_flags(bool new_net);
/* clone(2) into new namespaces, fork-like: 0 in the child (pid 1 of the new
 * PID namespace), the child's pid in the parent.  Dies with a hint on error. */
pid_t ns_clone(int flags);
/* In the child: map uid and gid to themselves, with setgroups denied. */
void ns_map_ids(uid_t uid, gid_t gid);
/* In the child, before the filter: leave the inherited session keyring
 * for a new, empty one. */
void ns_own_keyring(void);
/* The hint for a failed clone with errno err. */
const char *ns_hint(int err);

#endif
