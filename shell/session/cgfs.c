/*
 * cgfs.c - cgroupfs reads and writes (see cgfs.h).
 *
 * Assumes: /proc is the host's (the caller runs in host namespaces: cylosh
 * before the clone, pam_cylo, cyloctl).
 * Guarantees: a file that cannot be read or parsed means "no such fact",
 * never a guess; files are opened without following a final symlink.
 */
#include "cgfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TEXT_MAX (256 * 1024)

char *
cg_slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char *buf;
	size_t n = 0;
	int e = 0;

	if (fd < 0)
		return NULL;
	buf = malloc(TEXT_MAX);
	if (!buf)
		e = errno;
	while (buf && n < TEXT_MAX - 1) {
		ssize_t r = read(fd, buf + n, TEXT_MAX - 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
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
	if (!buf)
		errno = e;
	return buf;
}

/* The file dir/name whole (cg_slurp), or NULL. */
static char *
cg_slurp_at(const char *dir, const char *name)
{
	char path[PATH_MAX + 64];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return cg_slurp(path);
}

bool
cg_read_file(const char *dir, const char *name, char *buf, size_t len)
{
	char *t = cg_slurp_at(dir, name);

	if (!t)
		return false;
	snprintf(buf, len, "%s", t);
	free(t);
	return true;
}

bool
cg_locate(const char *mi, const char *pc, enum cg_ctl ctl, char *dir,
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
	    cg_read_file(dir, "cgroup.controllers", list, sizeof(list)) &&
	    cg_controllers_have(list, ctl)) {
		*v2 = true;
		return true;
	}
	return false;
}

int
cg_memory_used(pid_t pid, bool session_only, unsigned long long *bytes)
{
	char path[64], dir[PATH_MAX], mnt[PATH_MAX], v[128];
	char *mi = cg_slurp("/proc/self/mountinfo"), *pc;
	bool v2, ok;

	snprintf(path, sizeof(path), "/proc/%ld/cgroup", (long)pid);
	pc = cg_slurp(path);
	ok = mi && pc &&
	     cg_locate(mi, pc, CG_MEMORY, dir, sizeof(dir), mnt, sizeof(mnt),
		       &v2) &&
	     (!session_only || cg_is_session_cgroup(dir)) &&
	     cg_read_file(dir, v2 ? "memory.current" : "memory.usage_in_bytes",
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

int
cg_put(int dirfd, const char *name, const char *s)
{
	int fd = openat(dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t w;
	int e;

	if (fd < 0)
		return -1;
	w = write(fd, s, strlen(s));
	e = errno;
	close(fd);
	if (w != (ssize_t)strlen(s)) {
		errno = w < 0 ? e : EIO;
		return -1;
	}
	return 0;
}

int
cg_enter(const char *dir, pid_t pid)
{
	char num[32];
	int fd = open(dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), rc;
	int e;

	if (fd < 0)
		return -1;
	snprintf(num, sizeof(num), "%ld\n", (long)pid);
	rc = cg_put(fd, "cgroup.procs", num);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int
cg_remove(const char *dir)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	for (int i = 0; i < 100; i++) {
		char *list, *p;

		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -1;
		/* Nothing of a session outlives it; what is left in its
		 * cgroup is the session's by the kernel's word. */
		list = cg_slurp_at(dir, "cgroup.procs");
		for (p = list; p && *p;) {
			char *end;
			long pid = strtol(p, &end, 10);

			if (end == p)
				break;
			if (pid > 1)
				(void)kill((pid_t)pid, SIGKILL);
			p = end + strspn(end, "\n");
		}
		free(list);
		nanosleep(&ts, NULL);
	}
	errno = EBUSY;
	return -1;
}

void
cg_sweep(int dfd, const char *prefix)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	size_t pl = prefix ? strlen(prefix) : 0;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d))) {
		const char *dot = strrchr(e->d_name, '.');
		char *end;
		long pid;

		if (e->d_type != DT_DIR || !dot || dot == e->d_name ||
		    (prefix && ((size_t)(dot - e->d_name) != pl ||
				strncmp(e->d_name, prefix, pl) != 0)))
			continue;
		pid = strtol(dot + 1, &end, 10);
		if (*end || pid <= 0 || end == dot + 1)
			continue;
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			(void)unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

static bool
exists_at(int dirfd, const char *name)
{
	return faccessat(dirfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

int
cg_write_limits(int fd, unsigned ctl, bool v2, const struct cg_limits *l,
		const char **failed)
{
	char v[64];
	const char *f;

#define PUT(file, val) do { \
		f = (file); \
		if (cg_put(fd, f, (val)) < 0) \
			goto fail; \
	} while (0)
	if (ctl & CG_MEMORY) {
		snprintf(v, sizeof(v), "%llu", l->memory);
		if (v2) {
			PUT("memory.max", v);
			/* Swap would stretch the cap: the policy's memory is
			 * all a session gets. */
			if (exists_at(fd, "memory.swap.max"))
				PUT("memory.swap.max", "0");
		} else {
			PUT("memory.limit_in_bytes", v);
			if (exists_at(fd, "memory.memsw.limit_in_bytes"))
				PUT("memory.memsw.limit_in_bytes", v);
			/* v1 charges socket buffers only once this is set. */
			if (exists_at(fd, "memory.kmem.tcp.limit_in_bytes"))
				PUT("memory.kmem.tcp.limit_in_bytes", v);
		}
	}
	if (ctl & CG_PIDS) {
		snprintf(v, sizeof(v), "%lu", l->tasks);
		PUT("pids.max", v);
	}
	if (ctl & CG_CPU) {
		if (v2) {
			snprintf(v, sizeof(v), "%llu %llu",
				 cg_cpu_quota(l->cpu_percent), CG_CPU_PERIOD);
			PUT("cpu.max", v);
		} else {
			snprintf(v, sizeof(v), "%llu", CG_CPU_PERIOD);
			PUT("cpu.cfs_period_us", v);
			snprintf(v, sizeof(v), "%llu",
				 cg_cpu_quota(l->cpu_percent));
			PUT("cpu.cfs_quota_us", v);
		}
	}
	return 0;
fail:
	*failed = f;
	return -1;
#undef PUT
}
