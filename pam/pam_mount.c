/*
 * pam_mount.c - the ramdisk home: a private mount namespace for the session
 * and a tmpfs on the account's home directory in it.
 *
 * Assumes: root, the account selected and the preflight passed.  The home
 * path comes from NSS; its last component may belong to the user, who may
 * have replaced it with a symlink (pam_namespace's CVE was a root mount
 * following one).
 * Guarantees: the calling process and its later children live in a new
 * mount namespace whose / is a slave of the host's, so nothing mounted here
 * reaches the host; the tmpfs is created detached, seeded from the skeleton
 * while nobody else can see it, then moved onto the directory descriptor
 * that was checked, so no path is resolved twice.  The result is read back
 * (tmpfs, owner, mode) before success is claimed.
 */
#include "pam_cylo.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>

/* fsconfig and the mount calls log their reason on the fs context. */
static int
fs_fail(int fs, const char *what, char *msg, size_t len)
{
	char log[256];
	int e = errno;
	ssize_t n = fs >= 0 ? read(fs, log, sizeof(log) - 1) : -1;

	if (n > 2) {
		log[n] = '\0';
		log[strcspn(log, "\n")] = '\0';
		/* Lines start with "e ", "w " or "i ". */
		return cylo_err(msg, len, "%s: %s (%s)", what, strerror(e),
				log + 2);
	}
	return cylo_err(msg, len, "%s: %s", what, strerror(e));
}

static int
set_opt(int fs, const char *key, const char *value, char *msg, size_t len)
{
	char what[64];

	if (fsconfig(fs, FSCONFIG_SET_STRING, key, value, 0) == 0)
		return 0;
	snprintf(what, sizeof(what), "tmpfs option %s=%s", key, value);
	return fs_fail(fs, what, msg, len);
}

/* A detached tmpfs for the user; returns its mount descriptor or -1. */
static int
make_tmpfs(const struct cylo_user *u, const struct policy *pol, char *msg,
	   size_t len)
{
	char size[32], inodes[32], uid[16], gid[16];
	unsigned attr = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	int fs, mnt;

	snprintf(size, sizeof(size), "%llu", pol->home_size);
	snprintf(inodes, sizeof(inodes), "%llu", pol->home_inodes);
	snprintf(uid, sizeof(uid), "%u", (unsigned)u->uid);
	snprintf(gid, sizeof(gid), "%u", (unsigned)u->gid);
	if (pol->home_noexec)
		attr |= MOUNT_ATTR_NOEXEC;
	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return cylo_err(msg, len, "fsopen(tmpfs): %s", strerror(errno));
	if (set_opt(fs, "size", size, msg, len) < 0 ||
	    set_opt(fs, "nr_inodes", inodes, msg, len) < 0 ||
	    set_opt(fs, "mode", "0700", msg, len) < 0 ||
	    set_opt(fs, "uid", uid, msg, len) < 0 ||
	    set_opt(fs, "gid", gid, msg, len) < 0) {
		close(fs);
		return -1;
	}
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		fs_fail(fs, "creating the tmpfs", msg, len);
		close(fs);
		return -1;
	}
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, attr);
	if (mnt < 0)
		fs_fail(fs, "fsmount", msg, len);
	close(fs);
	return mnt;
}

/* Read back what cylosh will check, through a fresh no-follow walk. */
static int
verify(const struct cylo_user *u, char *msg, size_t len)
{
	struct statfs sfs;
	struct stat st;
	int fd, r = 0;

	if (cylo_walk(u->home, &fd, &st, msg, len) < 0)
		return -1;
	if (fstatfs(fd, &sfs) < 0)
		r = cylo_err(msg, len, "statfs %s: %s", u->home,
			     strerror(errno));
	else if (sfs.f_type != TMPFS_MAGIC)
		r = cylo_err(msg, len, "%s is not a tmpfs after mounting",
			     u->home);
	else if (st.st_uid != u->uid || st.st_gid != u->gid ||
		 (st.st_mode & 07777) != 0700)
		r = cylo_err(msg, len, "%s has owner %u:%u mode %04o after "
			     "mounting", u->home, (unsigned)st.st_uid,
			     (unsigned)st.st_gid,
			     (unsigned)(st.st_mode & 07777));
	close(fd);
	return r;
}

int
cylo_mount_home(pam_handle_t *pamh, const struct cylo_user *u,
		const struct policy *pol, bool debug, char *msg, size_t len)
{
	struct stat st;
	unsigned skipped = 0;
	int home, mnt, r;

	if (unshare(CLONE_NEWNS) < 0)
		return cylo_err(msg, len, "unshare(CLONE_NEWNS): %s",
				strerror(errno));
	/* Slave, not private: host mounts made later (automounted shares)
	 * still appear; ours never travel back. */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return cylo_err(msg, len, "making / a recursive slave: %s",
				strerror(errno));
	/* Walked after unshare: move_mount needs a target in this
	 * namespace, and the descriptor pins the checked directory. */
	if (cylo_walk(u->home, &home, &st, msg, len) < 0) {
		if (!strstr(msg, "cannot open"))
			return -1;
		return cylo_err(msg + strlen(msg), len - strlen(msg),
				" (the home directory must exist: create it "
				"with useradd -m, or run pam_mkhomedir before "
				"pam_cylo)");
	}
	if (st.st_uid != u->uid && st.st_uid != 0) {
		close(home);
		return cylo_err(msg, len, "%s is owned by uid %u, neither the "
				"user nor root", u->home, (unsigned)st.st_uid);
	}
	mnt = make_tmpfs(u, pol, msg, len);
	if (mnt < 0) {
		close(home);
		return -1;
	}
	/* Before the skeleton, so no skeleton can supply its own. */
	if (cylo_ssh_dir(mnt, msg, len) < 0) {
		close(mnt);
		close(home);
		return -1;
	}
	if (pol->skel[0] && cylo_seed(pol->skel, mnt, u->uid, u->gid,
				      &skipped, msg, len) < 0) {
		close(mnt);
		close(home);
		return -1;
	}
	if (skipped)
		pam_syslog(pamh, LOG_NOTICE, "%u entries of the skeleton %s "
			   "were not copied (only files and directories are, "
			   "and never .ssh)", skipped, pol->skel);
	r = move_mount(mnt, "", home, "",
		       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
	if (r < 0)
		cylo_err(msg, len, "move_mount onto %s: %s", u->home,
			 strerror(errno));
	close(mnt);
	close(home);
	if (r < 0)
		return -1;
	if (debug)
		pam_syslog(pamh, LOG_DEBUG, "tmpfs on %s: size=%llu "
			   "nr_inodes=%llu uid=%u gid=%u%s", u->home,
			   pol->home_size, pol->home_inodes, (unsigned)u->uid,
			   (unsigned)u->gid, pol->home_noexec ? " noexec" : "");
	return verify(u, msg, len);
}
