/*
 * pam_cylo.h - internals shared by the files of pam_cylo.so.
 *
 * Only pam_sm_* leave the module (pam_cylo.map); everything declared here is
 * hidden.  No function here exits, applies Landlock, seccomp, no_new_privs or
 * a user namespace to the calling process: errors come back as -1 with a
 * message for pam_syslog in msg, and the caller turns them into PAM codes.
 */
#ifndef CYLO_PAM_H
#define CYLO_PAM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <security/pam_modules.h>

#include "config.h"
#include "selected.h"

#ifndef BINDIR
#define BINDIR "/usr/local/bin"
/* pam_store.c */

/*
 * Make STORE/USER for the user (uid, primary gid ugid) when missing: owned
 * by the user, mode 0700; with group (persist_group, may be NULL or ""),
 * group-owned by it, mode 2750.  An existing one is judged by the rule
 * cylosh applies (store.h) and left as it is.  *made says whether this
 * call made it.  Returns 0, or -1 with a message.
 */
int cylo_make_store(const char *store, const char *group, const char *user,
		    uid_t uid, gid_t ugid, int *made, char *msg, size_t len);

#endif
/* The one shell a selected account may have, byte for byte. */
#define CYLO_SHELL BINDIR "/cylosh"

/*
 * The PAM environment hint, "CYLO_HOME_TMPFS=<home>": pam_cylo mounted a
 * tmpfs on <home> (the account's pw_dir, exactly) in the session's mount
 * namespace.  cylosh trusts nothing in it: it checks that <home> equals the
 * account's home, that statfs says tmpfs, and the owner and mode itself.
 */
#define CYLO_HINT "CYLO_HOME_TMPFS"

#define MSG_LEN 512

struct cylo_args {
	const char *conf;	/* conf=FILE, or CYLO_CONF_PATH */
	bool debug;
};

/* The account being served, copied out of NSS buffers. */
struct cylo_user {
	char *name;
	uid_t uid;
	gid_t gid;
	char *home;
	char *shell;
	gid_t *gids;		/* getgrouplist: primary group first */
	size_t ngids;
	char **groups;		/* names of gids that have one */
	size_t ngroups;
};

/* pam_cylo.c */
__attribute__((format(printf, 3, 4)))
int cylo_err(char *msg, size_t len, const char *fmt, ...);

/* pam_path.c: path work from directory descriptors, never following links. */

/*
 * Open the absolute, canonical path (no ".", "..", empty components) as an
 * O_PATH directory descriptor, one component at a time with O_NOFOLLOW.
 * Every ancestor must be a directory owned by root and not writable by group
 * or others, so nobody but root can swap a component after the walk.  The
 * last component's stat is returned in st; its owner is the caller's affair.
 */
int cylo_walk(const char *path, int *fd, struct stat *st, char *msg,
	      size_t len);

/* Is path a regular, root-owned, not group/other-writable executable? */
int cylo_check_shell(const char *path, char *msg, size_t len);

/*
 * Copy the skeleton directory tree skel into the directory dstfd, owned by
 * uid:gid.  Regular files and directories only; anything else is skipped and
 * logged by the caller via *skipped.  Every source entry must be owned by
 * root and not writable by group or others.
 */
int cylo_seed(const char *skel, int dstfd, uid_t uid, gid_t gid,
	      unsigned *skipped, char *msg, size_t len);

/* pam_preflight.c */

/*
 * Fork a child that becomes the user and tries what cylosh will need: a
 * user + mount namespace with a tmpfs in it, and Landlock at min_abi or
 * better.  Returns 0, or -1 with a log message in msg and a sentence for the
 * user in umsg.
 */
int cylo_preflight(const struct cylo_user *u, int min_abi, char *msg,
		   size_t len, char *umsg, size_t ulen);

/* pam_mount.c */

/*
 * Move the calling process into a private mount namespace (/ made rslave)
 * and mount the ramdisk home there: tmpfs sized by pol, nosuid, nodev,
 * mode 0700, owned by the user, seeded from pol->skel.
 */
int cylo_mount_home(pam_handle_t *pamh, const struct cylo_user *u,
		    const struct policy *pol, bool debug, char *msg,
		    size_t len);

/* pam_login.c: sshd's and su's ways around the shell. */

/* Is the account a member of CYLO_GROUP, the group the shipped sshd
 * snippet matches? */
bool cylo_in_enroll_group(const struct cylo_user *u);

/* Is shell a line of /etc/shells (su then lets a caller pick another
 * shell)?  1 yes, 0 no, -1 with msg when the file cannot be read. */
int cylo_shell_listed(const char *shell, char *msg, size_t len);

/*
 * Make ~/.ssh in the new ramdisk (the directory descriptor home): a
 * root-owned, empty, immutable directory, so nothing in a session can
 * create what sshd reads from there later on the same connection
 * (~/.ssh/environment, ~/.ssh/rc), nor rename it away.
 */
int cylo_ssh_dir(int home, char *msg, size_t len);

/* In the session's mount namespace: a small private tmpfs on /tmp, where
 * sshd puts forwarded agent sockets. */
int cylo_private_tmp(char *msg, size_t len);

/* An empty network namespace for the calling process (network = none):
 * sockets already open, the client's among them, keep working. */
int cylo_isolate_net(char *msg, size_t len);

/* pam_store.c */

/*
 * Make STORE/USER for the user (uid, primary gid ugid) when missing: owned
 * by the user, mode 0700; with group (persist_group, may be NULL or ""),
 * group-owned by it, mode 2750.  An existing one is judged by the rule
 * cylosh applies (store.h) and left as it is.  *made says whether this
 * call made it.  Returns 0, or -1 with a message.
 */
int cylo_make_store(const char *store, const char *group, const char *user,
		    uid_t uid, gid_t ugid, int *made, char *msg, size_t len);

/* pam_cgroup.c */

/* pam_set_data key: the session cgroup this handle made. */
#define CYLO_DATA_CGROUP "pam_cylo_cgroup"

/*
 * When pol sets a whole-session limit (memory, tasks, cpu), put the calling
 * process in a new cgroup that carries them (systemd, v2 or v1 route, see
 * pam_cgroup.c); nothing to do otherwise.  Returns 0, or -1 with a message,
 * the caller unchanged and nothing left behind.
 */
int cylo_cgroup_open(pam_handle_t *pamh, const struct cylo_user *u,
		     const struct policy *pol, bool debug, char *msg,
		     size_t len);

/* pam_scope.c: the systemd route.  Ask systemd for the transient scope
 * "cylo-UID-PID.scope" holding pid with pol's limits, named in unit; 0 once
 * systemd reports it started, or -1 with a message. */
int cylo_scope_start(uid_t uid, pid_t pid, const struct policy *pol,
		     char *unit, size_t ulen, char *msg, size_t len);

/* Move the caller back and remove the cgroup cylo_cgroup_open made on this
 * handle, killing what is left in it.  Returns 0 or -1 with a message. */
int cylo_cgroup_close(pam_handle_t *pamh, char *msg, size_t len);

#endif
