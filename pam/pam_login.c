/*
 * pam_login.c - what pam_cylo checks and prepares around the shell, for
 * the login paths that run code before, beside or instead of it: sshd's
 * forwarding and ~/.ssh files, and su's choice of shell.
 *
 * Assumes: root, the account selected by the [pam] section.
 * Guarantees: the account stage learns facts (group membership from NSS,
 * the shells file's lines); the session stage changes only the calling
 * process's own namespaces, which it made private first (pam_mount.c).
 */
#include "pam_cylo.h"
#include "shells.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>


#ifndef SHELLS_FILE
#define SHELLS_FILE "/etc/shells"
#endif

bool
cylo_in_enroll_group(const struct cylo_user *u)
{
	for (size_t i = 0; i < u->ngroups; i++)
		if (strcmp(u->groups[i], CYLO_GROUP) == 0)
			return true;
	return false;
}

/* Listed as su sees it (shells.h): "cylosh # comment" is listed. */
int
cylo_shell_listed(const char *shell, char *msg, size_t len)
{
	int r = shells_lists(SHELLS_FILE, shell);

	if (r < 0)
		return cylo_err(msg, len, "cannot read %s: %s", SHELLS_FILE,
				strerror(errno));
	return r;
}

int
cylo_ssh_dir(int home, char *msg, size_t len)
{
	int fd, flags, e;

	if (mkdirat(home, ".ssh", 0755) < 0)
		return cylo_err(msg, len, "cannot make ~/.ssh in the ramdisk: "
				"%s", strerror(errno));
	fd = openat(home, ".ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd < 0)
		return cylo_err(msg, len, "cannot open ~/.ssh in the ramdisk: "
				"%s", strerror(errno));
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0) {
		flags = 0;
		if (errno != ENOTTY && errno != EOPNOTSUPP)
			goto fail;
	}
	flags |= FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0 ||
	    ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0 ||
	    !(flags & FS_IMMUTABLE_FL))
		goto fail;
	close(fd);
	return 0;
fail:
	e = errno;
	close(fd);
	return cylo_err(msg, len, "cannot make ~/.ssh immutable: %s%s",
			strerror(e), e == ENOTTY || e == EOPNOTSUPP ?
			" (tmpfs takes the immutable flag from Linux 6.0)" :
			"");
}

int
cylo_private_tmp(char *msg, size_t len)
{
	struct stat st;
	int tmp, fs, mnt, r;

	if (cylo_walk("/tmp", &tmp, &st, msg, len) < 0)
		return -1;
	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0) {
		close(tmp);
		return cylo_err(msg, len, "fsopen(tmpfs) for /tmp: %s",
				strerror(errno));
	}
	/* Room for sshd's agent socket directories and little else. */
	if (fsconfig(fs, FSCONFIG_SET_STRING, "size", "1M", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "nr_inodes", "256", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "1777", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		r = cylo_err(msg, len, "creating the private /tmp: %s",
			     strerror(errno));
		close(fs);
		close(tmp);
		return r;
	}
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID |
		      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	close(fs);
	if (mnt < 0) {
		r = cylo_err(msg, len, "fsmount of the private /tmp: %s",
			     strerror(errno));
		close(tmp);
		return r;
	}
	r = move_mount(mnt, "", tmp, "", MOVE_MOUNT_F_EMPTY_PATH |
		       MOVE_MOUNT_T_EMPTY_PATH);
	if (r < 0)
		cylo_err(msg, len, "move_mount onto /tmp: %s", strerror(errno));
	close(mnt);
	close(tmp);
	return r;
}

int
cylo_isolate_net(char *msg, size_t len)
{
	if (unshare(CLONE_NEWNET) < 0)
		return cylo_err(msg, len, "unshare(CLONE_NEWNET): %s",
				strerror(errno));
	return 0;
}
