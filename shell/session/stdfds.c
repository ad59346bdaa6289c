/*
 * stdfds.c - the descriptors 0-2 the session inherits.
 *
 * Assumes: the outer process, before the clone, in the host's namespaces.
 * Guarantees: fds 0-2 are each open, and each a terminal, pipe, socket,
 * regular file or character device opened for I/O (not O_PATH); anything
 * else, and a closed descriptor, is replaced by /dev/null.
 *
 * Why: a descriptor is a reference into the host's file system that no
 * mount in the session masks.  A directory on fd 0 (cylosh -c CMD < /)
 * gives /proc/self/fd/0/etc/... the host's unmasked /etc; an O_PATH
 * descriptor (of a directory, a symbolic link, a file the session masks)
 * reopens through its magic link; a block device is a whole file system.
 * A regular file, a pipe or a socket is data the user chose to pass, and
 * names no tree beyond itself.  A closed one is filled so that a
 * descriptor opened during setup cannot become the session's standard
 * input or output by accident.
 */
#include "stdfds.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "diag.h"

#define STEP "standard descriptors"

static int
devnull(void)
{
	struct stat st;
	int fd = open("/dev/null", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		setup_failx(STEP, NULL, "/dev/null: %s", strerror(errno));
	/* Only the real null device: a host whose /dev/null is a file
	 * would hand that file to the session. */
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) ||
	    st.st_rdev != makedev(1, 3))
		setup_failx(STEP, "recreate it: mknod -m 666 /dev/null c 1 3",
			    "/dev/null is not the null device");
	return fd;
}

static const char *
unfit(int fd)
{
	struct stat st;
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0) {
		if (errno == EBADF)
			return "";
		setup_failx(STEP, NULL, "fd %d: %s", fd, strerror(errno));
	}
	if (fl & O_PATH)
		return "an O_PATH descriptor";
	if (fstat(fd, &st) < 0)
		setup_failx(STEP, NULL, "fd %d: %s", fd, strerror(errno));
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
	case S_IFCHR:
		return NULL;
	case S_IFDIR:
		return "a directory";
	case S_IFBLK:
		return "a block device";
	default:
		return "not a file";
	}
}

void
stdfds_sanitize(void)
{
	int fd, null = -1;

	for (fd = 0; fd <= 2; fd++) {
		const char *why = unfit(fd);

		if (!why)
			continue;
		if (null < 0)
			null = devnull();
		if (null == fd) {
			/* It took the closed slot itself: keep it open
			 * across exec, and open another for the next. */
			if (fcntl(fd, F_SETFD, 0) < 0)
				setup_fail(STEP, errno, NULL);
			null = -1;
		} else if (dup2(null, fd) < 0) {
			setup_fail(STEP, errno, NULL);
		}
		if (*why)
			warnx("fd %d is %s: the session gets /dev/null instead",
			      fd, why);
	}
	if (null >= 0 && close(null) < 0)
		setup_fail(STEP, errno, NULL);
}
