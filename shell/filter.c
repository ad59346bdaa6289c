/*
 * filter.c - step 9, applied last: the system call filter.
 *
 * Assumes: no_new_privs is set (so no privilege is needed to load it) and
 * every other setup step is done: after this, mounts and namespaces are out
 * of reach for good.
 * Guarantees: for the session, a deny list answered with EPERM (clone3
 * with ENOSYS, so libc falls back to clone, whose namespace flags we can
 * inspect), TIOCSTI/TIOCLINUX refused comparing only the low 32 bits of
 * the request, and any foreign architecture (i386, x32) killing the
 * process.  For the outer relay, an allow list.
 */
#include "filter.h"

#include <errno.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "diag.h"

#define STEP "seccomp"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Refused with EPERM in every session. */
static const char *const denied[] = {
	/* the mount API */
	"mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig",
	"fsmount", "fspick", "open_tree", "move_mount", "mount_setattr",
	/* namespaces */
	"unshare", "setns",
	/* kernel keyrings */
	"keyctl", "add_key", "request_key",
	/* kernel attack surface an unprivileged session has no use for */
	"bpf", "perf_event_open", "userfaultfd", "io_uring_setup",
	"io_uring_enter", "io_uring_register",
	/* machine administration */
	"kexec_load", "kexec_file_load", "init_module", "finit_module",
	"delete_module", "reboot", "swapon", "swapoff", "acct", "quotactl",
	"quotactl_fd", "syslog", "iopl", "ioperm", "open_by_handle_at",
	"name_to_handle_at", "settimeofday", "clock_settime", "clock_adjtime",
	"adjtimex", "lookup_dcookie", "vhangup", "uselib", "_sysctl",
	"nfsservctl", "pciconfig_read", "pciconfig_write",
};

/* Refused unless the policy allows debuggers. */
static const char *const debug[] = {
	"ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
	"pidfd_getfd",
};

static void
check(int rc, const char *what)
{
	if (rc < 0)
		setup_failx(STEP, NULL, "%s: %s", what, strerror(-rc));
}

static void
deny_name(scmp_filter_ctx ctx, const char *name, int err)
{
	int nr = seccomp_syscall_resolve_name(name);

	/* A name this libseccomp or architecture lacks cannot be called. */
	if (nr == __NR_SCMP_ERROR)
		return;
	check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(err), nr, 0), name);
}

static void
deny_ioctl(scmp_filter_ctx ctx, unsigned long request)
{
	/* The kernel compares only the low 32 bits of the request (its type
	 * is unsigned int), so must we: request | 1 << 32 is the same ioctl. */
	check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
			       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffULL,
				       request)),
	      "ioctl");
}

/*
 * personality(2) may only query (0xffffffff) or keep PER_LINUX (0): other
 * values can turn off address space randomization or make data executable.
 * The kernel reads the argument as 32 bits.  A value other than all-zeros
 * or all-ones has two neighbouring bits (cyclically) that differ, so one
 * masked comparison per neighbouring pair and order covers exactly the
 * refused values (libseccomp cannot compare one argument twice in a rule).
 */
static void
deny_persona(scmp_filter_ctx ctx)
{
	unsigned k;

	for (k = 0; k < 32; k++) {
		unsigned long lo = 1UL << k, hi = 1UL << ((k + 1) % 32);

		check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
				       SCMP_SYS(personality), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, lo | hi, lo)),
		      "personality");
		check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
				       SCMP_SYS(personality), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, lo | hi, hi)),
		      "personality");
	}
}

void
seccomp_apply(bool allow_debuggers)
{
	static const unsigned long ns_flags[] = {
		CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET,
		CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP, CLONE_NEWTIME,
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	size_t i;

	if (!ctx)
		setup_failx(STEP, NULL, "cannot create a filter");
	check(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			       SCMP_ACT_KILL_PROCESS), "bad-architecture action");
	for (i = 0; i < sizeof(denied) / sizeof(*denied); i++)
		deny_name(ctx, denied[i], EPERM);
	if (!allow_debuggers)
		for (i = 0; i < sizeof(debug) / sizeof(*debug); i++)
			deny_name(ctx, debug[i], EPERM);
	deny_name(ctx, "clone3", ENOSYS);
	for (i = 0; i < sizeof(ns_flags) / sizeof(*ns_flags); i++)
		check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i],
					       ns_flags[i])),
		      "clone");
	deny_persona(ctx);
	deny_ioctl(ctx, TIOCSTI);
	deny_ioctl(ctx, TIOCLINUX);
	check(seccomp_load(ctx), "cannot load the filter");
	seccomp_release(ctx);
}

void
seccomp_restrict_outer(void)
{
	static const char *const allowed[] = {
		"read", "write", "writev", "readv", "poll", "ppoll", "close",
		"wait4", "waitid", "kill", "rt_sigprocmask", "rt_sigaction",
		"rt_sigreturn", "restart_syscall", "exit", "exit_group",
		"clock_gettime", "gettimeofday", "time", "getpid", "gettid",
		"brk", "mmap", "munmap", "mremap", "madvise", "futex",
		"sendto", "sendmsg", "getuid", "newfstatat", "fstat", "lseek",
		"tgkill", "getrandom", "sigaltstack", "sched_yield",
	};
	static const unsigned long ioctls[] = {
		TIOCGWINSZ, TIOCSWINSZ, TCGETS, TCSETS, TCSETSW, TCSETSF,
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	size_t i;

	if (!ctx)
		setup_failx(STEP, NULL, "cannot create a filter");
	check(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			       SCMP_ACT_KILL_PROCESS), "bad-architecture action");
	for (i = 0; i < sizeof(allowed) / sizeof(*allowed); i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i]);

		if (nr != __NR_SCMP_ERROR)
			check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0),
			      allowed[i]);
	}
	for (i = 0; i < sizeof(ioctls) / sizeof(*ioctls); i++)
		check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffULL,
					       ioctls[i])),
		      "ioctl");
	check(seccomp_load(ctx), "cannot load the filter");
	seccomp_release(ctx);
}
