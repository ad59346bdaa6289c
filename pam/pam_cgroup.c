/*
 * pam_cgroup.c - the session's cgroup: whole-session memory, tasks and CPU.
 *
 * Assumes: root, at session open, in the process whose children become the
 * session (sshd's per-connection process, su, login); the policy asks for
 * at least one whole-session limit (policy_wants_cgroup).
 * Guarantees: on success the calling process, and so every process it
 * starts from now on, is in a cgroup that carries every limit the policy
 * sets, made by root with root-owned files; on failure nothing is left
 * behind and the caller is where it was.  cylo_cgroup_close moves the
 * caller back and removes the cgroup, killing what is left in it (nothing
 * of a session may outlive it).
 *
 * Routes, chosen from facts, never from configuration:
 *   systemd  pid 1 is systemd: a transient scope through systemd's D-Bus
 *            API, so systemd stays the owner of the tree (pam_scope.c);
 *            systemd collects it when its last process is gone;
 *   v2       a cgroup2 hierarchy whose root offers the controllers:
 *            MOUNT/cylo/USER.PID, with memory.max, memory.swap.max = 0,
 *            pids.max, cpu.max; also a cgroup2 hierarchy with no v1
 *            hierarchy for any of them, where a controller it lacks
 *            refuses the session before anything is made;
 *   v1       one hierarchy per controller: CUR/cylo/USER.PID under the
 *            caller's own cgroup CUR in each, so the session stays inside
 *            whatever bounds the service already had; memory.limit_in_bytes
 *            with memsw (swap) and kmem.tcp (socket buffers) set alike,
 *            pids.max, cpu.cfs_quota_us.
 */
#include "pam_cylo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>

#include "cgfs.h"

enum route { ROUTE_NONE, ROUTE_SYSTEMD, ROUTE_V2, ROUTE_V1 };

/* What close_session needs, kept with pam_set_data. */
struct cgstate {
	enum route route;
	pid_t opener;		/* the process put in the cgroup */
	size_t n;
	char dir[3][PATH_MAX];	/* the session cgroups */
	char home[3][PATH_MAX];	/* where the caller was */
};

static void
cleanup_state(pam_handle_t *pamh, void *data, int status)
{
	(void)pamh;
	(void)status;
	free(data);
}

/* Undo: the process put in the cgroup back where it was (also when the
 * application closes the session from another process: it is then never
 * killed with the rest), the session cgroups gone. */
static int
undo(const struct cgstate *s, char *msg, size_t len)
{
	int rc = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->home[i][0] && cg_enter(s->home[i], s->opener) < 0 &&
		    errno != ENOENT && errno != ESRCH && rc == 0)
			rc = cylo_err(msg, len, "cannot move back to %s: %s",
				      s->home[i], strerror(errno));
		if (s->dir[i][0] && cg_remove(s->dir[i]) < 0 && rc == 0)
			rc = cylo_err(msg, len, "cannot remove %s: %s",
				      s->dir[i], strerror(errno));
	}
	return rc;
}

/* Which controllers pol needs. */
static unsigned
wanted(const struct policy *pol)
{
	return (pol->memory ? CG_MEMORY : 0) | (pol->tasks ? CG_PIDS : 0) |
	       (pol->cpu_percent ? CG_CPU : 0);
}

static bool
systemd_runs(void)
{
	struct stat st;

	/* sd_booted(3)'s test. */
	return lstat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the calling process's cgroup for controller (or v2),
 * and the hierarchy's mount point. */
static int
own_dir(const char *mi, const char *pc, const char *controller, char *dir,
	size_t dlen, char *mnt, size_t mlen)
{
	char root[PATH_MAX], path[PATH_MAX];

	if (cg_mount_find(mi, controller, mnt, mlen, root, sizeof(root)) < 0 ||
	    cg_proc_path(pc, controller, path, sizeof(path)) < 0 ||
	    cg_dir(mnt, root, path, dir, dlen) < 0)
		return -1;
	return 0;
}

/* "+memory +pids" for the controllers in ctl. */
static void
enable_list(unsigned ctl, char *out, size_t len)
{
	out[0] = '\0';
	for (unsigned b = 1; b <= CG_CPU; b <<= 1)
		if (ctl & b)
			snprintf(out + strlen(out), len - strlen(out),
				 "%s+%s", out[0] ? " " : "",
				 cg_ctl_name((enum cg_ctl)b));
}

/*
 * Make DIR/cylo/NAME (cylo made on first use), checked root-owned all the
 * way down, and return its descriptor (O_PATH).
 */
static int
make_session_dir(const char *base, const char *name, unsigned v2ctl,
		 char *out, size_t olen, char *msg, size_t len)
{
	struct stat st;
	int bfd, cfd, fd;
	char sub[PATH_MAX];

	if (cylo_walk(base, &bfd, &st, msg, len) < 0)
		return -1;
	if (mkdirat(bfd, CG_SUBTREE, 0755) < 0 && errno != EEXIST) {
		cylo_err(msg, len, "cannot make %s/%s: %s", base, CG_SUBTREE,
			 strerror(errno));
		close(bfd);
		return -1;
	}
	snprintf(sub, sizeof(sub), "%s/%s", base, CG_SUBTREE);
	close(bfd);
	if (cylo_walk(sub, &cfd, &st, msg, len) < 0)
		return -1;
	if (v2ctl) {
		/* Hand the controllers down to the session cgroups; the
		 * caller enabled them in the root already. */
		char ctl[64];

		enable_list(v2ctl, ctl, sizeof(ctl));
		if (cg_put(cfd, "cgroup.subtree_control", ctl) < 0) {
			cylo_err(msg, len, "cannot enable %s in %s: %s", ctl,
				 sub, strerror(errno));
			close(cfd);
			return -1;
		}
	}
	if (snprintf(out, olen, "%s/%s", sub, name) >= (int)olen) {
		close(cfd);
		return cylo_err(msg, len, "cgroup path too long");
	}
	/* The empty session cgroups of services that died without closing
	 * their session (killed, even by a session's own OOM killer: the
	 * service process is in the cgroup too). */
	cg_sweep(cfd, NULL);
	if (mkdirat(cfd, name, 0755) < 0) {
		/* EEXIST: a leftover of a crashed service with this pid.
		 * Remove it if it is empty; never adopt it. */
		if (errno != EEXIST || unlinkat(cfd, name, AT_REMOVEDIR) < 0 ||
		    mkdirat(cfd, name, 0755) < 0) {
			cylo_err(msg, len, "cannot make %s: %s", out,
				 strerror(errno));
			close(cfd);
			return -1;
		}
	}
	fd = openat(cfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(cfd);
	if (fd < 0)
		return cylo_err(msg, len, "cannot open %s: %s", out,
				strerror(errno));
	return fd;
}

/* Write the limits of pol for the controllers in ctl into fd. */
static int
set_limits(int fd, const char *dir, unsigned ctl, bool v2,
	   const struct policy *pol, char *msg, size_t len)
{
	const struct cg_limits l = {
		pol->memory, pol->tasks, pol->cpu_percent
	};
	const char *f = "?";

	if (cg_write_limits(fd, ctl, v2, &l, &f) < 0)
		return cylo_err(msg, len, "cannot write %s/%s: %s", dir, f,
				strerror(errno));
	/* A crashed service leaves an empty cgroup; the host's release
	 * agent, if it has one, may remove it. */
	if (!v2 && faccessat(fd, "notify_on_release", F_OK,
			     AT_SYMLINK_NOFOLLOW) == 0 &&
	    cg_put(fd, "notify_on_release", "1") < 0)
		return cylo_err(msg, len, "cannot write %s/notify_on_release: "
				"%s", dir, strerror(errno));
	return 0;
}

static int
open_v1(const struct cylo_user *u, const struct policy *pol, const char *mi,
	const char *pc, struct cgstate *s, char *msg, size_t len)
{
	char name[CONF_MAX_NAME + 32], mnt[PATH_MAX];
	unsigned w = wanted(pol);

	if (cg_session_name(name, sizeof(name), u->name, (long)getpid()) < 0)
		return cylo_err(msg, len, "session name too long");
	for (unsigned b = 1; b <= CG_CPU; b <<= 1) {
		const char *ctl = cg_ctl_name((enum cg_ctl)b);
		size_t i = s->n;
		int fd;

		if (!(w & b))
			continue;
		if (own_dir(mi, pc, ctl, s->home[i], sizeof(s->home[i]), mnt,
			    sizeof(mnt)) < 0) {
			cylo_err(msg, len, "no cgroup v1 hierarchy with the %s "
				 "controller", ctl);
			goto fail;
		}
		fd = make_session_dir(s->home[i], name, 0, s->dir[i],
				      sizeof(s->dir[i]), msg, len);
		if (fd < 0) {
			s->home[i][0] = '\0';
			goto fail;
		}
		s->n++;
		/* Before the move, so the process is never uncapped there. */
		if (set_limits(fd, s->dir[i], b, false, pol, msg, len) < 0) {
			close(fd);
			goto fail;
		}
		close(fd);
		if (cg_enter(s->dir[i], getpid()) < 0) {
			cylo_err(msg, len, "cannot join %s: %s", s->dir[i],
				 strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	(void)undo(s, msg + strlen(msg), len - strlen(msg));
	return -1;
}

/* The controllers of a cgroup.controllers list, as cg_ctl bits. */
static unsigned
offered(const char *list)
{
	unsigned got = 0;

	for (unsigned b = 1; b <= CG_CPU; b <<= 1)
		if (cg_controllers_have(list, b))
			got |= b;
	return got;
}

static int
open_v2(const struct cylo_user *u, const struct policy *pol, const char *mi,
	const char *pc, struct cgstate *s, char *msg, size_t len)
{
	char name[CONF_MAX_NAME + 32], mnt[PATH_MAX], root[PATH_MAX];
	char ctl[64], have[256];
	struct stat st;
	int rfd, fd;

	if (cg_mount_find(mi, NULL, mnt, sizeof(mnt), root, sizeof(root)) < 0 ||
	    strcmp(root, "/") != 0)
		return cylo_err(msg, len, "no cgroup2 hierarchy mounted at "
				"its root");
	if (own_dir(mi, pc, NULL, s->home[0], sizeof(s->home[0]), mnt,
		    sizeof(mnt)) < 0)
		return cylo_err(msg, len, "this process is in no cgroup2 "
				"cgroup");
	if (cg_session_name(name, sizeof(name), u->name, (long)getpid()) < 0)
		return cylo_err(msg, len, "session name too long");
	/* Every limit the policy sets, or nothing is made. */
	if (!cg_read_file(mnt, "cgroup.controllers", have, sizeof(have)))
		return cylo_err(msg, len, "cannot read %s/cgroup.controllers: "
				"%s", mnt, strerror(errno));
	have[strcspn(have, "\n")] = '\0';
	if (!cg_controllers_have(have, wanted(pol))) {
		enable_list(wanted(pol) & ~offered(have), ctl, sizeof(ctl));
		return cylo_err(msg, len, "cgroup2 at %s cannot carry the "
				"policy's whole-session limits: it lacks %s "
				"(it offers: %s)", mnt, ctl,
				have[0] ? have : "none");
	}
	if (cylo_walk(mnt, &rfd, &st, msg, len) < 0)
		return -1;
	enable_list(wanted(pol), ctl, sizeof(ctl));
	if (cg_put(rfd, "cgroup.subtree_control", ctl) < 0) {
		cylo_err(msg, len, "cannot enable %s in %s: %s", ctl, mnt,
			 strerror(errno));
		close(rfd);
		return -1;
	}
	close(rfd);
	fd = make_session_dir(mnt, name, wanted(pol), s->dir[0],
			      sizeof(s->dir[0]), msg, len);
	if (fd < 0)
		return -1;
	s->n = 1;
	if (set_limits(fd, s->dir[0], wanted(pol), true, pol, msg, len) < 0 ||
	    (cg_enter(s->dir[0], getpid()) < 0 &&
	     cylo_err(msg, len, "cannot join %s: %s", s->dir[0],
		      strerror(errno)) < 0)) {
		close(fd);
		(void)undo(s, msg + strlen(msg), len - strlen(msg));
		return -1;
	}
	close(fd);
	return 0;
}

/* Does the v2 hierarchy's root offer every controller of want? */
static bool
v2_offers(const char *mi, unsigned want)
{
	char mnt[PATH_MAX], root[PATH_MAX], path[PATH_MAX + 32], *list;
	bool ok;

	if (cg_mount_find(mi, NULL, mnt, sizeof(mnt), root, sizeof(root)) < 0)
		return false;
	snprintf(path, sizeof(path), "%s/cgroup.controllers", mnt);
	list = cg_slurp(path);
	ok = list && cg_controllers_have(list, want);
	free(list);
	return ok;
}

/* A cgroup2 hierarchy, and no v1 hierarchy with any controller of want:
 * the host is v2 for the session's limits. */
static bool
v1_none(const char *mi, unsigned want)
{
	char mnt[PATH_MAX], root[PATH_MAX];

	if (cg_mount_find(mi, NULL, mnt, sizeof(mnt), root, sizeof(root)) < 0)
		return false;
	for (unsigned b = 1; b <= CG_CPU; b <<= 1)
		if ((want & b) &&
		    cg_mount_find(mi, cg_ctl_name((enum cg_ctl)b), mnt,
				  sizeof(mnt), root, sizeof(root)) == 0)
			return false;
	return true;
}

int
cylo_cgroup_open(pam_handle_t *pamh, const struct cylo_user *u,
		 const struct policy *pol, bool debug, char *msg, size_t len)
{
	struct cgstate *s;
	char *mi = NULL, *pc = NULL;
	unsigned w = wanted(pol);
	int rc = -1;

	if (!policy_wants_cgroup(pol))
		return 0;
	s = calloc(1, sizeof(*s));
	if (s)
		s->opener = getpid();
	mi = cg_slurp("/proc/self/mountinfo");
	pc = cg_slurp("/proc/self/cgroup");
	if (!s || !mi || !pc) {
		cylo_err(msg, len, "cannot read /proc/self/mountinfo or "
			 "cgroup: %s", strerror(errno));
		goto out;
	}
	if (systemd_runs()) {
		s->route = ROUTE_SYSTEMD;
		rc = cylo_scope_start(u->uid, getpid(), pol, s->dir[0],
				      sizeof(s->dir[0]), msg, len);
	} else if (v2_offers(mi, w) || v1_none(mi, w)) {
		/* On a v2 host whose hierarchy lacks a controller the policy
		 * needs, open_v2 says so and nothing is made. */
		s->route = ROUTE_V2;
		rc = open_v2(u, pol, mi, pc, s, msg, len);
	} else {
		s->route = ROUTE_V1;
		rc = open_v1(u, pol, mi, pc, s, msg, len);
	}
	if (rc < 0)
		goto out;
	if (pam_set_data(pamh, CYLO_DATA_CGROUP, s, cleanup_state) !=
	    PAM_SUCCESS) {
		(void)undo(s, msg, len);
		rc = cylo_err(msg, len, "pam_set_data failed");
		goto out;
	}
	if (debug)
		pam_syslog(pamh, LOG_DEBUG, "%s: session cgroup %s (%s)",
			   u->name, s->dir[0], s->route == ROUTE_SYSTEMD ?
			   "systemd scope" : s->route == ROUTE_V2 ? "v2" : "v1");
	s = NULL;
out:
	free(s);
	free(mi);
	free(pc);
	return rc;
}

int
cylo_cgroup_close(pam_handle_t *pamh, char *msg, size_t len)
{
	const void *d = NULL;
	int rc;

	if (pam_get_data(pamh, CYLO_DATA_CGROUP, &d) != PAM_SUCCESS || !d)
		return 0;
	rc = undo(d, msg, len);
	/* Once only, even if close_session comes twice. */
	(void)pam_set_data(pamh, CYLO_DATA_CGROUP, NULL, NULL);
	return rc;
}
