/*
 * store.h - the persistent store (cylo.conf "persist = STORE"): the rules a
 * user's directory STORE/USER must meet, and how cylosh opens it.
 *
 * Linked into cylosh, pam_cylo.so and cylo-enroll, so all three judge a
 * store by the same code.  Errors come back through err (no diag.c, no
 * exit); errno is ENOENT when the store or the user's directory is missing,
 * so callers can say "run cylo-enroll".
 */
#ifndef CYLO_STORE_H
#define CYLO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* What the outer process checked, for init to find the same directory. */
struct store_id {
	dev_t dev;
	ino_t ino;
};

/*
 * Is st (fstat of STORE/USER) the user's store?  A directory owned by uid,
 * not writable by group or others; with a group (grouped), group-owned by
 * gid and setgid, so new files keep the group.  Pure.  Returns 0, or -1
 * with errno EPERM and a message.
 */
int store_judge(const struct stat *st, const char *shown, uid_t uid,
		bool grouped, gid_t gid, char *err, size_t errlen);

/*
 * Is st (fstat of STORE or one of its ancestors) a directory owned by root
 * and not writable by group or others?  Only root can then add, remove or
 * swap the names in it.  Pure.
 */
bool store_safe_dir(const struct stat *st);

/*
 * Walk path from / one component at a time (O_PATH | O_NOFOLLOW, fstat on
 * each descriptor), every component, the last included, a root-owned
 * directory not writable by group or others; no link anywhere.  what
 * names the path in messages ("persist store", "skel").  Returns 0 with an
 * O_PATH descriptor of path in *fd, or -1 with errno and a message.
 */
int store_walk(const char *path, const char *what, int *fd, char *err,
	       size_t errlen);

/*
 * Walk STORE from / one component at a time (O_PATH | O_NOFOLLOW, fstat on
 * each descriptor: every component a root-owned, not group/other-writable
 * directory, no link anywhere), then open USER in it without following a
 * link and judge it.  The outer cylosh, cylosh -C and --check call it as
 * the user or as root, before any namespace exists.  On success the
 * directory's identity is in id.
 */
int store_check(const char *store, const char *user, uid_t uid, bool grouped,
		gid_t gid, struct store_id *id, char *err, size_t errlen);

/*
 * In init, in the session's user namespace, where root's files show the
 * overflow uid and owners cannot be judged: open STORE/USER with openat2
 * RESOLVE_NO_SYMLINKS (no link anywhere on the path) and accept it only if
 * it is the very directory store_check judged (id).  Returns an O_PATH
 * descriptor, or -1 with a message.
 */
int store_reopen(const char *store, const char *user,
		 const struct store_id *id, char *err, size_t errlen);

#endif
