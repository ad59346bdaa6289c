/*
 * skel.c - seed the ramdisk home from the skeleton directory (`skel` in
 * cylo.conf), as useradd does for a real home.
 *
 * Assumes: init after pivot_root, as the user (mapped to themselves), with
 * the home freshly mounted and empty; the skeleton lies in the read-only
 * system view (/etc or /usr), so it is the administrator's, not the user's.
 * Guarantees: directories and regular files are copied with their
 * permission bits (never setuid/setgid), symlinks are recreated as links,
 * nothing else is copied, and no symlink is followed on either side.
 * A full ramdisk is a setup failure: the session would start broken.
 */
#include "skel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#define STEP "home skeleton"
#define MAX_DEPTH 16

static _Noreturn void
fail(const char *what, const char *name)
{
	setup_failx(STEP, errno == ENOSPC || errno == EDQUOT ?
		    "the skeleton does not fit in home_size; raise home_size "
		    "or shrink the skeleton" : NULL,
		    "%s %s: %s", what, name, strerror(errno));
}

static void
copy_file(int sfd, int dfd, const char *name, mode_t mode)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		fail("cannot read", name);
	out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		     mode & 0777);
	if (out < 0)
		fail("cannot create", name);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		char *p = buf;

		while (n > 0) {
			ssize_t w = write(out, p, (size_t)n);

			if (w < 0)
				fail("cannot write", name);
			p += w;
			n -= w;
		}
	}
	if (n < 0)
		fail("cannot read", name);
	/* The umask must not narrow what the administrator chose. */
	if (fchmod(out, mode & 0777) < 0 || close(out) < 0)
		fail("cannot write", name);
	close(in);
}

static void
copy_tree(int sfd, int dfd, int depth)
{
	DIR *d;
	struct dirent *e;

	if (depth > MAX_DEPTH) {
		errno = ELOOP;
		fail("cannot copy", "a directory nested this deep");
	}
	d = fdopendir(sfd);
	if (!d)
		fail("cannot list", "the skeleton");
	while ((errno = 0, e = readdir(d))) {
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(sfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			fail("cannot inspect", e->d_name);
		if (S_ISDIR(st.st_mode)) {
			int s2, d2;

			if (mkdirat(dfd, e->d_name, 0700) < 0)
				fail("cannot create", e->d_name);
			s2 = openat(sfd, e->d_name,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			d2 = openat(dfd, e->d_name,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (s2 < 0 || d2 < 0)
				fail("cannot open", e->d_name);
			copy_tree(s2, d2, depth + 1);
			if (fchmod(d2, st.st_mode & 0777) < 0)
				fail("cannot set the mode of", e->d_name);
			close(d2);
		} else if (S_ISREG(st.st_mode)) {
			copy_file(sfd, dfd, e->d_name, st.st_mode);
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlinkat(sfd, e->d_name, target,
					       sizeof(target) - 1);

			if (n < 0)
				fail("cannot read link", e->d_name);
			target[n] = 0;
			if (symlinkat(target, dfd, e->d_name) < 0)
				fail("cannot create link", e->d_name);
		}
		/* Devices, fifos and sockets have no place in a skeleton. */
	}
	if (errno)
		fail("cannot list", "the skeleton");
	closedir(d);
}

void
skel_copy(const char *skel, const char *home)
{
	int sfd, dfd;

	if (!skel || !*skel)
		return;
	sfd = open(skel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0) {
		if (errno == ENOENT)
			setup_failx(STEP, "the session sees only /usr, /etc and "
				    "/opt of the host: put the skeleton there "
				    "(e.g. /etc/cylo/skel), or fix `skel` in "
				    "cylo.conf", "%s: %s", skel, strerror(errno));
		fail("cannot open", skel);
	}
	dfd = open(home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		fail("cannot open", home);
	copy_tree(sfd, dfd, 0);
	close(dfd);
}
