/*
 * mkfilter.c - build-time generator of cylosh's seccomp filters.
 *
 * The filters are the same for every session (they depend on one policy
 * bit, allow_debuggers), so libseccomp compiles them once, at build time,
 * instead of in every session: that compile cost about 1.3 ms of each
 * session's start.  This program is the policy; shell/session/filter.c only loads
 * the result.
 *
 *   mkfilter > build/gen/filter_bpf.h
 *
 * Output: a C header with five BPF programs, for the architecture this
 * program runs on (a foreign architecture is killed by each filter):
 *   filter_session               the session's deny list, debuggers refused
 *   filter_session_debug         the same with ptrace and friends allowed
 *   filter_session_noexec        filter_session, and no memfds (home_noexec)
 *   filter_session_debug_noexec  filter_session_debug, and no memfds
 *   filter_outer                 the relay's allow list
 * Same libseccomp, same input, same bytes.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

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

/*
 * Socket families a session may create: unix, inet, inet6 and netlink
 * (NETLINK_ROUTE only, which getaddrinfo and ip(8) use).  Everything else
 * (AF_VSOCK, whose port space is the host's even in a new network
 * namespace; AF_PACKET, AF_ALG, AF_TIPC, AF_KEY, Bluetooth...) is kernel
 * surface a session has no use for.  Sorted: refuse_families relies on it.
 */
static const unsigned long families[] = {
	AF_UNIX, AF_INET, AF_INET6, AF_NETLINK,
};

/* All the relay needs while it relays and waits; the rest gets EPERM. */
static const char *const outer_allowed[] = {
	"read", "write", "writev", "readv", "poll", "ppoll", "close",
	"wait4", "waitid", "kill", "rt_sigprocmask", "rt_sigaction",
	"rt_sigreturn", "restart_syscall", "exit", "exit_group",
	"clock_gettime", "gettimeofday", "time", "getpid", "gettid",
	"brk", "mmap", "munmap", "mremap", "madvise", "futex",
	"sendto", "sendmsg", "getuid", "newfstatat", "fstat", "lseek",
	"tgkill", "getrandom", "sigaltstack", "sched_yield",
};

static const unsigned long outer_ioctls[] = {
	TIOCGWINSZ, TIOCSWINSZ, TCGETS, TCSETS, TCSETSW, TCSETSF,
};

static void
check(int rc, const char *what)
{
	if (rc < 0) {
		fprintf(stderr, "mkfilter: %s: %s\n", what, strerror(-rc));
		exit(1);
	}
}

static scmp_filter_ctx
new_filter(uint32_t def_action)
{
	scmp_filter_ctx ctx = seccomp_init(def_action);

	if (!ctx) {
		fprintf(stderr, "mkfilter: cannot create a filter\n");
		exit(1);
	}
	check(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			       SCMP_ACT_KILL_PROCESS), "bad-architecture action");
	/* Loading is shell/session/filter.c's job, where no_new_privs is set. */
	check(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0), "no_new_privs");
	/* A binary tree of system call numbers instead of a linear chain:
	 * every call of the session runs the filter, and a lookup then costs
	 * about log2(rules) comparisons instead of up to one per rule. */
	check(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2), "binary tree");
	return ctx;
}

static void
add_name(scmp_filter_ctx ctx, uint32_t action, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	/* A name this libseccomp or architecture lacks cannot be called. */
	if (nr == __NR_SCMP_ERROR)
		return;
	check(seccomp_rule_add(ctx, action, nr, 0), name);
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

/*
 * socket(2) and socketpair(2) with a family outside families[] fail with
 * EAFNOSUPPORT, as if the kernel lacked it, and so does netlink with any
 * protocol but NETLINK_ROUTE (0): one errno for "not in a session".  The
 * rules name the refused values (libseccomp allows one comparison per
 * argument in a rule): every gap below the highest allowed family one by
 * one, and everything above it with one ">" comparison.  The comparison is on all 64 bits, while the
 * kernel reads the family as an int: a value with high bits set is above
 * the highest family, so it is refused too.
 */
static void
refuse_families(scmp_filter_ctx ctx, int nr, const char *name)
{
	const uint32_t act = SCMP_ACT_ERRNO(EAFNOSUPPORT);
	const size_t n = sizeof(families) / sizeof(*families);
	unsigned long f, next = 0;
	size_t i;

	for (i = 0; i < n; next = families[i] + 1, i++)
		for (f = next; f < families[i]; f++)
			check(seccomp_rule_add(ctx, act, nr, 1,
					       SCMP_A0(SCMP_CMP_EQ, f)), name);
	check(seccomp_rule_add(ctx, act, nr, 1,
			       SCMP_A0(SCMP_CMP_GT, families[n - 1])), name);
	check(seccomp_rule_add(ctx, act, nr, 2,
			       SCMP_A0(SCMP_CMP_EQ, AF_NETLINK),
			       SCMP_A2(SCMP_CMP_NE, 0)), name);
}

/*
 * The session: a deny list answered with EPERM (clone3 with ENOSYS, so
 * libc falls back to clone, whose namespace flags a filter can inspect).
 */
static scmp_filter_ctx
session_filter(int allow_debuggers, int noexec)
{
	static const unsigned long ns_flags[] = {
		CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET,
		CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP, CLONE_NEWTIME,
	};
	scmp_filter_ctx ctx = new_filter(SCMP_ACT_ALLOW);
	size_t i;

	for (i = 0; i < sizeof(denied) / sizeof(*denied); i++)
		add_name(ctx, SCMP_ACT_ERRNO(EPERM), denied[i]);
	if (!allow_debuggers)
		for (i = 0; i < sizeof(debug) / sizeof(*debug); i++)
			add_name(ctx, SCMP_ACT_ERRNO(EPERM), debug[i]);
	add_name(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3");
	for (i = 0; i < sizeof(ns_flags) / sizeof(*ns_flags); i++)
		check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i],
					       ns_flags[i])),
		      "clone");
	deny_persona(ctx);
	deny_ioctl(ctx, TIOCSTI);
	deny_ioctl(ctx, TIOCLINUX);
	refuse_families(ctx, SCMP_SYS(socket), "socket");
	refuse_families(ctx, SCMP_SYS(socketpair), "socketpair");
	/*
	 * home_noexec: a memfd is a file on no mount the session can see, so
	 * neither noexec nor Landlock covers it, and its bytes run through
	 * execveat(2) or "ld.so /proc/self/fd/N".  vm.memfd_noexec = 2 would
	 * stop the first only (a sealed non-executable memfd can still be
	 * mapped PROT_EXEC) and cannot be set from an unprivileged user
	 * namespace anyway.  So no memfds at all: ENOSYS, which callers
	 * (Wayland, systemd, glib) treat as an old kernel and fall back to a
	 * file in /tmp or /dev/shm, both noexec on the ramdisk.
	 */
	if (noexec) {
		add_name(ctx, SCMP_ACT_ERRNO(ENOSYS), "memfd_create");
		add_name(ctx, SCMP_ACT_ERRNO(ENOSYS), "memfd_secret");
	}
	return ctx;
}

static scmp_filter_ctx
outer_filter(void)
{
	scmp_filter_ctx ctx = new_filter(SCMP_ACT_ERRNO(EPERM));
	size_t i;

	for (i = 0; i < sizeof(outer_allowed) / sizeof(*outer_allowed); i++)
		add_name(ctx, SCMP_ACT_ALLOW, outer_allowed[i]);
	for (i = 0; i < sizeof(outer_ioctls) / sizeof(*outer_ioctls); i++)
		check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffULL,
					       outer_ioctls[i])),
		      "ioctl");
	return ctx;
}

/* Print ctx's program as a C array named name. */
static void
emit(const char *name, scmp_filter_ctx ctx)
{
	struct sock_filter ins;
	FILE *tmp = tmpfile();
	size_t n = 0;

	if (!tmp) {
		perror("mkfilter: tmpfile");
		exit(1);
	}
	check(seccomp_export_bpf(ctx, fileno(tmp)), "export");
	seccomp_release(ctx);
	rewind(tmp);
	printf("static const struct sock_filter %s[] = {\n", name);
	while (fread(&ins, sizeof(ins), 1, tmp) == 1) {
		printf("\t{ 0x%04x, %u, %u, 0x%08x },\n", ins.code, ins.jt,
		       ins.jf, ins.k);
		n++;
	}
	if (ferror(tmp) || n == 0 || n > BPF_MAXINSNS) {
		fprintf(stderr, "mkfilter: %s: bad program (%zu instructions)\n",
			name, n);
		exit(1);
	}
	printf("};\n\n");
	fclose(tmp);
}

int
main(void)
{
	const struct scmp_version *v = seccomp_version();

	/*
	 * Fix the API level rather than probe the build machine's kernel, so
	 * the output depends on the input only.  Level 3 has
	 * SECCOMP_RET_KILL_PROCESS (Linux 4.14); Landlock needs 5.13 anyway.
	 */
	check(seccomp_api_set(3), "API level 3");
	printf("/* Generated by mkfilter (tools/mkfilter.c) with libseccomp "
	       "%u.%u.%u.  Do not edit. */\n\n", v->major, v->minor, v->micro);
	emit("filter_session", session_filter(0, 0));
	emit("filter_session_debug", session_filter(1, 0));
	emit("filter_session_noexec", session_filter(0, 1));
	emit("filter_session_debug_noexec", session_filter(1, 1));
	emit("filter_outer", outer_filter());
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("mkfilter: write");
		return 1;
	}
	return 0;
}
