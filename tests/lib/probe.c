/*
 * probe.c - a test helper run inside (and, as a control, outside) cylosh
 * sessions for the operations coreutils cannot attempt.
 *
 *   probe OPERATION [ARGS...]
 *
 * Prints "ok" and exits 0 when the operation succeeded; prints the errno
 * name (e.g. "EPERM") and exits 1 when it was refused or failed; exits 2 on
 * a usage error.  The foreign-architecture probes (x32, i386) print "ok"
 * only when the system call returned: inside a session they must be killed
 * by SIGSYS first.
 *
 * Several operations are given arguments the kernel itself would reject
 * with a distinctive error (ENOENT, ESRCH, EBADF, EINVAL) before any
 * permission check, so that a seccomp refusal (EPERM) is told apart from
 * the kernel's own: "probe chroot" says ENOENT on the host and EPERM under
 * the session's filter.
 *
 * Test-only code: never installed with cylosh.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_fsopen
#define SYS_fsopen 430
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#define X32_SYSCALL_BIT 0x40000000

static const struct {
	int err;
	const char *name;
} errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" }, { EIO, "EIO" }, { E2BIG, "E2BIG" },
	{ EBADF, "EBADF" }, { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" },
	{ ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
	{ EINVAL, "EINVAL" }, { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" },
	{ ENOTTY, "ENOTTY" }, { EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" },
	{ EROFS, "EROFS" }, { ENOSYS, "ENOSYS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EADDRINUSE, "EADDRINUSE" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { ENETDOWN, "ENETDOWN" },
	{ ENETUNREACH, "ENETUNREACH" }, { ECONNREFUSED, "ECONNREFUSED" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { EHOSTUNREACH, "EHOSTUNREACH" },
	{ EUSERS, "EUSERS" }, { ENOTSOCK, "ENOTSOCK" }, { EPROTO, "EPROTO" },
	{ ENOKEY, "ENOKEY" }, { EDQUOT, "EDQUOT" },
	{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
};

static const char *
errname(int err)
{
	static char buf[32];
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(*errnames); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

/* Report a system call's result: "ok" (exit 0) or the errno (exit 1). */
static int
result(long rc)
{
	if (rc < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}

static int
usage(void)
{
	fputs("usage: probe OPERATION [ARGS]\n"
	      "  tiocsti TEXT [--high] [--fd N] [--ctty]\n"
	      "                          push TEXT (\\n, \\t, \\\\ escapes) into "
	      "a terminal's input\n"
	      "  tioclinux               TIOCLINUX (plain and high-bit) on fd 0\n"
	      "  unshare [FLAGS]         unshare(CLONE_NEWUSER), or user,ns,pid,"
	      "net,ipc,uts,cgroup,time\n"
	      "  clone-ns [FLAGS]        clone() with namespace flags "
	      "(default user,ns)\n"
	      "  clone3 [FLAGS]          clone3() with namespace flags\n"
	      "  setns                   setns(-1, 0): EBADF unless filtered\n"
	      "  mount [TARGET]          mount a tmpfs on TARGET (default /tmp)\n"
	      "  umount TARGET           umount2(TARGET)\n"
	      "  chroot                  chroot(\"/nonexistent\"): ENOENT unless "
	      "filtered\n"
	      "  pivot_root              pivot_root on missing paths\n"
	      "  open_tree               open_tree on a missing path\n"
	      "  fsopen                  fsopen(\"tmpfs\")\n"
	      "  ptrace PID              PTRACE_ATTACH (then detach)\n"
	      "  process_vm PID          process_vm_readv of PID\n"
	      "  kill PID [SIG]          kill(PID, SIG) (default 0)\n"
	      "  shm MIB SECS            fill MIB MiB of shared memory (memfd), "
	      "say \"held\", keep it SECS s, say \"released\"\n"
	      "  forks N SECS            fork up to N sleeping children, say "
	      "\"forked K\" (and the errno that stopped it), keep them SECS s\n"
	      "  connect HOST PORT       TCP connect (3 s timeout)\n"
	      "  bind PORT               TCP bind on 127.0.0.1:PORT\n"
	      "  abstract NAME           connect to the abstract unix socket @NAME\n"
	      "  personality             set ADDR_NO_RANDOMIZE\n"
	      "  keyctl                  read the session keyring's id\n"
	      "  add_key                 add a user key\n"
	      "  user-key DESC           add key DESC to the user keyring "
	      "(expires in 2 min)\n"
	      "  bpf                     bpf() with an unknown command: EINVAL "
	      "unless filtered\n"
	      "  perf                    perf_event_open with a bad attr size\n"
	      "  userfaultfd             userfaultfd(0)\n"
	      "  io_uring                io_uring_setup(1)\n"
	      "  x32                     getpid through the x32 ABI\n"
	      "  i386                    getpid through int $0x80\n"
	      "  serve-tcp PORT SECS     (host side) accept TCP on 127.0.0.1:PORT\n"
	      "  serve-abstract NAME SECS (host side) accept on @NAME\n"
	      "  socket FAMILY [PROTO]   socket(FAMILY, a type it takes, PROTO)\n"
	      "  socketpair FAMILY       socketpair(FAMILY, SOCK_STREAM, 0)\n"
	      "  memfd-exec              run /bin/true from a memfd with "
	      "execveat\n"
	      "  memfd-ldso LDSO         run /bin/true from a memfd as "
	      "\"LDSO /proc/self/fd/N\"\n"
	      "  ptys MAX                open ptys until refused (at most MAX); "
	      "print how many, then the errno\n",
	      stderr);
	return 2;
}

/* Turn \n, \t, \r and \\ into their bytes, in place. */
static void
unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' :
			       *s == 'r' ? '\r' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

/*
 * tiocsti TEXT [--high] [--fd N] [--ctty]: push TEXT into the input of the
 * terminal on fd N (default 0).  --ctty first makes that terminal our
 * controlling terminal (setsid, TIOCSCTTY), which the kernel requires of an
 * unprivileged TIOCSTI.
 */
static int
op_tiocsti(int argc, char **argv)
{
	unsigned long req = TIOCSTI;
	size_t i, len;
	int fd = 0, a;
	bool ctty = false;
	char *text;

	if (argc < 1)
		return usage();
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--high"))
			req |= 1UL << 32;
		else if (!strcmp(argv[a], "--ctty"))
			ctty = true;
		else if (!strcmp(argv[a], "--fd") && a + 1 < argc)
			fd = atoi(argv[++a]);
		else
			return usage();
	}
	if (ctty) {
		setsid();
		if (ioctl(fd, TIOCSCTTY, 0) < 0) {
			printf("TIOCSCTTY %s\n", errname(errno));
			return 1;
		}
	}
	text = argv[0];
	unescape(text);
	len = strlen(text);
	for (i = 0; i < len; i++) {
		if (ioctl(fd, req, &text[i]) < 0) {
			printf("%s\n", errname(errno));
			return 1;
		}
	}
	printf("ok\n");
	return 0;
}

static int
op_tioclinux(void)
{
	/* Subcode 11 (TIOCL_GETSHIFTSTATE) is harmless on a VT; elsewhere the
	 * kernel answers EINVAL or ENOTTY. */
	char arg[2] = { 11, 0 };
	int rc1, rc2, e1, e2;

	rc1 = ioctl(0, TIOCLINUX, arg);
	e1 = errno;
	rc2 = ioctl(0, TIOCLINUX | (1UL << 32), arg);
	e2 = errno;
	printf("%s %s\n", rc1 < 0 ? errname(e1) : "ok",
	       rc2 < 0 ? errname(e2) : "ok");
	return rc1 < 0 && rc2 < 0 ? 1 : 0;
}

static unsigned long
ns_flags(const char *list, unsigned long dflt)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} names[] = {
		{ "user", CLONE_NEWUSER }, { "ns", CLONE_NEWNS },
		{ "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID },
		{ "net", CLONE_NEWNET }, { "ipc", CLONE_NEWIPC },
		{ "uts", CLONE_NEWUTS }, { "cgroup", CLONE_NEWCGROUP },
		{ "time", CLONE_NEWTIME },
	};
	unsigned long f = 0;
	char buf[256], *tok, *save = NULL;
	size_t i;

	if (!list)
		return dflt;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(*names); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(*names)) {
			fprintf(stderr, "probe: unknown namespace %s\n", tok);
			exit(2);
		}
		f |= names[i].flag;
	}
	return f;
}

static int
wait_child(long pid)
{
	int st;

	if (pid < 0)
		return result(-1);
	if (pid == 0)
		_exit(0);
	if (waitpid((pid_t)pid, &st, 0) < 0)
		return result(-1);
	return result(WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : (errno = ECHILD, -1));
}

static int
op_clone(const char *flags)
{
	unsigned long f = ns_flags(flags, CLONE_NEWUSER | CLONE_NEWNS);

	fflush(stdout);
	return wait_child(syscall(SYS_clone, f | SIGCHLD, NULL, NULL, NULL, NULL));
}

static int
op_clone3(const char *flags)
{
	struct clone_args ca;

	memset(&ca, 0, sizeof(ca));
	ca.flags = ns_flags(flags, CLONE_NEWUSER | CLONE_NEWNS);
	ca.exit_signal = SIGCHLD;
	fflush(stdout);
	return wait_child(syscall(SYS_clone3, &ca, sizeof(ca)));
}

static int
op_connect(const char *host, const char *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int fd, err = 0;

	sa.sin_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "probe: bad IPv4 address %s\n", host);
		return 2;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return result(-1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return result(0);
	if (errno != EINPROGRESS)
		return result(-1);
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	if (poll(&pfd, 1, 3000) == 0) {
		errno = ETIMEDOUT;
		return result(-1);
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return result(-1);
	errno = err;
	return result(err ? -1 : 0);
}

static int
op_bind(const char *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return result(-1);
	sa.sin_port = htons((uint16_t)atoi(port));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return result(bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
}

static socklen_t
abstract_addr(struct sockaddr_un *su, const char *name)
{
	size_t n = strlen(name);

	memset(su, 0, sizeof(*su));
	su->sun_family = AF_UNIX;
	if (n > sizeof(su->sun_path) - 1)
		n = sizeof(su->sun_path) - 1;
	memcpy(su->sun_path + 1, name, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static int
op_abstract(const char *name)
{
	struct sockaddr_un su;
	socklen_t len = abstract_addr(&su, name);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return result(-1);
	return result(connect(fd, (struct sockaddr *)&su, len));
}

/* Host side: accept and drop connections for secs seconds. */
static int
serve(int fd, int secs)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int i;

	if (listen(fd, 16) < 0)
		return result(-1);
	printf("listening\n");
	fflush(stdout);
	for (i = 0; i < secs * 10; i++) {
		if (poll(&pfd, 1, 100) > 0) {
			int c = accept(fd, NULL, NULL);

			if (c >= 0)
				close(c);
		}
	}
	return 0;
}

static int
op_serve_tcp(const char *port, const char *secs)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return result(-1);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_port = htons((uint16_t)atoi(port));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return result(-1);
	return serve(fd, atoi(secs));
}

static int
op_serve_abstract(const char *name, const char *secs)
{
	struct sockaddr_un su;
	socklen_t len = abstract_addr(&su, name);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return result(-1);
	if (bind(fd, (struct sockaddr *)&su, len) < 0)
		return result(-1);
	return serve(fd, atoi(secs));
}

static int
op_ptrace(const char *pid_s)
{
	pid_t pid = (pid_t)atoi(pid_s);

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0)
		return result(-1);
	waitpid(pid, NULL, __WALL);
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	return result(0);
}

static int
op_process_vm(const char *pid_s)
{
	char local[8], *remote = (char *)&local;
	struct iovec l = { local, sizeof(local) }, r = { remote, sizeof(local) };

	return result(process_vm_readv((pid_t)atoi(pid_s), &l, 1, &r, 1, 0));
}

static int
op_personality(void)
{
	int cur = personality(0xffffffff);

	if (cur < 0)
		return result(-1);
	return result(personality((unsigned long)cur | ADDR_NO_RANDOMIZE));
}

static int
op_keyctl(void)
{
	/* KEYCTL_GET_KEYRING_ID (0) of KEY_SPEC_SESSION_KEYRING (-3), create. */
	return result(syscall(SYS_keyctl, 0, -3, 1, 0, 0));
}

static int
op_add_key(void)
{
	return result(syscall(SYS_add_key, "user", "cylotest", "x", 1, -3));
}

/* user-key DESC: a key in the caller's user keyring (which outlives the
 * process), removed by the kernel after two minutes. */
static int
op_user_key(const char *desc)
{
	long id = syscall(SYS_add_key, "user", desc, "x", 1, -4);

	if (id < 0 || syscall(SYS_keyctl, 15, id, 120) < 0)
		return result(-1);
	return result(0);
}

static int
op_bpf(void)
{
	char attr[128];

	memset(attr, 0, sizeof(attr));
	/* No such command: the kernel says EINVAL, the filter EPERM. */
	return result(syscall(SYS_bpf, 0x7fff, attr, sizeof(attr)));
}

static int
op_perf(void)
{
	char attr[256];

	memset(attr, 0, sizeof(attr));
	/* attr.size = 1 is invalid: the kernel says E2BIG or EINVAL. */
	attr[4] = 1;
	return result(syscall(SYS_perf_event_open, attr, 0, -1, -1, 0));
}

static int
op_io_uring(void)
{
	char params[120];

	memset(params, 0, sizeof(params));
	return result(syscall(SYS_io_uring_setup, 1, params));
}

static int
op_x32(void)
{
	long rc;

	fflush(stdout);
	rc = syscall(X32_SYSCALL_BIT | SYS_getpid);
	return result(rc);
}

static int
op_i386(void)
{
	long rc = 20; /* __NR_getpid on i386 */

	fflush(stdout);
#if defined(__x86_64__) || defined(__i386__)
	__asm__ volatile("int $0x80" : "+a"(rc) : : "memory", "r8", "r9", "r10", "r11");
#else
	errno = ENOSYS;
	return result(-1);
#endif
	if (rc < 0 && rc > -4096) {
		errno = (int)-rc;
		return result(-1);
	}
	return result(0);
}

/*
 * socket FAMILY [PROTO]: families by number (AF_VSOCK is 40), each with a
 * type the family implements, so that on the host the kernel's own answer
 * is "ok" (or EPERM for raw ones) and never a type error.
 */
static int
op_socket(const char *fam_s, const char *proto_s)
{
	int fam = atoi(fam_s), type;

	switch (fam) {
	case AF_NETLINK:
	case AF_PACKET:
		type = SOCK_RAW;
		break;
	case AF_ALG:
	case AF_TIPC:
		type = SOCK_SEQPACKET;
		break;
	default:
		type = SOCK_STREAM;
	}
	return result(socket(fam, type | SOCK_CLOEXEC,
			     proto_s ? atoi(proto_s) : 0));
}

static int
op_socketpair(const char *fam_s)
{
	int sv[2];

	return result(socketpair(atoi(fam_s), SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
}

/* A memfd holding a copy of /bin/true, or -1 with errno. */
static int
memfd_true(void)
{
	char buf[65536];
	ssize_t n;
	int in, fd = (int)syscall(SYS_memfd_create, "cylotest", 0);

	if (fd < 0)
		return -1;
	if ((in = open("/bin/true", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			return -1;
	close(in);
	return n < 0 ? -1 : fd;
}

/* Run argv in a child; "ok" when it exited 0, else the errno it printed
 * (the child reports a failed exec itself). */
static int
run_child(int fd, const char *path, char *const argv[])
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return result(-1);
	if (pid == 0) {
		char *const envp[] = { NULL };

		if (path)
			execve(path, argv, envp);
		else
			syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
		printf("%s\n", errname(errno));
		_exit(1);
	}
	if (waitpid(pid, &st, 0) < 0)
		return result(-1);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		printf("ok\n");
		return 0;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
		return 1;
	printf("status %d\n", st);
	return 1;
}

static int
op_memfd_exec(void)
{
	char *argv[] = { "true", NULL };
	int fd = memfd_true();

	if (fd < 0)
		return result(-1);
	return run_child(fd, NULL, argv);
}

static int
op_memfd_ldso(const char *ldso)
{
	char path[64], *argv[] = { (char *)ldso, path, NULL };
	int fd = memfd_true();

	if (fd < 0)
		return result(-1);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return run_child(fd, ldso, argv);
}

/* ptys MAX: open ptys (kept open) until one is refused or MAX are open. */
static int
op_ptys(const char *max_s)
{
	int i, max = atoi(max_s);

	for (i = 0; i < max; i++)
		if (posix_openpt(O_RDWR | O_NOCTTY) < 0)
			break;
	printf("%d %s\n", i, i < max ? errname(errno) : "ok");
	return i < max;
}

/* Shared memory a cgroup charges: memfd pages (shmem), mapped and touched,
 * so they also count in this process's RSS (the OOM killer's measure).  A
 * cap shows as SIGBUS or the OOM killer's SIGKILL. */
static int
op_shm(const char *mib, const char *secs)
{
	size_t len = (size_t)atol(mib) << 20;
	int fd = (int)syscall(SYS_memfd_create, "probe-shm", 0);
	char *p;

	if (fd < 0 || ftruncate(fd, (off_t)len) < 0)
		return result(-1);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return result(-1);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 'x';
	printf("held\n");
	sleep((unsigned)atoi(secs));
	/* Still alive: the memory was held for the whole time. */
	printf("released\n");
	return 0;
}

/* Fork sleeping children until n, or until fork fails (the tasks cap). */
static int
op_forks(const char *count, const char *secs)
{
	long n = atol(count), k = 0;
	pid_t *kids = calloc((size_t)(n > 0 ? n : 1), sizeof(*kids));
	int err = 0;

	if (!kids)
		return result(-1);
	for (; k < n; k++) {
		pid_t pid = fork();

		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			sleep((unsigned)atoi(secs) + 2);
			_exit(0);
		}
		kids[k] = pid;
	}
	printf("forked %ld%s%s\n", k, err ? " " : "", err ? errname(err) : "");
	sleep((unsigned)atoi(secs));
	for (long i = 0; i < k; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	free(kids);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *op;

	if (argc < 2)
		return usage();
	op = argv[1];
	argc -= 2;
	argv += 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
#define ARGS(n) do { if (argc < (n)) return usage(); } while (0)
	if (!strcmp(op, "tiocsti"))
		return op_tiocsti(argc, argv);
	if (!strcmp(op, "tioclinux"))
		return op_tioclinux();
	if (!strcmp(op, "unshare"))
		return result(unshare((int)ns_flags(argc ? argv[0] : NULL,
						    CLONE_NEWUSER)));
	if (!strcmp(op, "clone-ns"))
		return op_clone(argc ? argv[0] : NULL);
	if (!strcmp(op, "clone3"))
		return op_clone3(argc ? argv[0] : NULL);
	if (!strcmp(op, "setns"))
		return result(setns(-1, 0));
	if (!strcmp(op, "mount"))
		return result(mount("tmpfs", argc ? argv[0] : "/tmp", "tmpfs", 0,
				    "size=64k"));
	if (!strcmp(op, "umount")) {
		ARGS(1);
		return result(umount2(argv[0], MNT_DETACH));
	}
	if (!strcmp(op, "chroot"))
		return result(chroot("/nonexistent-cylotest"));
	if (!strcmp(op, "pivot_root"))
		return result(syscall(SYS_pivot_root, "/nonexistent-cylotest",
				      "/nonexistent-cylotest"));
	if (!strcmp(op, "open_tree"))
		return result(syscall(SYS_open_tree, AT_FDCWD,
				      "/nonexistent-cylotest", 0));
	if (!strcmp(op, "fsopen"))
		return result(syscall(SYS_fsopen, "tmpfs", 0));
	if (!strcmp(op, "ptrace")) {
		ARGS(1);
		return op_ptrace(argv[0]);
	}
	if (!strcmp(op, "process_vm")) {
		ARGS(1);
		return op_process_vm(argv[0]);
	}
	if (!strcmp(op, "kill")) {
		ARGS(1);
		return result(kill((pid_t)atoi(argv[0]), argc > 1 ? atoi(argv[1]) : 0));
	}
	if (!strcmp(op, "connect")) {
		ARGS(2);
		return op_connect(argv[0], argv[1]);
	}
	if (!strcmp(op, "bind")) {
		ARGS(1);
		return op_bind(argv[0]);
	}
	if (!strcmp(op, "abstract")) {
		ARGS(1);
		return op_abstract(argv[0]);
	}
	if (!strcmp(op, "serve-tcp")) {
		ARGS(2);
		return op_serve_tcp(argv[0], argv[1]);
	}
	if (!strcmp(op, "serve-abstract")) {
		ARGS(2);
		return op_serve_abstract(argv[0], argv[1]);
	}
	if (!strcmp(op, "socket")) {
		ARGS(1);
		return op_socket(argv[0], argc > 1 ? argv[1] : NULL);
	}
	if (!strcmp(op, "socketpair")) {
		ARGS(1);
		return op_socketpair(argv[0]);
	}
	if (!strcmp(op, "memfd-exec"))
		return op_memfd_exec();
	if (!strcmp(op, "memfd-ldso")) {
		ARGS(1);
		return op_memfd_ldso(argv[0]);
	}
	if (!strcmp(op, "ptys")) {
		ARGS(1);
		return op_ptys(argv[0]);
	}
	if (!strcmp(op, "shm")) {
		ARGS(2);
		return op_shm(argv[0], argv[1]);
	}
	if (!strcmp(op, "forks")) {
		ARGS(2);
		return op_forks(argv[0], argv[1]);
	}
	if (!strcmp(op, "personality"))
		return op_personality();
	if (!strcmp(op, "keyctl"))
		return op_keyctl();
	if (!strcmp(op, "add_key"))
		return op_add_key();
	if (!strcmp(op, "user-key")) {
		ARGS(1);
		return op_user_key(argv[0]);
	}
	if (!strcmp(op, "bpf"))
		return op_bpf();
	if (!strcmp(op, "perf"))
		return op_perf();
	if (!strcmp(op, "userfaultfd"))
		return result(syscall(SYS_userfaultfd, 0));
	if (!strcmp(op, "io_uring"))
		return op_io_uring();
	if (!strcmp(op, "x32"))
		return op_x32();
	if (!strcmp(op, "i386"))
		return op_i386();
	return usage();
}
