/*
 * pam_store.c - make a user's persistent store, STORE/USER (cylo.conf
 * "persist"), as root.  Used by pam_cylo at session open and by
 * cylo-enroll.
 *
 * Assumes: running as root; STORE is the administrator's directory.
 * Guarantees: the walk to STORE follows no link and every component,
 * STORE included, is a root-owned directory not writable by group or
 * others (cylo_walk, store_safe_dir), so nobody but root can add or swap
 * USER in it; USER is made with mode 0 and opened without following a
 * link, and only the directory this call made is given to the user.  An
 * existing USER is judged by store_judge, the rule cylosh applies, and
 * never changed: anything odd is refused, not repaired.
 */
#include "pam_cylo.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

/* The gid of group; 0 with a message when it does not exist. */
static int
group_gid(const char *group, gid_t *gid, char *msg, size_t len)
{
	struct group gr, *res = NULL;
	char buf[16384];
	int e = getgrnam_r(group, &gr, buf, sizeof(buf), &res);

	if (e || !res)
		return cylo_err(msg, len, "persist_group %s: %s", group,
				e ? strerror(e) : "no such group");
	*gid = gr.gr_gid;
	return 0;
}

int
cylo_make_store(const char *store, const char *group, const char *user,
		uid_t uid, gid_t ugid, int *made, char *msg, size_t len)
{
	char shown[PATH_MAX + 64];
	struct stat st;
	bool grouped = group && *group;
	gid_t gid = ugid;
	int sfd, fd, e;

	*made = 0;
	if (grouped && group_gid(group, &gid, msg, len) < 0)
		return -1;
	if (!*user || strchr(user, '/') || !strcmp(user, ".") ||
	    !strcmp(user, ".."))
		return cylo_err(msg, len, "unusable user name \"%s\"", user);
	snprintf(shown, sizeof(shown), "%s/%s", store, user);
	if (cylo_walk(store, &sfd, &st, msg, len) < 0)
		return -1;
	if (!store_safe_dir(&st)) {
		close(sfd);
		return cylo_err(msg, len, "persist store %s must be a "
				"directory owned by root and not writable by "
				"group or others", store);
	}
	/* Mode 0 until it is the user's: never a moment when the wrong
	 * owner could use it. */
	if (mkdirat(sfd, user, 0) == 0) {
		*made = 1;
	} else if (errno != EEXIST) {
		e = errno;
		close(sfd);
		return cylo_err(msg, len, "cannot make %s: %s", shown,
				strerror(e));
	}
	fd = openat(sfd, user, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	e = errno;
	close(sfd);
	if (fd < 0)
		return cylo_err(msg, len, "%s: %s", shown, e == ELOOP ||
				e == ENOTDIR ? "not a directory (a link?); "
				"refusing it" : strerror(e));
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return cylo_err(msg, len, "cannot stat %s: %s", shown,
				strerror(e));
	}
	/* Ours: still root's with mode 0 (made now, or by a run that stopped
	 * half-way).  Anything else is judged as cylosh will judge it. */
	if (st.st_uid == 0 && (st.st_mode & 07777) == 0 && uid != 0) {
		if (fchown(fd, uid, gid) < 0 ||
		    fchmod(fd, grouped ? 02750 : 0700) < 0) {
			e = errno;
			close(fd);
			return cylo_err(msg, len, "cannot give %s to %s: %s",
					shown, user, strerror(e));
		}
		*made = 1;
		close(fd);
		return 0;
	}
	close(fd);
	*made = 0;
	return store_judge(&st, shown, uid, grouped, gid, msg, len);
}
