/*
 * cmdcache.h - a session's command plan (commands.h), made once per
 * resolved policy by root and reused by every session of that policy.
 *
 * CACHEDIR/KEY/plan holds the plan and a stamp of the system directories
 * it was made from; CACHEDIR/KEY/bin holds the links of SESSION_BIN, which
 * a session binds read-only instead of making them.  KEY names a hash of
 * the policy's commands and languages; the plan holds the whole text,
 * which must match.  A cache is used only when every directory from "/"
 * to it, and the plan and bin in it, are root's and writable by nobody
 * else, reached without following a link, and the stamp still holds:
 * otherwise the session makes its plan itself (the same result, slower).
 */
#ifndef CYLO_CMDCACHE_H
#define CYLO_CMDCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "commands.h"
#include "session.h"

#ifndef CACHEDIR
#define CACHEDIR "/var/cache/cylo"
#endif

/* The text the cache of s's policy must hold (malloc'd). */
char *cmdcache_key(const struct session *s);

/* Fill p from a usable cache for key; false (p left empty) when there is
 * none, or it is stale or not safe. */
bool cmdcache_load(const char *key, struct cmdplan *p);

/* As root: make the cache for s's policy (replacing an old one).  -1
 * with a message in err. */
int cmdcache_write(const struct session *s, char *err, size_t errlen);

#endif
