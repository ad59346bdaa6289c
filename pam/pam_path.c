/*
 * pam_path.c - path work for pam_cylo.so that never follows a symlink.
 *
 * Assumes: running as root on paths that name user-owned directories (the
 * home) or admin-configured ones (the skeleton, the shell).  pam_namespace
 * was exploitable exactly here (a root process following a user's symlink),
 * so every component is opened with O_NOFOLLOW relative to its parent's
 * descriptor and checked with fstat on that descriptor.
 * Guarantees: what is returned or copied is what was checked; ancestors of
 * every path are root-owned and not group/other-writable, so nobody but
 * root can swap them after the check.
 */
#include "pam_cylo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Deeper skeleton trees are refused (and a loop cannot exist anyway). */
#define SEED_MAX_DEPTH 32

static bool
safe_dir(const struct stat *st)
{
	return S_ISDIR(st->st_mode) && st->st_uid == 0 &&
	       !(st->st_mode & (S_IWGRP | S_IWOTH));
}

int
cylo_walk(const char *path, int *out, struct stat *st, char *msg, size_t len)
{
	char buf[PATH_MAX], *p, *slash;
	int fd, next;

	*out = -1;
	if (path[0] != '/' || strlen(path) >= sizeof(buf))
		return cylo_err(msg, len, "\"%s\" is not an absolute path",
				path);
	strcpy(buf, path);
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return cylo_err(msg, len, "cannot open /: %s", strerror(errno));
	if (fstat(fd, st) < 0 || !safe_dir(st)) {
		close(fd);
		return cylo_err(msg, len, "/ is not a root-owned directory");
	}
	for (p = buf + 1;; p = slash + 1) {
		slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		/* A trailing slash is harmless; nothing else irregular is. */
		if (!*p && !slash && p != buf + 1)
			break;
		if (!*p || strcmp(p, ".") == 0 || strcmp(p, "..") == 0) {
			close(fd);
			return cylo_err(msg, len, "%s is not a canonical path",
					path);
		}
		/* O_PATH|O_NOFOLLOW opens a symlink itself; fstat tells. */
		next = openat(fd, p, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			int e = errno;

			close(fd);
			return cylo_err(msg, len, "%s: cannot open \"%s\": %s",
					path, p, strerror(e));
		}
		close(fd);
		fd = next;
		if (fstat(fd, st) < 0) {
			int e = errno;

			close(fd);
			return cylo_err(msg, len, "%s: cannot stat \"%s\": %s",
					path, p, strerror(e));
		}
		if (S_ISLNK(st->st_mode)) {
			close(fd);
			return cylo_err(msg, len, "%s: \"%s\" is a symbolic "
					"link; refusing it", path, p);
		}
		if (!S_ISDIR(st->st_mode)) {
			close(fd);
			return cylo_err(msg, len, "%s: \"%s\" is not a "
					"directory", path, p);
		}
		if (!slash || !slash[1])
			break;
		if (!safe_dir(st)) {
			close(fd);
			return cylo_err(msg, len, "%s: the directory \"%s\" "
					"must be owned by root and not "
					"writable by group or others", path, p);
		}
	}
	*out = fd;
	return 0;
}

int
cylo_check_shell(const char *path, char *msg, size_t len)
{
	char dir[PATH_MAX], *base;
	struct stat st;
	int dfd, fd;

	if (strlen(path) >= sizeof(dir))
		return cylo_err(msg, len, "%s: path too long", path);
	strcpy(dir, path);
	base = strrchr(dir, '/');
	if (!base || base == dir)
		return cylo_err(msg, len, "%s: bad shell path", path);
	*base++ = '\0';
	if (cylo_walk(dir, &dfd, &st, msg, len) < 0)
		return -1;
	if (!safe_dir(&st)) {
		close(dfd);
		return cylo_err(msg, len, "%s must be owned by root and not "
				"writable by group or others", dir);
	}
	fd = openat(dfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		return cylo_err(msg, len, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return cylo_err(msg, len, "%s: %s", path, strerror(e));
	}
	close(fd);
	if (!S_ISREG(st.st_mode))
		return cylo_err(msg, len, "%s is not a regular file", path);
	if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return cylo_err(msg, len, "%s must be owned by root and not "
				"writable by group or others", path);
	if (!(st.st_mode & S_IXOTH))
		return cylo_err(msg, len, "%s is not executable", path);
	return 0;
}

struct seed {
	uid_t uid;
	gid_t gid;
	unsigned *skipped;
	char *msg;
	size_t len;
	char buf[65536];
};

static int
copy_file(struct seed *s, int sdir, int ddir, const char *name,
	  const struct stat *st)
{
	struct stat fst;
	ssize_t r, w;
	int in, out, e;

	/* O_NONBLOCK: a FIFO swapped in must not hang the login. */
	in = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY |
		    O_NONBLOCK | O_CLOEXEC);
	if (in < 0)
		return cylo_err(s->msg, s->len, "skeleton file %s: %s", name,
				strerror(errno));
	if (fstat(in, &fst) < 0 || fst.st_ino != st->st_ino ||
	    fst.st_dev != st->st_dev) {
		close(in);
		return cylo_err(s->msg, s->len, "skeleton file %s changed "
				"while copied", name);
	}
	out = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		     O_CLOEXEC, 0600);
	if (out < 0) {
		e = errno;
		close(in);
		return cylo_err(s->msg, s->len, "cannot create %s in the "
				"home: %s", name, strerror(e));
	}
	for (;;) {
		r = read(in, s->buf, sizeof(s->buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (ssize_t off = 0; off < r; off += w) {
			w = write(out, s->buf + off, (size_t)(r - off));
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				r = -1;
				break;
			}
		}
		if (r < 0)
			break;
	}
	e = errno;
	if (r == 0 && (fchown(out, s->uid, s->gid) < 0 ||
		       fchmod(out, fst.st_mode & 0777) < 0)) {
		r = -1;
		e = errno;
	}
	close(in);
	if (close(out) < 0 && r == 0) {
		r = -1;
		e = errno;
	}
	if (r < 0)
		return cylo_err(s->msg, s->len, "cannot copy skeleton file %s "
				"into the home: %s%s", name, strerror(e),
				e == ENOSPC ? " (the skeleton is larger than "
				"home_size or home_inodes)" : "");
	return 0;
}

/* Copy the entries of sdir (readable fd) into ddir (readable fd). */
static int
copy_dir(struct seed *s, int sdir, int ddir, int depth)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int r = 0;

	if (depth > SEED_MAX_DEPTH)
		return cylo_err(s->msg, s->len, "the skeleton is nested more "
				"than %d levels deep", SEED_MAX_DEPTH);
	/* fdopendir takes the descriptor; give it a copy. */
	int dup_fd = fcntl(sdir, F_DUPFD_CLOEXEC, 0);

	if (dup_fd < 0 || !(d = fdopendir(dup_fd))) {
		int e = errno;

		if (dup_fd >= 0)
			close(dup_fd);
		return cylo_err(s->msg, s->len, "cannot read the skeleton: %s",
				strerror(e));
	}
	while (r == 0) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				r = cylo_err(s->msg, s->len, "cannot read the "
					     "skeleton: %s", strerror(errno));
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(sdir, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = cylo_err(s->msg, s->len, "skeleton entry %s: %s",
				     de->d_name, strerror(errno));
			break;
		}
		/* Symlinks, devices, FIFOs, sockets: never copied; nor
		 * .ssh, which pam_cylo makes itself (cylo_ssh_dir). */
		if ((!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) ||
		    (depth == 0 && strcmp(de->d_name, ".ssh") == 0)) {
			(*s->skipped)++;
			continue;
		}
		/* Another user able to write here could plant files in
		 * every home seeded from it. */
		if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) {
			r = cylo_err(s->msg, s->len, "skeleton entry %s must "
				     "be owned by root and not writable by "
				     "group or others", de->d_name);
			break;
		}
		if (S_ISREG(st.st_mode)) {
			r = copy_file(s, sdir, ddir, de->d_name, &st);
			continue;
		}
		r = -1;
		int sub = openat(sdir, de->d_name, O_RDONLY | O_DIRECTORY |
				 O_NOFOLLOW | O_CLOEXEC);
		int dsub = -1;

		if (sub < 0) {
			cylo_err(s->msg, s->len, "skeleton directory %s: %s",
				 de->d_name, strerror(errno));
		} else if (mkdirat(ddir, de->d_name, 0700) < 0 ||
			   (dsub = openat(ddir, de->d_name, O_RDONLY |
					  O_DIRECTORY | O_NOFOLLOW |
					  O_CLOEXEC)) < 0) {
			cylo_err(s->msg, s->len, "cannot make %s in the home: "
				 "%s", de->d_name, strerror(errno));
		} else if ((r = copy_dir(s, sub, dsub, depth + 1)) == 0 &&
			   (fchown(dsub, s->uid, s->gid) < 0 ||
			    fchmod(dsub, st.st_mode & 0777) < 0)) {
			r = cylo_err(s->msg, s->len, "cannot set the owner of "
				     "%s in the home: %s", de->d_name,
				     strerror(errno));
		}
		if (sub >= 0)
			close(sub);
		if (dsub >= 0)
			close(dsub);
	}
	closedir(d);
	return r;
}

int
cylo_seed(const char *skel, int dstfd, uid_t uid, gid_t gid,
	  unsigned *skipped, char *msg, size_t len)
{
	struct seed *s;
	struct stat st;
	int pfd, sfd, dfd, r;

	*skipped = 0;
	if (cylo_walk(skel, &pfd, &st, msg, len) < 0)
		return -1;
	if (!safe_dir(&st)) {
		close(pfd);
		return cylo_err(msg, len, "the skeleton %s must be owned by "
				"root and not writable by group or others",
				skel);
	}
	/* Readable descriptors for readdir and fchown; "." cannot be a
	 * link, so this re-opens exactly the checked directory. */
	sfd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(pfd);
	if (sfd < 0)
		return cylo_err(msg, len, "cannot open the skeleton %s: %s",
				skel, strerror(errno));
	dfd = openat(dstfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		int e = errno;

		close(sfd);
		return cylo_err(msg, len, "cannot open the new home: %s",
				strerror(e));
	}
	s = malloc(sizeof(*s));
	if (!s) {
		r = cylo_err(msg, len, "out of memory");
	} else {
		s->uid = uid;
		s->gid = gid;
		s->skipped = skipped;
		s->msg = msg;
		s->len = len;
		r = copy_dir(s, sfd, dfd, 0);
		free(s);
	}
	close(sfd);
	close(dfd);
	return r;
}
