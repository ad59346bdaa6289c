/*
 * landlock.c - step 8: restrict file system, TCP and IPC scope with
 * Landlock, at the best ABI the kernel offers.
 *
 * Assumes: the new root is in place and no_new_privs is set.
 * Guarantees: read+execute on the system tree, read-only /etc, read-write
 * home, /tmp and /dev/shm, the device nodes of /dev; with ABI >= 4 no TCP
 * bind or connect when the network policy is "none"; with ABI >= 6 no
 * abstract unix sockets or signals beyond the session's own domain.  The
 * rights a kernel lacks are removed through a fall-through table, as in the
 * kernel's samples/landlock/sandboxer.c; below landlock_min_abi the session
 * is refused.
 *
 * The definitions are our own so that the build does not depend on the
 * installed kernel headers (Debian 12's describe ABI 2 at most).
 */
#include "landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "inside.h"

#define STEP "landlock"

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_CREATE_RULESET_ERRATA (1U << 1)
#define LL_RULE_PATH_BENEATH 1

#define FS_EXECUTE (1ULL << 0)
#define FS_WRITE_FILE (1ULL << 1)
#define FS_READ_FILE (1ULL << 2)
#define FS_READ_DIR (1ULL << 3)
#define FS_REMOVE_DIR (1ULL << 4)
#define FS_REMOVE_FILE (1ULL << 5)
#define FS_MAKE_CHAR (1ULL << 6)
#define FS_MAKE_DIR (1ULL << 7)
#define FS_MAKE_REG (1ULL << 8)
#define FS_MAKE_SOCK (1ULL << 9)
#define FS_MAKE_FIFO (1ULL << 10)
#define FS_MAKE_BLOCK (1ULL << 11)
#define FS_MAKE_SYM (1ULL << 12)
#define FS_REFER (1ULL << 13)	/* ABI 2 */
#define FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#define FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#define NET_BIND_TCP (1ULL << 0) /* ABI 4 */
#define NET_CONNECT_TCP (1ULL << 1)
#define SCOPE_ABSTRACT_UNIX (1ULL << 0) /* ABI 6 */
#define SCOPE_SIGNAL (1ULL << 1)

#define FS_ABI1 ((1ULL << 13) - 1)
#define FS_ALL (FS_ABI1 | FS_REFER | FS_TRUNCATE | FS_IOCTL_DEV)
/* Rights that make sense on a file (not a directory) as a rule's target. */
#define FS_FILE (FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | \
		 FS_IOCTL_DEV)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

/* The attribute size each ABI understands. */
static size_t
attr_size(int abi)
{
	if (abi >= 6)
		return sizeof(struct ll_ruleset_attr);
	if (abi >= 4)
		return 2 * sizeof(uint64_t);
	return sizeof(uint64_t);
}

int
landlock_abi(void)
{
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0,
			   LL_CREATE_RULESET_VERSION);

	if (abi < 0)
		return (errno == ENOSYS || errno == EOPNOTSUPP) ? 0 : -errno;
	return (int)abi;
}

long
landlock_errata(void)
{
	long e = syscall(__NR_landlock_create_ruleset, NULL, 0,
			 LL_CREATE_RULESET_ERRATA);

	return e < 0 ? -1 : e;
}

/* Remove what the kernel's ABI lacks (fall-through on purpose). */
static void
downgrade(int abi, struct ll_ruleset_attr *a)
{
	switch (abi) {
	case 1:
		a->handled_access_fs &= ~FS_REFER;
		/* fall through */
	case 2:
		a->handled_access_fs &= ~FS_TRUNCATE;
		/* fall through */
	case 3:
		a->handled_access_net = 0;
		/* fall through */
	case 4:
		a->handled_access_fs &= ~FS_IOCTL_DEV;
		/* fall through */
	case 5:
		a->scoped = 0;
		/* fall through */
	default:
		break;
	}
}

static void
add_rule(int ruleset, uint64_t handled, const char *path, uint64_t access,
	 bool optional)
{
	struct ll_path_beneath pb;
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0) {
		if (optional && errno == ENOENT)
			return;
		setup_failx(STEP, NULL, "cannot open %s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0)
		setup_failx(STEP, NULL, "cannot inspect %s: %s", path,
			    strerror(errno));
	if (S_ISLNK(st.st_mode)) {
		/* A merged-/usr link: the rule on its target covers it. */
		close(fd);
		return;
	}
	if (!S_ISDIR(st.st_mode))
		access &= FS_FILE;
	pb.allowed_access = access & handled;
	pb.parent_fd = fd;
	if (pb.allowed_access &&
	    syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0) < 0)
		setup_failx(STEP, NULL, "cannot add a rule for %s: %s", path,
			    strerror(errno));
	close(fd);
}

/*
 * The directory the last exec rule's path was in, kept open: the allowed
 * programs come sorted by where lookup found them, mostly /usr/bin, and
 * opening each by its name in an open directory walks one component
 * instead of the whole path.  Resolution is the same as opening the full
 * path: the directory's path and the last component follow links alike.
 */
struct exec_dir {
	char path[PATH_MAX];
	int fd;			/* -1: none open; -2: path is absent */
};

/*
 * The open parent directory of path, or -1 when it does not exist; with
 * *name the last component.  AT_FDCWD, with *name the whole path, for a
 * path that has no last component to open so (no slash, a slash at the
 * end): opened whole, as before.
 */
static int
exec_dir_of(struct exec_dir *d, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (!slash || n >= sizeof(d->path) || !slash[1]) {
		*name = path;
		return AT_FDCWD;
	}
	*name = slash + 1;
	if (d->fd != -1 && !strncmp(d->path, path, n) && d->path[n] == 0)
		return d->fd == -2 ? -1 : d->fd;
	if (d->fd >= 0)
		close(d->fd);
	memcpy(d->path, path, n);
	d->path[n] = 0;
	d->fd = open(n ? d->path : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0) {
		if (errno != ENOENT)
			setup_failx(STEP, NULL, "cannot open %s: %s",
				    n ? d->path : "/", strerror(errno));
		d->fd = -2;
		return -1;
	}
	return d->fd;
}

/* The length of path's directory part (0 without a slash). */
static size_t
dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/* By parent directory, so that each directory is opened once. */
static int
by_dir(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t nx = dir_len(x), ny = dir_len(y);
	int c = strncmp(x, y, nx < ny ? nx : ny);

	if (c)
		return c;
	return nx < ny ? -1 : nx > ny;
}

/*
 * Execute (and read) path, a program or a directory of helpers; a missing
 * one is skipped.  Opened following links, so the rule lands on the file
 * itself.  Both rights are valid on files and directories alike, so this
 * needs no fstat: there are well over a hundred of these per session.
 */
static void
add_exec_rule(int ruleset, uint64_t handled, struct exec_dir *d,
	      const char *path)
{
	struct ll_path_beneath pb = {
		.allowed_access = (FS_EXECUTE | FS_READ_FILE) & handled,
	};
	const char *name;
	int dirfd = exec_dir_of(d, path, &name), fd;

	if (dirfd == -1)
		return;
	fd = openat(dirfd, name, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return;
		setup_failx(STEP, NULL, "cannot open %s: %s", path, strerror(errno));
	}
	pb.parent_fd = fd;
	if (syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb,
		    0) < 0)
		setup_failx(STEP, NULL, "cannot add a rule for %s: %s", path,
			    strerror(errno));
	close(fd);
}

static int
create(int abi, struct ll_ruleset_attr *attr)
{
	int fd;

	downgrade(abi, attr);
	fd = (int)syscall(__NR_landlock_create_ruleset, attr, attr_size(abi), 0);
	if (fd < 0)
		setup_failx(STEP, NULL, "cannot create a ruleset (ABI %d): %s",
			    abi, strerror(errno));
	return fd;
}

static void
restrict_self(int fd)
{
	if (syscall(__NR_landlock_restrict_self, fd, 0) < 0)
		setup_failx(STEP, NULL, "cannot enforce the ruleset: %s",
			    strerror(errno));
	close(fd);
}

static int
usable_abi(int min_abi)
{
	int abi = landlock_abi();

	if (abi < 0)
		setup_failx(STEP, "run 'cylosh --check'",
			    "cannot query the Landlock ABI: %s", strerror(-abi));
	if (abi == 0)
		setup_failx(STEP, "Landlock needs Linux >= 5.13 built with "
			    "CONFIG_SECURITY_LANDLOCK and \"landlock\" in the "
			    "lsm= boot parameter",
			    "Landlock is not available in this kernel");
	if (abi < min_abi)
		setup_failx(STEP, "upgrade the kernel or lower landlock_min_abi "
			    "in cylo.conf",
			    "the kernel offers Landlock ABI %d, the policy "
			    "requires at least %d", abi, min_abi);
	return abi;
}

int
landlock_apply(const struct session *s, const struct execlist *x)
{
	static const char *const system[] = {
		"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
		"/opt",
	};
	const uint64_t rx = FS_READ_FILE | FS_READ_DIR |
			    (s->pol.commands_all ? FS_EXECUTE : 0);
	const uint64_t dev = FS_READ_FILE | FS_WRITE_FILE | FS_TRUNCATE |
			     FS_IOCTL_DEV;
	uint64_t rw = FS_ALL;
	struct ll_ruleset_attr attr = {
		.handled_access_fs = FS_ALL,
		.handled_access_net = s->pol.network == NET_NONE ?
			NET_BIND_TCP | NET_CONNECT_TCP : 0,
		.scoped = SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL,
	};
	int abi = usable_abi(s->pol.landlock_min_abi);
	struct exec_dir dir = { .fd = -1 };
	int fd;
	size_t i;

	fd = create(abi, &attr);
	if (s->pol.home_noexec)
		rw &= ~FS_EXECUTE;
	/* Device files need no new ioctl rights beyond the tty's. */
	rw &= ~FS_IOCTL_DEV;

	add_rule(fd, attr.handled_access_fs, "/", FS_READ_DIR, false);
	add_rule(fd, attr.handled_access_fs, "/run/cylo", FS_READ_DIR,
		 false);
	for (i = 0; i < sizeof(system) / sizeof(*system); i++)
		add_rule(fd, attr.handled_access_fs, system[i], rx, true);
	/* The allowed programs, their helpers, the loader and /bin/sh. */
	if (x->n) {
		const char **sorted = malloc(x->n * sizeof(*sorted));

		if (!sorted)
			setup_failx(STEP, NULL, "out of memory");
		memcpy(sorted, x->paths, x->n * sizeof(*sorted));
		qsort(sorted, x->n, sizeof(*sorted), by_dir);
		for (i = 0; i < x->n; i++)
			add_exec_rule(fd, attr.handled_access_fs, &dir, sorted[i]);
		free(sorted);
	}
	if (dir.fd >= 0)
		close(dir.fd);
	/* The marker a cylosh started inside reads the policy from. */
	add_rule(fd, attr.handled_access_fs, INSIDE_MARKER, FS_READ_FILE, false);
	add_rule(fd, attr.handled_access_fs, "/etc", FS_READ_FILE | FS_READ_DIR,
		 false);
	/* profile, motd, skel (bound at its own path when outside /etc). */
	add_rule(fd, attr.handled_access_fs, SYSCONFDIR, FS_READ_FILE | FS_READ_DIR,
		 true);
	/*
	 * /proc is read-only unless debuggers are allowed: /proc/PID/mem of
	 * any process of the session (same uid, dumpable) is writable by the
	 * kernel's ptrace rules, which the seccomp ptrace rule does not
	 * cover, and writing it injects code (dd is enough).  /dev/stdout
	 * and /proc/self/fd/N still work: Landlock judges the file they lead
	 * to, not the /proc link.
	 */
	add_rule(fd, attr.handled_access_fs, "/proc",
		 FS_READ_FILE | FS_READ_DIR |
		 (s->pol.allow_debuggers ? FS_WRITE_FILE | FS_TRUNCATE : 0),
		 false);
	add_rule(fd, attr.handled_access_fs, "/dev", FS_READ_DIR, false);
	add_rule(fd, attr.handled_access_fs, "/dev/null", dev, false);
	add_rule(fd, attr.handled_access_fs, "/dev/zero", dev, false);
	add_rule(fd, attr.handled_access_fs, "/dev/full", dev, false);
	add_rule(fd, attr.handled_access_fs, "/dev/random", dev, false);
	add_rule(fd, attr.handled_access_fs, "/dev/urandom", dev, false);
	add_rule(fd, attr.handled_access_fs, "/dev/tty", dev, false);
	add_rule(fd, attr.handled_access_fs, "/dev/pts", dev | FS_READ_DIR, false);
	add_rule(fd, attr.handled_access_fs, "/dev/shm", rw, false);
	add_rule(fd, attr.handled_access_fs, "/tmp", rw, false);
	add_rule(fd, attr.handled_access_fs, s->acct.home, rw, false);
	/* Teaching material: read, never write (mounts.c binds it
	 * read-only too). */
	for (i = 0; i < s->pol.material.n; i++)
		add_rule(fd, attr.handled_access_fs, s->pol.material.v[i],
			 FS_READ_FILE | FS_READ_DIR, false);
	restrict_self(fd);
	return abi;
}

void
landlock_restrict_outer(void)
{
	struct ll_ruleset_attr attr = {
		.handled_access_fs = FS_ALL,
		.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP,
		.scoped = SCOPE_ABSTRACT_UNIX,
	};
	int abi = usable_abi(1);

	/* No rules at all: the relay needs only the descriptors it holds. */
	restrict_self(create(abi, &attr));
}
