/*
 * cgroup.h - the session's cgroup seen from cylosh: is the session inside
 * one that carries the policy's whole-session limits, how much memory a
 * session uses, and which route this host offers (for --check).
 */
#ifndef CYLO_CGROUP_H
#define CYLO_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "config.h"

/*
 * Step before the clone (outer, host namespaces): when p sets memory, tasks
 * or cpu (and session_limits is cgroup), the calling process must already
 * be in a cgroup whose limits (its own or an ancestor's) are at most the
 * policy's; otherwise the session fails with the step "session cgroup" and
 * a hint.  Where the process's cgroup lies in a subtree delegated to the
 * user, cylosh makes the session's own cgroup there instead (next to the
 * one it started in, with the policy's limits), moves itself in, and has
 * it removed when the session is over.  Every process of the session is
 * then a descendant and stays in it: the session has no /sys to move
 * itself elsewhere.
 */
void cgroup_require(const struct policy *p);

/*
 * The route this host offers a PAM session's cgroup ("systemd", "v2",
 * "v1", or NULL when none) and one line saying why, for --check.  *lacks
 * gets the controllers (cg_ctl bits) the route cannot carry: on a v2 host
 * whose hierarchy lacks some, a policy setting their limit fails.
 */
const char *cgroup_route(unsigned *lacks, char *why, size_t len);

/*
 * For --policy USER: one comment line per live session cgroup pam_cylo made
 * for user, with its memory in use.  Returns how many it printed.
 */
int cgroup_print_sessions(FILE *f, const char *user);

#endif
