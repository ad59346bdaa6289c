/*
 * cgparse.h - pure helpers for the session cgroup: reading /proc/PID/cgroup
 * and /proc/self/mountinfo text, limit values, and the route a host offers.
 * Shared by cylosh (cgroup.c, check.c) and pam_cylo.so (pam_cgroup.c); no
 * syscalls, so the unit tests link it directly.
 */
#ifndef CYLO_CGPARSE_H
#define CYLO_CGPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* The controllers a session limit needs, as bits. */
enum cg_ctl {
	CG_MEMORY = 1,
	CG_PIDS = 2,
	CG_CPU = 4,
};
#define CG_ALL (CG_MEMORY | CG_PIDS | CG_CPU)

/* The controller's name in cgroupfs ("memory", "pids", "cpu"). */
const char *cg_ctl_name(enum cg_ctl c);

/*
 * In the text of /proc/PID/cgroup, the cgroup path of the v1 hierarchy that
 * carries controller (a cg_ctl name), or of the v2 hierarchy when
 * controller is NULL.  Returns 0, or -1 when there is none (or it does not
 * fit in out).
 */
int cg_proc_path(const char *text, const char *controller, char *out,
		 size_t len);

/*
 * In the text of /proc/self/mountinfo, the mount point and the mounted root
 * of the v1 hierarchy carrying controller, or of cgroup2 (controller NULL).
 * Mount points with escaped characters are not considered.  Returns 0 or -1.
 */
int cg_mount_find(const char *text, const char *controller, char *mnt,
		  size_t mlen, char *root, size_t rlen);

/*
 * The directory of cgroup path under a hierarchy mounted at mnt with root
 * root: mnt + (path less root).  Returns 0, or -1 when path lies outside
 * root, is not absolute or canonical, or does not fit.
 */
int cg_dir(const char *mnt, const char *root, const char *path, char *out,
	   size_t len);

/*
 * A limit file's value ("max", a number, v1's page-rounded LONG_MAX) as
 * bytes or a count; 0 means no limit.  Returns 0, or -1 on a bad value.
 */
int cg_parse_limit(const char *s, unsigned long long *out);

/*
 * The CPU quota as percent of one CPU, rounded up; 0 means no quota.
 * cg_parse_cpu_max reads v2's "cpu.max" ("max 100000", "50000 100000");
 * cg_cpu_percent takes v1's cfs_quota_us (negative: none) and
 * cfs_period_us.
 */
int cg_parse_cpu_max(const char *s, unsigned long *percent);
unsigned long cg_cpu_percent(long long quota, unsigned long long period);

/* The CPU period cylo writes, and the quota for percent of one CPU in it. */
#define CG_CPU_PERIOD 100000ULL
unsigned long long cg_cpu_quota(unsigned long percent);

/* Is every controller of want named in the space-separated list? */
bool cg_controllers_have(const char *list, unsigned want);

/* The name of a session cgroup: "USER.PID" (user is a valid name). */
int cg_session_name(char *out, size_t len, const char *user, long pid);

/* The directory pam_cylo makes its session cgroups in. */
#define CG_SUBTREE "cylo"

/* The prefix of the cgroup cylosh makes for its session in a delegated
 * subtree: PARENT/cylo-session.PID, next to the cgroup it started in. */
#define CG_DELEGATED "cylo-session"

/*
 * Is the cgroup at path (a directory or a cgroup path) one a session owns
 * alone: .../cylo/USER.PID (pam_cylo), .../cylo-session.PID (cylosh in a
 * delegated subtree) or .../cylo-UID-PID.scope (systemd)?
 */
bool cg_is_session_cgroup(const char *path);

#endif
