/*
 * landlock.h - step 8: Landlock file, network and scope rules.
 */
#ifndef CYLO_LANDLOCK_H
#define CYLO_LANDLOCK_H

#include "commands.h"
#include "session.h"

/* Highest ABI the running kernel offers: 0 when Landlock is missing or
 * disabled, negative errno on other errors. */
int landlock_abi(void);
/* Errata bitmask of the running kernel, or -1 when it cannot tell. */
long landlock_errata(void);
/* The session's rules, at the best available ABI; returns the ABI used.
 * x lists what may be executed besides the system tree (all of it with
 * `commands = *`, none of it otherwise).
 * Refuses (fails the setup) below the policy's landlock_min_abi. */
int landlock_apply(const struct session *s, const struct execlist *x);
/* The outer process: no file system access at all (and no TCP). */
void landlock_restrict_outer(void);

#endif
