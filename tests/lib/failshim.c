/*
 * failshim.c - fault injection for the cylosh tests (LD_PRELOAD only; the
 * production binary contains no such switch).
 *
 *   CYLO_TEST_FAIL=SPEC[,SPEC...]
 *   SPEC = NAME:ERRNO[:N][@WHERE][~SUBSTR]   (@WHERE and ~SUBSTR in any order)
 *
 * makes the call NAME fail with ERRNO (a name such as EPERM, or a number):
 *   :N       only the Nth matching call in a process (1 = the first);
 *            default every matching call;
 *   @WHERE   only in the outer process (@outer: the process that loaded
 *            the shim), session init (@init: pid 1) or the shell (@shell:
 *            pid 2);
 *   ~SUBSTR  only when a string argument (path, file system type, mount
 *            source) contains SUBSTR, e.g. mount:EPERM~devpts.
 *
 * NAME is a libc or library function (mount, umount2, sethostname,
 * setrlimit, prctl, setsid, fork, openpty, posix_openpt, unlockpt,
 * sendmsg, recvmsg, socketpair, open_tree, move_mount,
 * mount_setattr, cap_set_proc, cap_set_secbits, cap_drop_bound,
 * cap_reset_ambient, open (which also
 * covers open64, openat and openat64; "openat" is the same name), mkdirat,
 * symlinkat, unlinkat, fchmodat, chdir, dup2, ioctl, signalfd, sigprocmask,
 * pipe2, write) or the name of a system call made through the generic
 * syscall(): clone, clone3, pivot_root, close_range,
 * landlock_create_ruleset, landlock_add_rule, landlock_restrict_self,
 * unshare, setns, mount_setattr, open_tree, move_mount, seccomp.
 *
 * The spec is read once, by a constructor, when the shim is loaded: cylosh
 * builds the session's environment from nothing later, and the session's
 * processes (init, the shell) are clones of the outer process that keep
 * the shim and its parsed spec, but never the variable.
 *
 * Each process that makes a forced failure also writes one line
 * "failshim: NAME -> ERRNO (pid P)" to the file named by
 * CYLO_TEST_FAIL_LOG, when that is set, so a test can tell that the
 * injection fired.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <termios.h>
#include <unistd.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#define SYS_move_mount 429
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif

#define MAX_SPECS 8

enum where { ANYWHERE, OUTER, INIT, SHELL };

struct spec {
	char name[64];
	int err;
	unsigned long nth;	/* 0: every call */
	unsigned long seen;	/* matching calls so far, in this process */
	enum where where;
	char substr[128];
};

static struct spec specs[MAX_SPECS];
static int nspecs;
static pid_t outer_pid;
static char log_path[PATH_MAX];

static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH },
	{ "EINTR", EINTR }, { "EIO", EIO }, { "E2BIG", E2BIG },
	{ "EBADF", EBADF }, { "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM },
	{ "EACCES", EACCES }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY },
	{ "EEXIST", EEXIST }, { "EXDEV", EXDEV }, { "ENODEV", ENODEV },
	{ "ENOTDIR", ENOTDIR }, { "EINVAL", EINVAL }, { "ENFILE", ENFILE },
	{ "EMFILE", EMFILE }, { "ENOTTY", ENOTTY }, { "ENOSPC", ENOSPC },
	{ "EROFS", EROFS }, { "ENOSYS", ENOSYS }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "EUSERS", EUSERS }, { "ENXIO", ENXIO }, { "ECHILD", ECHILD },
	{ "EPIPE", EPIPE }, { "ECONNRESET", ECONNRESET },
};

/* System calls reachable through syscall(2), by name. */
static const struct {
	const char *name;
	long nr;
} sysnames[] = {
	{ "clone", SYS_clone },
	{ "clone3", SYS_clone3 },
	{ "pivot_root", SYS_pivot_root },
	{ "close_range", SYS_close_range },
	{ "landlock_create_ruleset", SYS_landlock_create_ruleset },
	{ "landlock_add_rule", SYS_landlock_add_rule },
	{ "landlock_restrict_self", SYS_landlock_restrict_self },
	{ "unshare", SYS_unshare },
	{ "setns", SYS_setns },
	{ "mount_setattr", SYS_mount_setattr },
	{ "open_tree", SYS_open_tree },
	{ "move_mount", SYS_move_mount },
	{ "mount", SYS_mount },
	{ "umount2", SYS_umount2 },
	{ "sethostname", SYS_sethostname },
	{ "prctl", SYS_prctl },
	{ "seccomp", SYS_seccomp },
};

static int
parse_errno(const char *s)
{
	size_t i;
	char *end;
	long v;

	for (i = 0; i < sizeof(errnos) / sizeof(*errnos); i++)
		if (!strcmp(s, errnos[i].name))
			return errnos[i].err;
	v = strtol(s, &end, 10);
	if (*s && !*end && v > 0 && v < 4096)
		return (int)v;
	return 0;
}

/* Parse one NAME:ERRNO[:N][@WHERE][~SUBSTR]; false when malformed. */
static bool
parse_spec(char *text, struct spec *sp)
{
	char *tilde, *colon, *n;

	static const struct {
		const char *word;
		enum where where;
	} wheres[] = {
		{ "@outer", OUTER }, { "@init", INIT }, { "@shell", SHELL },
	};
	size_t i;

	memset(sp, 0, sizeof(*sp));
	/* @WHERE and ~SUBSTR may come in either order. */
	for (i = 0; i < sizeof(wheres) / sizeof(*wheres); i++) {
		char *w = strstr(text, wheres[i].word);
		size_t n = strlen(wheres[i].word);

		if (w && (w[n] == 0 || w[n] == '~')) {
			sp->where = wheres[i].where;
			memmove(w, w + n, strlen(w + n) + 1);
			break;
		}
	}
	tilde = strchr(text, '~');
	if (tilde) {
		*tilde = 0;
		snprintf(sp->substr, sizeof(sp->substr), "%s", tilde + 1);
	}
	if (strchr(text, '@'))
		return false;
	colon = strchr(text, ':');
	if (!colon)
		return false;
	*colon = 0;
	/* open, open64, openat and openat64 are one family: "open". */
	snprintf(sp->name, sizeof(sp->name), "%s",
		 !strcmp(text, "openat") ? "open" : text);
	n = strchr(colon + 1, ':');
	if (n) {
		*n = 0;
		sp->nth = strtoul(n + 1, NULL, 10);
		if (!sp->nth)
			return false;
	}
	sp->err = parse_errno(colon + 1);
	return sp->name[0] && sp->err;
}

__attribute__((constructor)) static void
failshim_init(void)
{
	const char *v = getenv("CYLO_TEST_FAIL"), *l = getenv("CYLO_TEST_FAIL_LOG");
	char buf[1024], *tok, *save = NULL;

	outer_pid = getpid();
	if (l)
		snprintf(log_path, sizeof(log_path), "%s", l);
	if (!v)
		return;
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok && nspecs < MAX_SPECS;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!parse_spec(tok, &specs[nspecs])) {
			fprintf(stderr, "failshim: bad spec in CYLO_TEST_FAIL: %s\n", tok);
			_exit(99);
		}
		nspecs++;
	}
}

static void
note(const char *name, int err)
{
	char line[256];
	int fd, n;

	if (!log_path[0])
		return;
	n = snprintf(line, sizeof(line), "failshim: %s -> %d (pid %ld)\n", name,
		     err, (long)syscall(SYS_getpid));
	fd = (int)syscall(SYS_openat, AT_FDCWD, log_path,
			  O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd >= 0) {
		if (write(fd, line, (size_t)n) < 0) {
			/* nothing to do: the log is best effort */
		}
		close(fd);
	}
}

/*
 * Should this call fail?  Returns the errno to fail with, or 0.  The string
 * arguments (up to three, NULL allowed) are matched against ~SUBSTR.
 */
static int
should_fail(const char *name, const char *s1, const char *s2, const char *s3)
{
	int i;

	for (i = 0; i < nspecs; i++) {
		struct spec *sp = &specs[i];
		pid_t pid;

		if (strcmp(sp->name, name))
			continue;
		if (sp->where != ANYWHERE) {
			pid = (pid_t)syscall(SYS_getpid);
			if ((sp->where == OUTER && pid != outer_pid) ||
			    (sp->where == INIT && pid != 1) ||
			    (sp->where == SHELL && pid != 2))
				continue;
		}
		if (sp->substr[0] &&
		    !((s1 && strstr(s1, sp->substr)) ||
		      (s2 && strstr(s2, sp->substr)) ||
		      (s3 && strstr(s3, sp->substr))))
			continue;
		sp->seen++;
		if (sp->nth && sp->seen != sp->nth)
			continue;
		note(name, sp->err);
		return sp->err;
	}
	return 0;
}

#define REAL(ret, fn, ...)                                                  \
	static ret (*real)(__VA_ARGS__);                                     \
	if (!real)                                                           \
		real = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, fn)

#define FAIL_IF(name, s1, s2, s3, failval)                                  \
	do {                                                                 \
		int e_ = nspecs ? should_fail(name, s1, s2, s3) : 0;        \
		if (e_) {                                                    \
			errno = e_;                                          \
			return failval;                                      \
		}                                                            \
	} while (0)

/* ---- the generic syscall() ---------------------------------------------- */
long
syscall(long nr, ...)
{
	long a[6];
	va_list ap;
	size_t i;
	static long (*real)(long, ...);

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nspecs) {
		for (i = 0; i < sizeof(sysnames) / sizeof(*sysnames); i++) {
			if (sysnames[i].nr != nr)
				continue;
			/* Path arguments for ~SUBSTR where the call has them. */
			const char *s1 = NULL, *s2 = NULL;

			if (nr == SYS_pivot_root) {
				s1 = (const char *)a[0];
				s2 = (const char *)a[1];
			} else if (nr == SYS_open_tree || nr == SYS_mount_setattr) {
				s1 = (const char *)a[1];
			}
			int e = should_fail(sysnames[i].name, s1, s2, NULL);
			if (e) {
				errno = e;
				return -1;
			}
		}
	}
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* ---- mounts ---------------------------------------------------------------- */
int
mount(const char *src, const char *dst, const char *type, unsigned long flags,
      const void *data)
{
	REAL(int, "mount", const char *, const char *, const char *,
	     unsigned long, const void *);
	FAIL_IF("mount", src, dst, type, -1);
	return real(src, dst, type, flags, data);
}

int
umount2(const char *target, int flags)
{
	REAL(int, "umount2", const char *, int);
	FAIL_IF("umount2", target, NULL, NULL, -1);
	return real(target, flags);
}

int
open_tree(int dfd, const char *path, unsigned int flags)
{
	REAL(int, "open_tree", int, const char *, unsigned int);
	FAIL_IF("open_tree", path, NULL, NULL, -1);
	return real(dfd, path, flags);
}

int
move_mount(int from_dfd, const char *from, int to_dfd, const char *to,
	   unsigned int flags)
{
	REAL(int, "move_mount", int, const char *, int, const char *,
	     unsigned int);
	FAIL_IF("move_mount", from, to, NULL, -1);
	return real(from_dfd, from, to_dfd, to, flags);
}

struct mount_attr;
int
mount_setattr(int dfd, const char *path, unsigned int flags,
	      struct mount_attr *attr, size_t size)
{
	REAL(int, "mount_setattr", int, const char *, unsigned int,
	     struct mount_attr *, size_t);
	FAIL_IF("mount_setattr", path, NULL, NULL, -1);
	return real(dfd, path, flags, attr, size);
}

/* ---- files ------------------------------------------------------------------ */
int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	REAL(int, "open", const char *, int, ...);
	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	FAIL_IF("open", path, NULL, NULL, -1);
	return real(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	REAL(int, "open64", const char *, int, ...);
	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	FAIL_IF("open", path, NULL, NULL, -1);
	return real(path, flags, mode);
}

int
openat(int dfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	REAL(int, "openat", int, const char *, int, ...);
	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	FAIL_IF("open", path, NULL, NULL, -1);
	return real(dfd, path, flags, mode);
}

int
openat64(int dfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	REAL(int, "openat64", int, const char *, int, ...);
	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	FAIL_IF("open", path, NULL, NULL, -1);
	return real(dfd, path, flags, mode);
}

int
mkdirat(int dfd, const char *path, mode_t mode)
{
	REAL(int, "mkdirat", int, const char *, mode_t);
	FAIL_IF("mkdirat", path, NULL, NULL, -1);
	return real(dfd, path, mode);
}

int
symlinkat(const char *target, int dfd, const char *path)
{
	REAL(int, "symlinkat", const char *, int, const char *);
	FAIL_IF("symlinkat", path, target, NULL, -1);
	return real(target, dfd, path);
}

int
unlinkat(int dfd, const char *path, int flags)
{
	REAL(int, "unlinkat", int, const char *, int);
	FAIL_IF("unlinkat", path, NULL, NULL, -1);
	return real(dfd, path, flags);
}

int
fchmodat(int dfd, const char *path, mode_t mode, int flags)
{
	REAL(int, "fchmodat", int, const char *, mode_t, int);
	FAIL_IF("fchmodat", path, NULL, NULL, -1);
	return real(dfd, path, mode, flags);
}

int
chdir(const char *path)
{
	REAL(int, "chdir", const char *);
	FAIL_IF("chdir", path, NULL, NULL, -1);
	return real(path);
}

int
dup2(int from, int to)
{
	REAL(int, "dup2", int, int);
	FAIL_IF("dup2", NULL, NULL, NULL, -1);
	return real(from, to);
}

/* ---- processes, identity, limits ------------------------------------------ */
pid_t
fork(void)
{
	REAL(pid_t, "fork", void);
	FAIL_IF("fork", NULL, NULL, NULL, -1);
	return real();
}

pid_t
setsid(void)
{
	REAL(pid_t, "setsid", void);
	FAIL_IF("setsid", NULL, NULL, NULL, -1);
	return real();
}

int
sethostname(const char *name, size_t len)
{
	REAL(int, "sethostname", const char *, size_t);
	FAIL_IF("sethostname", name, NULL, NULL, -1);
	return real(name, len);
}

int
setrlimit(__rlimit_resource_t res, const struct rlimit *rl)
{
	REAL(int, "setrlimit", __rlimit_resource_t, const struct rlimit *);
	FAIL_IF("setrlimit", NULL, NULL, NULL, -1);
	return real(res, rl);
}

int
setrlimit64(__rlimit_resource_t res, const struct rlimit64 *rl)
{
	REAL(int, "setrlimit64", __rlimit_resource_t, const struct rlimit64 *);
	FAIL_IF("setrlimit", NULL, NULL, NULL, -1);
	return real(res, rl);
}

int
prctl(int option, ...)
{
	unsigned long a[4];
	va_list ap;
	int i;

	REAL(int, "prctl", int, ...);
	va_start(ap, option);
	for (i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	FAIL_IF("prctl", NULL, NULL, NULL, -1);
	return real(option, a[0], a[1], a[2], a[3]);
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	REAL(int, "sigprocmask", int, const sigset_t *, sigset_t *);
	FAIL_IF("sigprocmask", NULL, NULL, NULL, -1);
	return real(how, set, old);
}

int
signalfd(int fd, const sigset_t *mask, int flags)
{
	REAL(int, "signalfd", int, const sigset_t *, int);
	FAIL_IF("signalfd", NULL, NULL, NULL, -1);
	return real(fd, mask, flags);
}

int
ioctl(int fd, unsigned long req, ...)
{
	void *arg;
	va_list ap;
	char reqname[32];

	REAL(int, "ioctl", int, unsigned long, ...);
	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	/* ~SUBSTR matches the request in hex, e.g. ioctl:EPERM~540e. */
	snprintf(reqname, sizeof(reqname), "%lx", req);
	FAIL_IF("ioctl", reqname, NULL, NULL, -1);
	return real(fd, req, arg);
}

int
openpty(int *master, int *slave, char *name, const struct termios *tio,
	const struct winsize *ws)
{
	REAL(int, "openpty", int *, int *, char *, const struct termios *,
	     const struct winsize *);
	FAIL_IF("openpty", NULL, NULL, NULL, -1);
	return real(master, slave, name, tio, ws);
}

int
posix_openpt(int flags)
{
	REAL(int, "posix_openpt", int);
	FAIL_IF("posix_openpt", NULL, NULL, NULL, -1);
	return real(flags);
}

int
unlockpt(int fd)
{
	REAL(int, "unlockpt", int);
	FAIL_IF("unlockpt", NULL, NULL, NULL, -1);
	return real(fd);
}

int
socketpair(int domain, int type, int proto, int sv[2])
{
	REAL(int, "socketpair", int, int, int, int *);
	FAIL_IF("socketpair", NULL, NULL, NULL, -1);
	return real(domain, type, proto, sv);
}

ssize_t
sendmsg(int fd, const struct msghdr *msg, int flags)
{
	REAL(ssize_t, "sendmsg", int, const struct msghdr *, int);
	FAIL_IF("sendmsg", NULL, NULL, NULL, -1);
	return real(fd, msg, flags);
}

ssize_t
recvmsg(int fd, struct msghdr *msg, int flags)
{
	REAL(ssize_t, "recvmsg", int, struct msghdr *, int);
	FAIL_IF("recvmsg", NULL, NULL, NULL, -1);
	return real(fd, msg, flags);
}

int
tcsetattr(int fd, int act, const struct termios *tio)
{
	REAL(int, "tcsetattr", int, int, const struct termios *);
	FAIL_IF("tcsetattr", NULL, NULL, NULL, -1);
	return real(fd, act, tio);
}

/* ---- libcap ------------------------------------------------------------------ */
typedef struct _cap_struct *cap_t;
typedef int cap_value_t;

int
cap_set_proc(cap_t caps)
{
	REAL(int, "cap_set_proc", cap_t);
	FAIL_IF("cap_set_proc", NULL, NULL, NULL, -1);
	return real(caps);
}

int
cap_set_secbits(unsigned bits)
{
	REAL(int, "cap_set_secbits", unsigned);
	FAIL_IF("cap_set_secbits", NULL, NULL, NULL, -1);
	return real(bits);
}

int
cap_drop_bound(cap_value_t c)
{
	REAL(int, "cap_drop_bound", cap_value_t);
	FAIL_IF("cap_drop_bound", NULL, NULL, NULL, -1);
	return real(c);
}

int
cap_reset_ambient(void)
{
	REAL(int, "cap_reset_ambient", void);
	FAIL_IF("cap_reset_ambient", NULL, NULL, NULL, -1);
	return real();
}

