/*
 * cgroup.c - cylosh's side of the session cgroup.
 *
 * Assumes: run by the user, in host namespaces, before the clone; pam_cylo
 * (root) put the login in a cgroup carrying the policy's limits
 * (pam/pam_cgroup.c), or the user started cylosh in one (for instance
 * `systemd-run --user --scope -p MemoryMax=...`, a cgroup systemd's user
 * manager delegates).
 * Guarantees: nothing is trusted but what the kernel says: the process's
 * own cgroups from /proc/self/cgroup, the hierarchies from
 * /proc/self/mountinfo, and the limit files themselves.  A policy limit no
 * cgroup carries ends the session before anything runs.
 */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgparse.h"
#include "diag.h"

#define TEXT_MAX (256 * 1024)

/* Read a /proc or /sys file whole (NUL-terminated, malloc'd), or NULL. */
static char *
slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char *buf;
	size_t n = 0;

	if (fd < 0)
		return NULL;
	buf = malloc(TEXT_MAX);
	while (buf && n < TEXT_MAX - 1) {
		ssize_t r = read(fd, buf + n, TEXT_MAX - 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			buf = NULL;
		}
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (buf)
		buf[n] = '\0';
	close(fd);
	return buf;
}

static bool
read_file(const char *dir, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX + 64];
	char *t;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	t = slurp(path);
	if (!t)
		return false;
	snprintf(buf, len, "%s", t);
	free(t);
	return true;
}

/* Where controller ctl lives for the process whose /proc/PID/cgroup text
 * is pc: its cgroup directory and the hierarchy's mount point; v2 tells
 * whether that is the unified hierarchy. */
static bool
locate(const char *mi, const char *pc, enum cg_ctl ctl, char *dir,
       size_t dlen, char *mnt, size_t mlen, bool *v2)
{
	char root[PATH_MAX], path[PATH_MAX], list[512];

	if (cg_mount_find(mi, cg_ctl_name(ctl), mnt, mlen, root,
			  sizeof(root)) == 0 &&
	    cg_proc_path(pc, cg_ctl_name(ctl), path, sizeof(path)) == 0 &&
	    cg_dir(mnt, root, path, dir, dlen) == 0) {
		*v2 = false;
		return true;
	}
	/* The unified hierarchy carries ctl where the parent of the cgroup
	 * hands it down: the cgroup's own cgroup.controllers lists it. */
	if (cg_mount_find(mi, NULL, mnt, mlen, root, sizeof(root)) == 0 &&
	    cg_proc_path(pc, NULL, path, sizeof(path)) == 0 &&
	    cg_dir(mnt, root, path, dir, dlen) == 0 &&
	    read_file(dir, "cgroup.controllers", list, sizeof(list)) &&
	    cg_controllers_have(list, ctl)) {
		*v2 = true;
		return true;
	}
	return false;
}

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
			if (read_file(d, v2 ? "memory.max" :
				      "memory.limit_in_bytes", v, sizeof(v)))
				(void)cg_parse_limit(v, &x);
			break;
		case CG_PIDS:
			if (read_file(d, "pids.max", v, sizeof(v)))
				(void)cg_parse_limit(v, &x);
			break;
		case CG_CPU:
			if (v2 && read_file(d, "cpu.max", v, sizeof(v)) &&
			    cg_parse_cpu_max(v, &pc) == 0)
				x = pc;
			else if (!v2 &&
				 read_file(d, "cpu.cfs_quota_us", v, sizeof(v)) &&
				 read_file(d, "cpu.cfs_period_us", v2b,
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
		if (!read_file(dir, "memory.swap.max", v, sizeof(v)))
			return true;
		return cg_parse_limit(v, &x) == 0 && x == 0 && v[0] == '0';
	}
	if (!read_file(dir, "memory.memsw.limit_in_bytes", v, sizeof(v)))
		return true;
	return cg_parse_limit(v, &x) == 0 && x != 0 && x <= cap;
}

void
cgroup_require(const struct policy *p)
{
	static const char hint[] = "log in through pam_cylo (see pam_cylo(8)), "
		"or start cylosh in a cgroup with these limits; "
		"'cylosh --check' names the route this host offers";
	char *mi, *pc, dir[PATH_MAX], mnt[PATH_MAX], have[64], want[64];
	struct {
		enum cg_ctl ctl;
		unsigned long long limit;
		const char *key;
	} need[] = {
		{ CG_MEMORY, p->memory, "memory" },
		{ CG_PIDS, p->tasks, "tasks" },
		{ CG_CPU, p->cpu_percent, "cpu" },
	};

	if (!policy_wants_cgroup(p))
		return;
	mi = slurp("/proc/self/mountinfo");
	pc = slurp("/proc/self/cgroup");
	if (!mi || !pc)
		setup_fail("session cgroup", errno, "/proc must be mounted");
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		unsigned long long got;
		bool v2;

		if (!need[i].limit)
			continue;
		if (!locate(mi, pc, need[i].ctl, dir, sizeof(dir), mnt,
			    sizeof(mnt), &v2))
			setup_failx("session cgroup", hint, "the policy sets "
				    "%s for the whole session, and no cgroup "
				    "of this process has the %s controller",
				    need[i].key, cg_ctl_name(need[i].ctl));
		got = effective(dir, mnt, need[i].ctl, v2);
		if (need[i].ctl == CG_MEMORY) {
			format_size(need[i].limit, want, sizeof(want));
			format_size(got, have, sizeof(have));
		} else if (need[i].ctl == CG_CPU) {
			snprintf(want, sizeof(want), "%llu%%", need[i].limit);
			snprintf(have, sizeof(have), got ? "%llu%%" :
				 "unlimited", got);
		} else {
			snprintf(want, sizeof(want), "%llu", need[i].limit);
			snprintf(have, sizeof(have), got ? "%llu" :
				 "unlimited", got);
		}
		if (!got || got > need[i].limit)
			setup_failx("session cgroup", hint, "the policy sets "
				    "%s = %s for the whole session; the cgroup "
				    "%s carries %s", need[i].key, want, dir,
				    have);
		if (need[i].ctl == CG_MEMORY &&
		    !swap_bounded(dir, v2, need[i].limit))
			setup_failx("session cgroup", hint, "the policy sets "
				    "memory = %s for the whole session; the "
				    "cgroup %s lets swap exceed it", want, dir);
	}
	free(mi);
	free(pc);
}

int
cgroup_memory_used(pid_t pid, unsigned long long *bytes)
{
	char path[64], dir[PATH_MAX], mnt[PATH_MAX], v[128];
	char *mi = slurp("/proc/self/mountinfo"), *pc;
	bool v2, ok;

	snprintf(path, sizeof(path), "/proc/%ld/cgroup", (long)pid);
	pc = slurp(path);
	ok = mi && pc &&
	     locate(mi, pc, CG_MEMORY, dir, sizeof(dir), mnt, sizeof(mnt),
		    &v2) &&
	     read_file(dir, v2 ? "memory.current" : "memory.usage_in_bytes",
		       v, sizeof(v)) &&
	     cg_parse_limit(v, bytes) == 0;
	free(mi);
	free(pc);
	if (!ok) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

const char *
cgroup_route(char *why, size_t len)
{
	char *mi = slurp("/proc/self/mountinfo");
	char mnt[PATH_MAX], root[PATH_MAX], list[512];
	const char *route = NULL;
	struct stat st;
	unsigned v1 = 0;

	if (!mi) {
		snprintf(why, len, "cannot read /proc/self/mountinfo");
		return NULL;
	}
	for (unsigned b = 1; b <= CG_CPU; b <<= 1)
		if (cg_mount_find(mi, cg_ctl_name((enum cg_ctl)b), mnt,
				  sizeof(mnt), root, sizeof(root)) == 0)
			v1 |= b;
	if (lstat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode)) {
		route = "systemd";
		snprintf(why, len, "systemd runs this host: pam_cylo asks it "
			 "over D-Bus for a transient scope cylo-UID-PID.scope");
	} else if (cg_mount_find(mi, NULL, mnt, sizeof(mnt), root,
				 sizeof(root)) == 0 &&
		   read_file(mnt, "cgroup.controllers", list, sizeof(list)) &&
		   cg_controllers_have(list, CG_ALL)) {
		route = "v2";
		snprintf(why, len, "cgroup2 at %s offers memory, pids and "
			 "cpu: pam_cylo makes %s/%s/USER.PID", mnt, mnt,
			 CG_SUBTREE);
	} else if (v1 == CG_ALL) {
		route = "v1";
		snprintf(why, len, "cgroup v1 memory, pids and cpu "
			 "hierarchies: pam_cylo makes CURRENT/%s/USER.PID in "
			 "each", CG_SUBTREE);
	} else {
		snprintf(why, len, "no hierarchy offers memory, pids and cpu "
			 "together (v1 has%s%s%s)", v1 & CG_MEMORY ?
			 " memory" : "", v1 & CG_PIDS ? " pids" : "",
			 v1 & CG_CPU ? " cpu" : "");
	}
	free(mi);
	return route;
}

int
cgroup_print_sessions(FILE *f, const char *user)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char *mi = slurp("/proc/self/mountinfo");
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
		pc = slurp(path);
		if (!pc)
			continue;
		wl = strlen(want);
		if ((cg_proc_path(pc, "memory", cg, sizeof(cg)) == 0 ||
		     cg_proc_path(pc, NULL, cg, sizeof(cg)) == 0) &&
		    (cl = strlen(cg)) >= wl && strcmp(cg + cl - wl, want) == 0 &&
		    locate(mi, pc, CG_MEMORY, dir, sizeof(dir), mnt,
			   sizeof(mnt), &v2) &&
		    cgroup_memory_used((pid_t)pid, &used) == 0) {
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
