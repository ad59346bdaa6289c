/*
 * mountutil.c - small mount and file helpers shared by the setup stages
 * that build the session's view (mounts.c, commands.c).
 *
 * Assumes: init inside its user and mount namespaces; relative paths are
 * relative to the current directory (the new root before pivot_root).
 * Guarantees: every call is checked; a failure ends the setup with the
 * step set by mnt_set_step(), the path and the errno.
 */
#include "mountutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

static const char *step = "file system";

void
mnt_set_step(const char *name)
{
	step = name;
}

const char hint_mount[] =
	"the kernel refused a mount inside the user namespace; an LSM "
	"(AppArmor, SELinux) or a container runtime may forbid it; run "
	"'cylosh --check'";

_Noreturn void
fail_at(const char *what, const char *path)
{
	int err = errno;

	setup_failx(step, err == EACCES || err == EPERM ? hint_mount : NULL,
		    "%s %s: %s", what, path, strerror(err));
}

/* mkdir relative to the current directory; an existing directory is fine. */
void
mkdir_here(const char *path, mode_t mode)
{
	if (mkdirat(AT_FDCWD, path, mode) < 0 && errno != EEXIST)
		fail_at("cannot create", path);
}

void
symlink_here(const char *target, const char *path)
{
	if (symlinkat(target, AT_FDCWD, path) < 0)
		fail_at("cannot create link", path);
}

void
touch_here(const char *path, mode_t mode)
{
	int fd = openat(AT_FDCWD, path,
			O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0 || close(fd) < 0)
		fail_at("cannot create", path);
}

void
set_attr(int fd, const char *path, unsigned flags, unsigned long long set)
{
	struct mount_attr attr = { .attr_set = set };

	if (mount_setattr(fd, path, flags, &attr, sizeof(attr)) < 0)
		fail_at("cannot set mount attributes on", *path ? path : "mount");
}

/*
 * Bind src (an absolute host path, or a path relative to the new root; a
 * symlink in its last component is not followed) onto dst, relative to the
 * new root.  attrs are set on the
 * whole cloned tree before it is attached.
 */
void
bind_path(const char *src, const char *dst, bool recursive,
	  unsigned long long attrs)
{
	bind_at(AT_FDCWD, src, dst, recursive, attrs);
}

void
bind_at(int dirfd, const char *src, const char *dst, bool recursive,
	unsigned long long attrs)
{
	int fd = open_tree(dirfd, src,
			   OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			   AT_SYMLINK_NOFOLLOW | (recursive ? AT_RECURSIVE : 0) |
			   (*src ? 0 : AT_EMPTY_PATH));

	if (fd < 0)
		fail_at("cannot clone", *src ? src : "a directory");
	if (attrs)
		set_attr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0),
			 attrs);
	if (move_mount(fd, "", AT_FDCWD, dst, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		fail_at("cannot mount on", dst);
	close(fd);
}

void
mount_tmpfs(const char *dst, unsigned long flags, const char *opts)
{
	if (mount("tmpfs", dst, "tmpfs", flags, opts) < 0)
		fail_at("cannot mount a tmpfs on", dst);
}

/* Write a whole file, created relative to the current directory. */
void
write_here(const char *path, const char *text, mode_t mode)
{
	size_t len = strlen(text);
	int fd = openat(AT_FDCWD, path,
			O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0)
		fail_at("cannot create", path);
	if (write(fd, text, len) != (ssize_t)len || close(fd) < 0)
		fail_at("cannot write", path);
}

