/*
 * store.c - find and judge a user's persistent store, STORE/USER.
 *
 * Assumes: STORE is an administrator's directory; the user owns STORE/USER
 * and may have done anything inside it (links included), but cannot add,
 * remove or rename names in STORE or its ancestors when those are root's
 * and not group/other-writable, which store_check insists on.
 * Guarantees: no link is followed on the way to STORE/USER; what init binds
 * is the directory (device and inode) that the outer process judged.
 *
 * Why two opens: the outer cylosh runs in the host's namespaces, where
 * owners read true, but a mount made from its descriptor cannot be cloned
 * in the session's new mount namespace (open_tree refuses mounts of another
 * namespace).  init can clone, but inside its user namespace root's files
 * show the overflow uid.  So the outer process judges, and init reopens
 * without links and checks that it holds the same inode.
 */
#include "store.h"
#include "errbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

bool
store_safe_dir(const struct stat *st)
{
	return S_ISDIR(st->st_mode) && st->st_uid == 0 &&
	       !(st->st_mode & (S_IWGRP | S_IWOTH));
}

int
store_judge(const struct stat *st, const char *shown, uid_t uid, bool grouped,
	    gid_t gid, char *err, size_t errlen)
{
	errno = EPERM;
	if (!S_ISDIR(st->st_mode))
		return errbuf(err, errlen, "%s is not a directory", shown);
	if (st->st_uid != uid)
		return errbuf(err, errlen, "%s is owned by uid %u, not by the "
			    "user (uid %u)", shown, (unsigned)st->st_uid,
			    (unsigned)uid);
	/* Others writing there could plant files the user then trusts. */
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return errbuf(err, errlen, "%s is writable by group or others "
			    "(mode %04o)", shown,
			    (unsigned)(st->st_mode & 07777));
	if (grouped && st->st_gid != gid)
		return errbuf(err, errlen, "%s belongs to gid %u, not to the "
			    "persist_group (gid %u)", shown,
			    (unsigned)st->st_gid, (unsigned)gid);
	if (grouped && !(st->st_mode & S_ISGID))
		return errbuf(err, errlen, "%s is not setgid (mode %04o): files "
			    "made there would not keep the group", shown,
			    (unsigned)(st->st_mode & 07777));
	return 0;
}

/* One component under fd, without following it; fstat into st. */
static int
step(int fd, const char *name, const char *path, struct stat *st, char *err,
     size_t errlen)
{
	int next = openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC), e;

	if (next < 0) {
		e = errno;
		errbuf(err, errlen, "%s: cannot open \"%s\": %s", path, name,
		     strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(next, st) < 0) {
		e = errno;
		close(next);
		errbuf(err, errlen, "%s: cannot stat \"%s\": %s", path, name,
		     strerror(e));
		errno = e;
		return -1;
	}
	if (S_ISLNK(st->st_mode)) {
		close(next);
		errno = ELOOP;
		return errbuf(err, errlen, "%s: \"%s\" is a symbolic link; "
			    "refusing it", path, name);
	}
	return next;
}

int
store_walk(const char *path, const char *what, int *out, char *err,
	   size_t errlen)
{
	char buf[PATH_MAX], *p, *slash;
	struct stat st;
	int fd, next;

	*out = -1;
	if (path[0] != '/' || strlen(path) >= sizeof(buf)) {
		errno = EINVAL;
		return errbuf(err, errlen, "%s \"%s\" is not an absolute path",
			    what, path);
	}
	snprintf(buf, sizeof(buf), "%s", path);
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		return errbuf(err, errlen, "cannot open /: %s", strerror(errno));
	for (p = buf + 1; *p; p = slash + 1) {
		slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		if (!*p || !strcmp(p, ".") || !strcmp(p, "..")) {
			close(fd);
			errno = EINVAL;
			return errbuf(err, errlen, "%s %s is not a canonical path",
				    what, path);
		}
		next = step(fd, p, path, &st, err, errlen);
		close(fd);
		if (next < 0)
			return -1;
		fd = next;
		/* The last one too: only root may add or swap names in it. */
		if (!store_safe_dir(&st)) {
			close(fd);
			errno = EPERM;
			return errbuf(err, errlen, "%s %s: \"%s\" must be a "
				    "directory owned by root and not writable "
				    "by group or others", what, path, p);
		}
		if (!slash)
			break;
	}
	*out = fd;
	return 0;
}

int
store_check(const char *store, const char *user, uid_t uid, bool grouped,
	    gid_t gid, struct store_id *id, char *err, size_t errlen)
{
	char shown[PATH_MAX + 64];
	struct stat st;
	int fd, next;

	if (!*user || strchr(user, '/') || !strcmp(user, ".") ||
	    !strcmp(user, "..")) {
		errno = EINVAL;
		return errbuf(err, errlen, "unusable user name \"%s\"", user);
	}
	if (store_walk(store, "persist store", &fd, err, errlen) < 0)
		return -1;
	snprintf(shown, sizeof(shown), "%s/%s", store, user);
	next = step(fd, user, shown, &st, err, errlen);
	close(fd);
	if (next < 0)
		return -1;
	close(next);
	if (store_judge(&st, shown, uid, grouped, gid, err, errlen) < 0)
		return -1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return 0;
}

int
store_reopen(const char *store, const char *user, const struct store_id *id,
	     char *err, size_t errlen)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	char path[PATH_MAX];
	struct stat st;
	int fd, e;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", store, user) >=
	    sizeof(path)) {
		errno = ENAMETOOLONG;
		return errbuf(err, errlen, "%s/%s: path too long", store, user);
	}
	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd < 0) {
		e = errno;
		errbuf(err, errlen, "cannot open %s without following links: %s",
		     path, strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		errbuf(err, errlen, "cannot stat %s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	if (st.st_dev != id->dev || st.st_ino != id->ino) {
		close(fd);
		errno = ESTALE;
		return errbuf(err, errlen, "%s changed after it was checked",
			    path);
	}
	return fd;
}
