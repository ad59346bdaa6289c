/*
 * cgfs.h - cgroupfs access: reading the facts the kernel states (whole
 * /proc and cgroupfs files, where a process's cgroup for a controller
 * lies, the memory a cgroup uses) and making a session cgroup (writing
 * its limits, joining it, removing it).  No diagnostics, errno only:
 * shared by cylosh (cgroup.c), pam_cylo.so (pam_cgroup.c) and cyloctl.
 */
#ifndef CYLO_CGFS_H
#define CYLO_CGFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgparse.h"

/* A /proc or cgroupfs file whole (NUL-terminated, malloc'd; at most
 * 256 KiB is read), or NULL with errno. */
char *cg_slurp(const char *path);

/* The file dir/name into buf (truncated to len), or false. */
bool cg_read_file(const char *dir, const char *name, char *buf, size_t len);

/*
 * Where controller ctl lives for the process whose /proc/PID/cgroup text
 * is pc (mi: /proc/self/mountinfo text): its cgroup directory and the
 * hierarchy's mount point; *v2 tells whether that is the unified
 * hierarchy (which carries ctl only where the cgroup's cgroup.controllers
 * lists it).
 */
bool cg_locate(const char *mi, const char *pc, enum cg_ctl ctl, char *dir,
	       size_t dlen, char *mnt, size_t mlen, bool *v2);

/*
 * The memory in use (bytes) of the cgroup of pid in the hierarchy that
 * carries the memory controller (memory.current, memory.usage_in_bytes).
 * With session_only, only when that cgroup is a session's own
 * (cg_is_session_cgroup).  Returns 0, or -1 with errno (ENOENT: no memory
 * controller for pid, or no session cgroup).
 */
int cg_memory_used(pid_t pid, bool session_only, unsigned long long *bytes);

/* Write s to the file name in the cgroup directory dirfd.  Returns 0 or -1
 * with errno. */
int cg_put(int dirfd, const char *name, const char *s);

/* Move pid into the cgroup directory dir.  Returns 0 or -1 with errno. */
int cg_enter(const char *dir, pid_t pid);

/* Kill whatever is left in the cgroup dir and remove it: a few tries, 2 s
 * at most.  Returns 0 (also when it is gone already) or -1 with errno. */
int cg_remove(const char *dir);

/*
 * Remove the empty session cgroups in the directory dirfd whose process
 * is gone: named PREFIX.PID (prefix NULL: any NAME.PID).  One whose
 * process lives is left alone, and rmdir never removes one that still
 * holds a process.
 */
void cg_sweep(int dirfd, const char *prefix);

/* The whole-session limits a cgroup carries (0: none). */
struct cg_limits {
	unsigned long long memory;	/* bytes; swap may not stretch it */
	unsigned long tasks;
	unsigned long cpu_percent;	/* of one CPU */
};

/*
 * Write the limits of the controllers in ctl into the cgroup directory fd
 * (v2: memory.max, memory.swap.max = 0, pids.max, cpu.max; v1:
 * memory.limit_in_bytes with memsw and kmem.tcp alike, pids.max,
 * cpu.cfs_period_us and cfs_quota_us).  Returns 0, or -1 with errno and
 * *failed naming the file.
 */
int cg_write_limits(int fd, unsigned ctl, bool v2, const struct cg_limits *l,
		    const char **failed);

#endif
