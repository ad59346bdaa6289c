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
 * a hint.  Every process of the session is then a descendant and stays in
 * it: the session has no /sys to move itself elsewhere.
 */
void cgroup_require(const struct policy *p);

/*
 * The memory in use (bytes) of the cgroup of pid in the hierarchy that
 * carries the memory controller (cyloctl list, --policy).  Returns 0, or
 * -1 with errno (ENOENT: no memory controller for pid).
 */
int cgroup_memory_used(pid_t pid, unsigned long long *bytes);

/*
 * The route this host offers a PAM session's cgroup ("systemd", "v2",
 * "v1", or NULL when none) and one line saying why, for --check.
 */
const char *cgroup_route(char *why, size_t len);

/*
 * For --policy USER: one comment line per live session cgroup pam_cylo made
 * for user, with its memory in use.  Returns how many it printed.
 */
int cgroup_print_sessions(FILE *f, const char *user);

#endif
