/*
 * cgroup.c - cylosh's side of the session cgroup.
 *
 * Assumes: run by the user, in host namespaces, before the clone; pam_cylo
 * (root) put the login in a cgroup carrying the policy's limits
 * (pam/pam_cgroup.c), or the user started cylosh in one (for instance
 * `systemd-run --user --scope -p MemoryMax=...`), or in a subtree delegated
 * to the user (systemd's user manager delegates one), where cylosh makes
 * the session's cgroup itself.
 * Guarantees: nothing is trusted but what the kernel says: the process's
 * own cgroups from /proc/self/cgroup, the hierarchies from
 * /proc/self/mountinfo, the owners of the cgroup directories, and the
 * limit files themselves.  A policy limit no cgroup carries ends the
 * session before anything runs.  A cgroup cylosh made goes away with the
 * session: a small keeper process, outside it, removes it once the session
 * is over (the relay cannot: it has given up all file access).
 */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgfs.h"
#include "cgparse.h"
#include "diag.h"

/* The smallest limit of ctl on the way from dir up to mnt (0: none). */
static unsigned long long
effective(const char *dir, const char *mnt, enum cg_ctl ctl, bool v2)
{
	char d[PATH_MAX], v[128], v2b[128];
	unsigned long long best = 0;
	size_t ml = strlen(mnt);

	snprintf(d, sizeof(d), "%s", dir);
	for (;;) {
		unsigned long long x = 0;
		unsigned long pc = 0;

		switch (ctl) {
		case CG_MEMORY:
			if (cg_read_file(d, v2 ? "memory.max" :
					 "memory.limit_in_bytes", v, sizeof(v)))
				(void)cg_parse_limit(v, &x);
			break;
		case CG_PIDS:
			if (cg_read_file(d, "pids.max", v, sizeof(v)))
				(void)cg_parse_limit(v, &x);
			break;
		case CG_CPU:
			if (v2 && cg_read_file(d, "cpu.max", v, sizeof(v)) &&
			    cg_parse_cpu_max(v, &pc) == 0)
				x = pc;
			else if (!v2 &&
				 cg_read_file(d, "cpu.cfs_quota_us", v,
					      sizeof(v)) &&
				 cg_read_file(d, "cpu.cfs_period_us", v2b,
					      sizeof(v2b)))
				x = cg_cpu_percent(atoll(v),
						   strtoull(v2b, NULL, 10));
			break;
		}
		if (x && (!best || x < best))
			best = x;
		if (strlen(d) <= ml)
			break;
		*strrchr(d, '/') = '\0';
	}
	return best;
}

/* Swap must not stretch a memory cap: v1's memsw (when accounted) and v2's
 * swap.max (when present) must hold as well. */
static bool
swap_bounded(const char *dir, bool v2, unsigned long long cap)
{
	char v[128];
	unsigned long long x;

	if (v2) {
		if (!cg_read_file(dir, "memory.swap.max", v, sizeof(v)))
			return true;
		return cg_parse_limit(v, &x) == 0 && x == 0 && v[0] == '0';
	}
	if (!cg_read_file(dir, "memory.memsw.limit_in_bytes", v, sizeof(v)))
		return true;
	return cg_parse_limit(v, &x) == 0 && x != 0 && x <= cap;
}

struct need {
	enum cg_ctl ctl;
	unsigned long long limit;
	const char *key;
};

static size_t
needs(const struct policy *p, struct need out[3])
{
	size_t n = 0;

	if (p->memory)
		out[n++] = (struct need){ CG_MEMORY, p->memory, "memory" };
	if (p->tasks)
		out[n++] = (struct need){ CG_PIDS, p->tasks, "tasks" };
	if (p->cpu_percent)
		out[n++] = (struct need){ CG_CPU, p->cpu_percent, "cpu" };
	return n;
}

/*
 * The controllers whose policy limit no cgroup of the process (pc) carries;
 * why says the first of them.  Those that no hierarchy offers the process
 * at all are also in *absent.
 */
static unsigned
unmet(const struct policy *p, const char *mi, const char *pc,
      unsigned *absent, char *why, size_t len)
{
	char dir[PATH_MAX], mnt[PATH_MAX], have[64], want[64];
	struct need nd[3];
	size_t n = needs(p, nd);
	unsigned bad = 0;

	*absent = 0;
	why[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		unsigned long long got;
		bool v2;

		if (!cg_locate(mi, pc, nd[i].ctl, dir, sizeof(dir), mnt,
			       sizeof(mnt), &v2)) {
			if (!why[0])
				snprintf(why, len, "the policy sets %s for the "
					 "whole session, and no cgroup of this "
					 "process has the %s controller",
					 nd[i].key, cg_ctl_name(nd[i].ctl));
			bad |= nd[i].ctl;
			*absent |= nd[i].ctl;
			continue;
		}
		got = effective(dir, mnt, nd[i].ctl, v2);
		if (nd[i].ctl == CG_MEMORY) {
			format_size(nd[i].limit, want, sizeof(want));
			format_size(got, have, sizeof(have));
		} else if (nd[i].ctl == CG_CPU) {
			snprintf(want, sizeof(want), "%llu%%", nd[i].limit);
			snprintf(have, sizeof(have), got ? "%llu%%" :
				 "unlimited", got);
		} else {
			snprintf(want, sizeof(want), "%llu", nd[i].limit);
			snprintf(have, sizeof(have), got ? "%llu" :
				 "unlimited", got);
		}
		if (!got || got > nd[i].limit) {
			if (!why[0])
				snprintf(why, len, "the policy sets %s = %s for "
					 "the whole session; the cgroup %s "
					 "carries %s", nd[i].key, want, dir,
					 have);
			bad |= nd[i].ctl;
		} else if (nd[i].ctl == CG_MEMORY &&
			   !swap_bounded(dir, v2, nd[i].limit)) {
			if (!why[0])
				snprintf(why, len, "the policy sets memory = "
					 "%s for the whole session; the cgroup "
					 "%s lets swap exceed it", want, dir);
			bad |= nd[i].ctl;
		}
	}
	return bad;
}

/* ---- a session cgroup in a delegated subtree ----------------------------- */

/* One hierarchy where cylosh makes the session's cgroup. */
struct deleg {
	char home[PATH_MAX];	/* the cgroup cylosh started in */
	char dir[PATH_MAX];	/* PARENT/cylo-session.PID */
	unsigned ctl;		/* the policy's controllers it carries */
	bool v2;
};

/*
 * Is the cgroup home (under the hierarchy at mnt) in a subtree delegated to
 * this user: home and its parent directories owned by the user, and the
 * parent's cgroup.procs too (a move between two cgroups needs write access
 * to the procs file of their common ancestor, the parent)?  Says why not.
 */
static bool
delegated(const char *home, const char *mnt, char *why, size_t len)
{
	char parent[PATH_MAX];
	struct stat st;
	uid_t uid = getuid();
	int fd;
	bool ok;

	if (strlen(home) <= strlen(mnt)) {
		snprintf(why, len, "%s is the root of its hierarchy", home);
		return false;
	}
	snprintf(parent, sizeof(parent), "%s", home);
	*strrchr(parent, '/') = '\0';
	fd = open(parent, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	ok = fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == uid &&
	     fstatat(fd, "cgroup.procs", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	     st.st_uid == uid &&
	     fstatat(fd, strrchr(home, '/') + 1, &st, AT_SYMLINK_NOFOLLOW) ==
		     0 && S_ISDIR(st.st_mode) && st.st_uid == uid;
	if (fd >= 0)
		close(fd);
	if (!ok)
		snprintf(why, len, "%s and its parent are not delegated to "
			 "this user", home);
	return ok;
}

/* Make d->dir next to d->home with the policy's limits for d->ctl. */
static void
make_cgroup(struct deleg *d, const struct policy *p, const char *hint)
{
	const struct cg_limits l = { p->memory, p->tasks, p->cpu_percent };
	char parent[PATH_MAX], name[64];
	const char *f = "?";
	int pfd, fd;

	memcpy(parent, d->home, sizeof(parent));
	*strrchr(parent, '/') = '\0';
	snprintf(name, sizeof(name), "%s.%ld", CG_DELEGATED, (long)getpid());
	if (snprintf(d->dir, sizeof(d->dir), "%s/%s", parent, name) >=
	    (int)sizeof(d->dir))
		setup_failx("session cgroup", hint, "%s: path too long",
			    parent);
	pfd = open(parent, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0)
		setup_failx("session cgroup", hint, "cannot open %s: %s",
			    parent, strerror(errno));
	/* Left by earlier sessions whose keeper was killed. */
	cg_sweep(pfd, CG_DELEGATED);
	/* EEXIST: a leftover of a session with this pid; never adopted. */
	if (mkdirat(pfd, name, 0755) < 0 &&
	    (errno != EEXIST || unlinkat(pfd, name, AT_REMOVEDIR) < 0 ||
	     mkdirat(pfd, name, 0755) < 0))
		setup_failx("session cgroup", hint, "cannot make %s: %s",
			    d->dir, strerror(errno));
	fd = openat(pfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(pfd);
	/* Before the move, so the session is never uncapped there. */
	if (fd < 0 || cg_write_limits(fd, d->ctl, d->v2, &l, &f) < 0) {
		int e = errno;

		(void)rmdir(d->dir);
		setup_failx("session cgroup", hint, "cannot write %s/%s: %s",
			    d->dir, f, strerror(e));
	}
	close(fd);
}

/*
 * The keeper: a process outside the session cgroups (forked before the
 * move) that waits until every holder of the pipe's write end (this
 * process, and init and its children until they exec) is gone, then
 * removes the cgroups.  In a session of its own, so a hang-up or ^C of
 * the login does not end it first.
 */
static void
start_keeper(const struct deleg *d, size_t n, const char *hint)
{
	int fds[2], st;
	pid_t c;

	if (pipe2(fds, O_CLOEXEC) < 0)
		goto fail;
	c = fork();
	if (c < 0)
		goto fail;
	if (c == 0) {
		char b;
		sigset_t none;
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		/* Nothing of the login but stderr (for a warning) and the
		 * pipe's read end, on 3. */
		if (setsid() < 0 || null < 0 || dup2(null, 0) < 0 ||
		    dup2(null, 1) < 0 || dup2(fds[0], 3) < 0 ||
		    syscall(SYS_close_range, 4, ~0U, 0) < 0)
			_exit(1);
		/* Double fork: reaped at once, the keeper never shows up in
		 * the relay's waits. */
		c = fork();
		if (c != 0)
			_exit(c < 0);
		sigemptyset(&none);
		(void)sigprocmask(SIG_SETMASK, &none, NULL);
		(void)signal(SIGHUP, SIG_IGN);
		(void)signal(SIGINT, SIG_IGN);
		(void)signal(SIGQUIT, SIG_IGN);
		while (read(3, &b, 1) < 0 && errno == EINTR)
			;
		for (size_t i = 0; i < n; i++)
			if (cg_remove(d[i].dir) < 0)
				warn_errno("cannot remove the session cgroup "
					   "%s", d[i].dir);
		_exit(0);
	}
	close(fds[0]);
	if (waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st)) {
		close(fds[1]);
		errno = ECHILD;
		goto fail;
	}
	/* fds[1] stays open (close-on-exec) until the session is over. */
	return;
fail:
	{
		int e = errno;

		for (size_t i = 0; i < n; i++)
			(void)rmdir(d[i].dir);
		setup_failx("session cgroup", hint, "cannot start the "
			    "process that removes the session cgroup: %s",
			    strerror(e));
	}
}

/*
 * The limits in bad are not carried: where the process's cgroups for them
 * lie in subtrees delegated to the user, make the session's cgroup next to
 * each, with the limits, and move in.  Fails (setup_failx) otherwise.
 */
static void
delegate(const struct policy *p, const char *mi, const char *pc,
	 unsigned bad, unsigned absent, const char *why, const char *hint)
{
	struct deleg d[3];
	size_t n = 0;
	char no[PATH_MAX + 128];

	if (absent)
		setup_failx("session cgroup", hint, "%s", why);
	memset(d, 0, sizeof(d));
	for (unsigned b = 1; b <= CG_CPU; b <<= 1) {
		char home[PATH_MAX], mnt[PATH_MAX];
		bool v2;
		size_t i;

		if (!(bad & b))
			continue;
		if (!cg_locate(mi, pc, (enum cg_ctl)b, home, sizeof(home), mnt,
			       sizeof(mnt), &v2))
			setup_failx("session cgroup", hint, "%s", why);
		if (!delegated(home, mnt, no, sizeof(no)))
			setup_failx("session cgroup", hint, "%s (%s)", why, no);
		for (i = 0; i < n && strcmp(d[i].home, home) != 0; i++)
			;
		if (i == n) {
			snprintf(d[n].home, sizeof(d[n].home), "%s", home);
			d[n++].v2 = v2;
		}
		d[i].ctl |= b;
	}
	for (size_t i = 0; i < n; i++)
		make_cgroup(&d[i], p, hint);
	start_keeper(d, n, hint);
	for (size_t i = 0; i < n; i++)
		if (cg_enter(d[i].dir, getpid()) < 0)
			setup_failx("session cgroup", hint, "cannot join %s: %s",
				    d[i].dir, strerror(errno));
}

void
cgroup_require(const struct policy *p)
{
	static const char hint[] = "log in through pam_cylo (see pam_cylo(8)), "
		"or start cylosh in a cgroup with these limits or in a "
		"subtree delegated to you; 'cylosh --check' names the route "
		"this host offers";
	char *mi, *pc, why[PATH_MAX + 256];
	unsigned bad, absent;

	if (!policy_wants_cgroup(p))
		return;
	mi = cg_slurp("/proc/self/mountinfo");
	pc = cg_slurp("/proc/self/cgroup");
	if (!mi || !pc)
		setup_fail("session cgroup", errno, "/proc must be mounted");
	bad = unmet(p, mi, pc, &absent, why, sizeof(why));
	if (bad) {
		delegate(p, mi, pc, bad, absent, why, hint);
		/* What holds now is checked as if by a stranger. */
		free(pc);
		pc = cg_slurp("/proc/self/cgroup");
		if (!pc)
			setup_fail("session cgroup", errno,
				   "/proc must be mounted");
		if (unmet(p, mi, pc, &absent, why, sizeof(why)))
			setup_failx("session cgroup", hint, "%s", why);
	}
	free(mi);
	free(pc);
}

const char *
cgroup_route(unsigned *lacks, char *why, size_t len)
{
	char *mi = cg_slurp("/proc/self/mountinfo");
	char mnt[PATH_MAX], root[PATH_MAX], list[512];
	const char *route = NULL;
	bool v2 = false;
	struct stat st;
	unsigned v1 = 0, v2ctl = 0;

	*lacks = 0;
	if (!mi) {
		snprintf(why, len, "cannot read /proc/self/mountinfo");
		return NULL;
	}
	for (unsigned b = 1; b <= CG_CPU; b <<= 1)
		if (cg_mount_find(mi, cg_ctl_name((enum cg_ctl)b), mnt,
				  sizeof(mnt), root, sizeof(root)) == 0)
			v1 |= b;
	if (cg_mount_find(mi, NULL, mnt, sizeof(mnt), root,
			  sizeof(root)) == 0 &&
	    cg_read_file(mnt, "cgroup.controllers", list, sizeof(list))) {
		v2 = true;
		for (unsigned b = 1; b <= CG_CPU; b <<= 1)
			if (cg_controllers_have(list, b))
				v2ctl |= b;
	}
	if (lstat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode)) {
		route = "systemd";
		snprintf(why, len, "systemd runs this host: pam_cylo asks it "
			 "over D-Bus for a transient scope cylo-UID-PID.scope");
	} else if (v2 && v2ctl == CG_ALL) {
		route = "v2";
		snprintf(why, len, "cgroup2 at %s offers memory, pids and "
			 "cpu: pam_cylo makes %s/%s/USER.PID", mnt, mnt,
			 CG_SUBTREE);
	} else if (v1 == CG_ALL) {
		route = "v1";
		snprintf(why, len, "cgroup v1 memory, pids and cpu "
			 "hierarchies: pam_cylo makes CURRENT/%s/USER.PID in "
			 "each", CG_SUBTREE);
	} else if (v2 && !v1) {
		/* A v2 host whose hierarchy lacks controllers (bound to v1
		 * elsewhere, or disabled): the route is v2, and a policy
		 * limit it cannot carry fails the session. */
		route = "v2";
		*lacks = CG_ALL & ~v2ctl;
		snprintf(why, len, "cgroup2 at %s offers%s%s%s%s; it lacks%s%s%s",
			 mnt, v2ctl ? "" : " none of memory, pids, cpu",
			 v2ctl & CG_MEMORY ? " memory" : "",
			 v2ctl & CG_PIDS ? " pids" : "",
			 v2ctl & CG_CPU ? " cpu" : "",
			 *lacks & CG_MEMORY ? " memory" : "",
			 *lacks & CG_PIDS ? " pids" : "",
			 *lacks & CG_CPU ? " cpu" : "");
	} else {
		snprintf(why, len, "no hierarchy offers memory, pids and cpu "
			 "together (v1 has%s%s%s%s)", v1 & CG_MEMORY ?
			 " memory" : "", v1 & CG_PIDS ? " pids" : "",
			 v1 & CG_CPU ? " cpu" : "", v1 ? "" : " none");
	}
	free(mi);
	return route;
}

int
cgroup_print_sessions(FILE *f, const char *user)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char *mi = cg_slurp("/proc/self/mountinfo");
	int n = 0;

	while (d && mi && (e = readdir(d))) {
		char path[64], want[CONF_MAX_NAME + 48], cg[PATH_MAX], dir[PATH_MAX];
		char mnt[PATH_MAX], b[64], *pc;
		unsigned long long used;
		size_t wl, cl;
		bool v2;
		long pid = atol(e->d_name);

		if (pid <= 0)
			continue;
		/* pam_cylo names the cgroup after the process it put in it
		 * first: that process is found in a cgroup of its own name. */
		snprintf(want, sizeof(want), "/%s/%s.%ld", CG_SUBTREE, user,
			 pid);
		snprintf(path, sizeof(path), "/proc/%ld/cgroup", pid);
		pc = cg_slurp(path);
		if (!pc)
			continue;
		wl = strlen(want);
		if ((cg_proc_path(pc, "memory", cg, sizeof(cg)) == 0 ||
		     cg_proc_path(pc, NULL, cg, sizeof(cg)) == 0) &&
		    (cl = strlen(cg)) >= wl && strcmp(cg + cl - wl, want) == 0 &&
		    cg_locate(mi, pc, CG_MEMORY, dir, sizeof(dir), mnt,
			      sizeof(mnt), &v2) &&
		    cg_memory_used((pid_t)pid, false, &used) == 0) {
			format_size(used, b, sizeof(b));
			fprintf(f, "# session cgroup %s: memory in use %s "
				"(%llu bytes)\n", dir, b, used);
			n++;
		}
		free(pc);
	}
	if (d)
		closedir(d);
	free(mi);
	return n;
}
