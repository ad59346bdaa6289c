/*
 * ns.c - step 3: clone into new user, mount, PID, IPC, UTS (and network)
 * namespaces, then map the user to themselves.
 *
 * Assumes: called by the outer process, single-threaded.
 * Guarantees: the child runs as pid 1 of a new PID namespace, holding every
 * capability of its new user namespace and none outside it; inside, the
 * user keeps their own uid and gid and setgroups(2) is denied for good;
 * the child's session keyring is a new, empty one of its own.
 */
#include "ns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diag.h"

int
ns_flags(bool new_net)
{
	return CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC |
	       CLONE_NEWUTS | (new_net ? CLONE_NEWNET : 0);
}

const char *
ns_hint(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return "unprivileged user namespaces are disabled: check "
		       "sysctl user.max_user_namespaces (must be > 0), "
		       "kernel.unprivileged_userns_clone (must be 1, where it "
		       "exists) and, on Ubuntu >= 23.10, "
		       "kernel.apparmor_restrict_unprivileged_userns or install "
		       "the AppArmor profile shipped in etc/apparmor.d; run "
		       "'cylosh --check'";
	case ENOSPC:
		return "the limit on user namespaces is reached: raise sysctl "
		       "user.max_user_namespaces";
	case EINVAL:
		return "the kernel refused nested namespaces; inside a container "
		       "the container runtime must allow user namespaces "
		       "(e.g. a seccomp profile that permits clone/unshare)";
	case EUSERS:
		return "too many nested user namespaces";
	default:
		return "run 'cylosh --check' for details";
	}
}

pid_t
ns_clone(int flags)
{
	/* A raw clone with no stack behaves like fork(); glibc's clone()
	 * wrapper needs a stack and a function, which we do not want here. */
	long pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL,
			   NULL, NULL, NULL);

	if (pid < 0)
		setup_fail("namespaces (clone)", errno, ns_hint(errno));
	return (pid_t)pid;
}

static void
write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		setup_failx("uid map", ns_hint(errno), "%s: %s", path,
			    strerror(errno));
	if (write(fd, text, len) != (ssize_t)len)
		setup_failx("uid map", "run 'cylosh --check' for details",
			    "%s: %s", path, strerror(errno));
	if (close(fd) < 0)
		setup_failx("uid map", NULL, "%s: %s", path, strerror(errno));
}

void
ns_map_ids(uid_t uid, gid_t gid)
{
	char map[64];

	/* setgroups must be denied before an unprivileged gid_map write, and
	 * staying denied means the session can never drop a group to escape
	 * a negative group permission. */
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	write_file("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	write_file("/proc/self/gid_map", map);
}

void
ns_own_keyring(void)
{
	/*
	 * The session keyring is inherited across clone and user namespaces
	 * alike: without this, the session would possess the login's (and
	 * pam_keyinit's) keyring, and a kernel service that looks keys up
	 * on its behalf (fscrypt, NFS, CIFS) would use them.  An anonymous
	 * new one holds nothing.  A kernel without keys (ENOSYS) has none
	 * to leak.
	 */
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 &&
	    errno != ENOSYS)
		setup_fail("session keyring", errno,
			   errno == EPERM || errno == EACCES ?
			   "keyctl(2) is refused around cylosh (a container's "
			   "seccomp profile?); the session needs it once to "
			   "leave the login's keyring" :
			   errno == EDQUOT ?
			   "the account's key quota is full: see "
			   "/proc/sys/kernel/keys/maxkeys" : NULL);
}
