/*
 * inside.c - cylosh started inside a session ($SHELL -c from vim, make,
 * git, xargs, or typed by hand) runs as an ordinary shell of that session:
 * no second sandbox, the same policy, the same limits (which it inherits:
 * the kernel keeps them across execve).
 *
 * Assumes: inside_mark runs in init before the root is made read-only;
 * inside_session runs before anything else of a session start.
 * Guarantees: inside_session says yes only when all of these hold, each
 * read from the kernel, never from the environment or a process name:
 *
 *   1. no_new_privs is set (prctl, and NoNewPrivs in /proc/self/status);
 *   2. a seccomp filter is in force (Seccomp 2) and every capability set,
 *      the bounding set included, is empty;
 *   3. the user namespace maps one identity only: uid_map is the single
 *      line "UID UID 1" for our uid, gid_map likewise, setgroups denied;
 *   4. /proc is a real procfs (what 1-3 were read from);
 *   5. the marker is a regular file on a read-only tmpfs that is the root
 *      of our mount namespace, and the Landlock probe beside it is refused
 *      with EACCES (Landlock is in force).
 *
 * Why a login cannot forge this.  sshd, login, su, cron and every other
 * way in switch from root to the user, so they run in a user namespace
 * where root exists; fact 3 says no uid but the user's exists here, so no
 * login can have happened in this namespace: only the user's own code or a
 * cylosh session made it.  A login under a hardened service manager or in a
 * container may bring 1, 2 and 4, never 3 and 5: the marker sits at a path
 * on the root only root (or a session's init) can create.  And a
 * setuid program (su, sudo) gains nothing under no_new_privs, so a
 * forged environment cannot carry another account in.
 *
 * What a forger gains.  A user who can already run code outside a session
 * can build all five facts in namespaces of their own (unshare, a tmpfs,
 * prctl, a filter, Landlock).  cylosh then runs in the confinement that
 * code chose for itself, which is no more than the code already had: no
 * privilege, no other account, no way into a session.  Any fact missing,
 * and cylosh builds a full sandbox as for a login.
 */
#include "inside.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "mounts.h"
#include "mountutil.h"

#define STEP "nested shell"

/* ---- pure checks ----------------------------------------------------------- */

/* Does status hold the line "key:<blanks>want"? */
static bool
status_is(const char *status, const char *key, const char *want)
{
	size_t klen = strlen(key), wlen = strlen(want);
	const char *p;

	for (p = status; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, klen) || p[klen] != ':')
			continue;
		p += klen + 1;
		p += strspn(p, " \t");
		return !strncmp(p, want, wlen) &&
		       (p[wlen] == '\n' || p[wlen] == 0);
	}
	return false;
}

bool
inside_status_ok(const char *status)
{
	static const char *const caps[] = {
		"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
	};
	size_t i;

	if (!status_is(status, "NoNewPrivs", "1") ||
	    !status_is(status, "Seccomp", "2"))
		return false;
	for (i = 0; i < sizeof(caps) / sizeof(*caps); i++)
		if (!status_is(status, caps[i], "0000000000000000"))
			return false;
	return true;
}

bool
inside_map_ok(const char *map, unsigned id)
{
	unsigned a, b, c;
	char extra;

	return sscanf(map, " %u %u %u %c", &a, &b, &c, &extra) == 3 &&
	       a == id && b == id && c == 1;
}

/* ---- facts from the kernel ---------------------------------------------- */

/* A file of the real procfs, whole; false when it is anything else. */
static bool
read_proc(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct statfs sf;
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return false;
	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC) {
		close(fd);
		return false;
	}
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = 0;
	return n >= 0;
}

/* On a read-only tmpfs? */
static bool
ro_tmpfs(int fd)
{
	struct statfs sf;
	struct statvfs sv;

	return fstatfs(fd, &sf) == 0 && sf.f_type == TMPFS_MAGIC &&
	       fstatvfs(fd, &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

/* Facts 1-4. */
static bool
confined(void)
{
	char status[8192], buf[256];

	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return false;
	if (!read_proc("/proc/self/status", status, sizeof(status)) ||
	    !inside_status_ok(status))
		return false;
	if (!read_proc("/proc/self/uid_map", buf, sizeof(buf)) ||
	    !inside_map_ok(buf, (unsigned)getuid()))
		return false;
	if (!read_proc("/proc/self/gid_map", buf, sizeof(buf)) ||
	    !inside_map_ok(buf, (unsigned)getgid()))
		return false;
	return read_proc("/proc/self/setgroups", buf, sizeof(buf)) &&
	       strcmp(buf, "deny\n") == 0;
}

/* Fact 5: the marker's fd, or -1. */
static int
open_marker(void)
{
	int fd = open(INSIDE_MARKER, O_RDONLY | O_CLOEXEC | O_NOFOLLOW),
	    root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), probe;
	struct stat m, r;
	bool ok;

	ok = fd >= 0 && root >= 0 && fstat(fd, &m) == 0 && S_ISREG(m.st_mode) &&
	     m.st_size <= CONF_MAX_SIZE && fstat(root, &r) == 0 &&
	     m.st_dev == r.st_dev && ro_tmpfs(fd) && ro_tmpfs(root);
	if (root >= 0)
		close(root);
	if (ok) {
		probe = open(LANDLOCK_PROBE, O_RDONLY | O_CLOEXEC);
		ok = probe < 0 && errno == EACCES;
		if (probe >= 0)
			close(probe);
	}
	if (!ok && fd >= 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

bool
inside_session(struct session *s)
{
	struct config c;
	char err[512], *text;
	ssize_t n;
	size_t len = 0;
	int fd;

	if (!confined() || (fd = open_marker()) < 0)
		return false;
	if (!(text = malloc(CONF_MAX_SIZE)))
		setup_failx(STEP, NULL, "out of memory");
	while ((n = read(fd, text + len, CONF_MAX_SIZE - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0)
		setup_failx(STEP, NULL, "%s: %s", INSIDE_MARKER, strerror(errno));
	/* The session wrote it; a marker we cannot read is a session we do
	 * not understand, and a policy of our own would be a fallback. */
	if (config_parse(text, len, INSIDE_MARKER, &c, err, sizeof(err)) < 0 ||
	    config_resolve(&c, s->acct.name, NULL, 0, &s->pol, err,
			   sizeof(err)) < 0)
		setup_failx(STEP, "start cylosh of the same version as the "
			    "session", "%s", err);
	config_free(&c);
	free(text);
	s->have_config = true;
	return true;
}

/* ---- in init ---------------------------------------------------------------- */

int
inside_self(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	struct stat want, got;
	int fd, tree;

	/* /proc/self/exe is on a mount of the namespace we were cloned
	 * from, which open_tree cannot clone: find the binary by its path
	 * in this copy, and take it only if it is the very file we run. */
	if (n < 0 || stat("/proc/self/exe", &want) < 0)
		setup_fail(STEP, errno, NULL);
	path[n] = 0;
	fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &got) < 0)
		setup_failx(STEP, "reinstall cylosh", "cannot open %s: %s", path,
			    strerror(errno));
	if (!S_ISREG(got.st_mode) || got.st_dev != want.st_dev ||
	    got.st_ino != want.st_ino)
		setup_failx(STEP, "reinstall cylosh, then start a new session",
			    "%s is no longer the running cylosh binary", path);
	/* A bind like those of the system tree: the same step when the
	 * kernel refuses it. */
	mnt_set_step("file system");
	tree = open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			 AT_EMPTY_PATH);
	if (tree < 0)
		fail_at("cannot clone", path);
	close(fd);
	return tree;
}

void
inside_mark(const struct session *s, int self, struct execlist *x)
{
	char *text = NULL, **p;
	size_t len = 0;
	FILE *f;

	mnt_set_step(STEP);
	/* The same binary as the session, whatever the host calls it: a
	 * nested cylosh must understand this session's marker. */
	mkdir_here(SESSION_BIN + 1, 0755);
	/* A cached SESSION_BIN (read-only already) brings the file. */
	if (!s->cmds || !s->cmds->cached)
		touch_here(INSIDE_SHELL + 1, 0755);
	set_attr(self, "", AT_EMPTY_PATH,
		 MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	if (move_mount(self, "", AT_FDCWD, INSIDE_SHELL + 1,
		       MOVE_MOUNT_F_EMPTY_PATH) < 0)
		fail_at("cannot mount on", INSIDE_SHELL);
	close(self);
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 64;
		if (!(p = realloc(x->paths, x->cap * sizeof(*p))))
			setup_failx(STEP, NULL, "out of memory");
		x->paths = p;
	}
	if (!(x->paths[x->n++] = strdup(INSIDE_SHELL)))
		setup_failx(STEP, NULL, "out of memory");

	if (!(f = open_memstream(&text, &len)))
		setup_fail(STEP, errno, NULL);
	fputs("# The policy of this cylosh session, for a cylosh started in it.\n"
	      "[default]\n", f);
	policy_print(f, &s->pol);
	if (fclose(f) != 0)
		setup_fail(STEP, errno, NULL);
	write_here(INSIDE_MARKER + 1, text, 0444);
	free(text);
}
