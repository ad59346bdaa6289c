/*
 * pam_preflight.c - can cylosh run for this user here?  Asked before any
 * mount is made, so a host where the sandbox cannot be built refuses the
 * session with a clear reason instead of a half-prepared login.
 *
 * Assumes: the caller is root and may be multithreaded; the child therefore
 * makes only raw system calls between fork and _exit.
 * Guarantees: everything is tried in a throwaway child that has become the
 * user (the kernel judges the user, not root); the calling process gets no
 * namespace, no Landlock domain and no no_new_privs.  The child is not
 * dumpable after the uid change, so the user cannot read the service's
 * memory through it.
 */
#include "pam_cylo.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/landlock.h>

enum pf_step {
	PF_OK,
	PF_DROP,	/* setgroups/setgid/setuid */
	PF_LL_QUERY,	/* landlock_create_ruleset(VERSION) */
	PF_LL_LOW,	/* ABI below the minimum */
	PF_USERNS,	/* unshare(CLONE_NEWUSER | CLONE_NEWNS) */
	PF_TMPFS,	/* fsopen/fsconfig/fsmount of a tmpfs in it */
	PF_LL_APPLY,	/* a Landlock domain on the child itself */
};

/* How long the preflight child may take; it answers in milliseconds. */
#define PREFLIGHT_TIMEOUT_MS 10000

struct pf_result {
	int step;
	int err;	/* errno of the failed call */
	int abi;	/* Landlock ABI the kernel reported */
};

static void
child(const struct cylo_user *u, int min_abi, int wfd)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_EXECUTE,
	};
	struct pf_result r = { PF_OK, 0, 0 };
	long abi;
	int fs, mnt, rs;

	/* Not dumpable, whatever fs.suid_dumpable says: the child holds a
	 * copy of the service's memory (sshd's host keys), and now runs as
	 * the user.  Changing the uid resets the flag to fs.suid_dumpable,
	 * so it is set again after, and read back. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 ||
	    setgroups(u->ngids, u->gids) < 0 || setgid(u->gid) < 0 ||
	    setuid(u->uid) < 0 || getuid() != u->uid ||
	    geteuid() != u->uid || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 ||
	    prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) {
		r.step = PF_DROP;
		goto out;
	}
	abi = syscall(__NR_landlock_create_ruleset, NULL, 0,
		      LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		r.step = PF_LL_QUERY;
		goto out;
	}
	r.abi = (int)abi;
	if (abi < min_abi) {
		r.step = PF_LL_LOW;
		goto out;
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
		r.step = PF_USERNS;
		goto out;
	}
	/* A detached tmpfs: proves the mount is allowed in the namespace
	 * (AppArmor on Ubuntu lets unshare succeed, then denies this) and
	 * touches no mount point. */
	r.step = PF_TMPFS;
	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 || fsconfig(fs, FSCONFIG_SET_STRING, "size", "64k", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		goto out;
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	if (mnt < 0)
		goto out;
	close(mnt);
	close(fs);
	r.step = PF_LL_APPLY;
	rs = (int)syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rs < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(__NR_landlock_restrict_self, rs, 0) < 0)
		goto out;
	r.step = PF_OK;
out:
	r.err = r.step == PF_OK ? 0 : errno;
	if (write(wfd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(2);
	_exit(0);
}

/* Turn the child's report into a log line and a sentence for the user. */
static int
explain(const struct pf_result *r, int min_abi, char *msg, size_t len,
	char *umsg, size_t ulen)
{
	const char *hint = "";

	snprintf(umsg, ulen, "Session refused: this host cannot run the "
		 "cylosh sandbox right now; ask the administrator to run "
		 "'cylosh --check'.");
	switch (r->step) {
	case PF_DROP:
		return cylo_err(msg, len, "cannot become the user: %s",
				strerror(r->err));
	case PF_LL_QUERY:
		if (r->err == ENOSYS || r->err == EOPNOTSUPP)
			hint = " (Landlock needs Linux >= 5.13 with "
			       "CONFIG_SECURITY_LANDLOCK and \"landlock\" in "
			       "the lsm= boot parameter)";
		return cylo_err(msg, len, "Landlock is not available: %s%s",
				strerror(r->err), hint);
	case PF_LL_LOW:
		return cylo_err(msg, len, "the kernel offers Landlock ABI %d, "
				"the policy requires at least %d (upgrade the "
				"kernel or lower landlock_min_abi)", r->abi,
				min_abi);
	case PF_USERNS:
		if (r->err == ENOSPC)
			hint = " (user.max_user_namespaces is 0 or exhausted)";
		else if (r->err == EPERM)
			hint = " (kernel.unprivileged_userns_clone is 0, or a "
			       "seccomp/LSM policy or container forbids user "
			       "namespaces)";
		else if (r->err == EINVAL)
			hint = " (nested namespaces refused: chroot or "
			       "container)";
		return cylo_err(msg, len, "the user cannot create a user and "
				"mount namespace: unshare: %s%s",
				strerror(r->err), hint);
	case PF_TMPFS:
		if (r->err == EPERM || r->err == EACCES)
			hint = " (AppArmor's kernel.apparmor_restrict_"
			       "unprivileged_userns on Ubuntu >= 23.10 needs "
			       "the shipped cylosh profile; or SELinux)";
		return cylo_err(msg, len, "the user cannot mount a tmpfs in "
				"a user namespace: %s%s", strerror(r->err),
				hint);
	case PF_LL_APPLY:
		return cylo_err(msg, len, "a Landlock domain cannot be "
				"applied: %s", strerror(r->err));
	}
	return cylo_err(msg, len, "unknown preflight result %d", r->step);
}

int
cylo_preflight(const struct cylo_user *u, int min_abi, char *msg,
	       size_t len, char *umsg, size_t ulen)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, old;
	struct pf_result r;
	ssize_t n;
	pid_t pid;
	int p[2], status, e;

	snprintf(umsg, ulen, "Session refused: the cylosh sandbox check "
		 "failed; ask the administrator.");
	if (pipe2(p, O_CLOEXEC) < 0)
		return cylo_err(msg, len, "pipe: %s", strerror(errno));
	/* With SIGCHLD ignored (some daemons do), waitpid could not reap
	 * the child; restore the caller's choice afterwards. */
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGCHLD, &dfl, &old);
	pid = fork();
	if (pid < 0) {
		e = errno;
		sigaction(SIGCHLD, &old, NULL);
		close(p[0]);
		close(p[1]);
		return cylo_err(msg, len, "fork: %s", strerror(e));
	}
	if (pid == 0) {
		close(p[0]);
		child(u, min_abi, p[1]);
	}
	close(p[1]);
	/* The child runs as the user, who can stop it: wait a bounded time,
	 * or a root process would hang for good on every such login. */
	{
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		int pr;

		do
			pr = poll(&pfd, 1, PREFLIGHT_TIMEOUT_MS);
		while (pr < 0 && errno == EINTR);
		if (pr == 0) {
			kill(pid, SIGKILL);
			n = -1;
			e = ETIMEDOUT;
		} else {
			do
				n = read(p[0], &r, sizeof(r));
			while (n < 0 && errno == EINTR);
			e = errno;
		}
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGCHLD, &old, NULL);
	if (n != (ssize_t)sizeof(r))
		return cylo_err(msg, len, "the preflight child %s%s%s",
				e == ETIMEDOUT && n < 0 ? "did not answer "
				"within 10 s" : "died without an answer",
				n < 0 && e != ETIMEDOUT ? ": " : "",
				n < 0 && e != ETIMEDOUT ? strerror(e) : "");
	if (r.step == PF_OK)
		return 0;
	return explain(&r, min_abi, msg, len, umsg, ulen);
}
