/*
 * pam_cylo.c - pam_cylo.so entry points: which accounts are selected, the
 * account check, and the session set-up.  See pam_cylo(8).
 *
 * Assumes: called by a PAM application (sshd, login, su) as root for the
 * session; NSS and /etc/cylo are the administrator's.
 * Guarantees: accounts the [pam] section does not select get PAM_IGNORE
 * from every function; root (uid 0) is never selected, so a bad config
 * cannot lock the administrator out; when the config cannot be loaded every
 * other account is refused.  Every refusal is logged with pam_syslog and
 * says why.  Nothing here exits or changes the calling process beyond the
 * mount namespace of the session (pam_mount.c).
 */
#include "pam_cylo.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modutil.h>

#define EXPORT __attribute__((visibility("default")))

/* pam_set_data key: the home this handle mounted (for close_session). */
#define DATA_HOME "pam_cylo_home"

int
cylo_err(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Arguments are parsed once into flags; unknown ones are logged, not fatal,
 * so a typo never turns into a locked-out host. */
static void
parse_args(pam_handle_t *pamh, int argc, const char **argv,
	   struct cylo_args *a)
{
	a->conf = CYLO_CONF_PATH;
	a->debug = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "debug") == 0)
			a->debug = true;
		else if (strncmp(argv[i], "conf=", 5) == 0 && argv[i][5] == '/')
			a->conf = argv[i] + 5;
		else
			pam_syslog(pamh, LOG_ERR, "unknown option \"%s\" ignored",
				   argv[i]);
	}
}

static void
user_free(struct cylo_user *u)
{
	free(u->name);
	free(u->home);
	free(u->shell);
	free(u->gids);
	for (size_t i = 0; i < u->ngroups; i++)
		free(u->groups[i]);
	free(u->groups);
	memset(u, 0, sizeof(*u));
}

static char *
group_name(gid_t gid)
{
	struct group gr, *res = NULL;
	size_t cap = 1024;
	char *buf = NULL, *name = NULL;
	int r;

	for (;;) {
		char *nb = realloc(buf, cap);

		if (!nb)
			break;
		buf = nb;
		r = getgrgid_r(gid, &gr, buf, cap, &res);
		if (r == ERANGE && cap < (1u << 20)) {
			cap *= 2;
			continue;
		}
		if (r == 0 && res)
			name = strdup(res->gr_name);
		break;
	}
	free(buf);
	return name;
}

/*
 * The account's passwd entry and groups.  Returns 0, 1 when the user does
 * not exist, -1 on other errors (message in msg).
 */
static int
user_load(pam_handle_t *pamh, const char *name, struct cylo_user *u,
	  char *msg, size_t len)
{
	const struct passwd *pw = pam_modutil_getpwnam(pamh, name);
	int n = 64;

	memset(u, 0, sizeof(*u));
	if (!pw)
		return 1;
	u->name = strdup(pw->pw_name);
	u->home = strdup(pw->pw_dir ? pw->pw_dir : "");
	u->shell = strdup(pw->pw_shell ? pw->pw_shell : "");
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	if (!u->name || !u->home || !u->shell)
		goto oom;
	for (;;) {
		int want = n;

		free(u->gids);
		u->gids = calloc((size_t)n, sizeof(*u->gids));
		if (!u->gids)
			goto oom;
		if (getgrouplist(u->name, u->gid, u->gids, &n) >= 0)
			break;
		/* n now holds the size needed (glibc); guard against a
		 * service that never settles. */
		if (n <= want)
			n = want * 2;
		if (n > 65536)
			return cylo_err(msg, len, "%s has too many groups",
					u->name);
	}
	u->ngids = (size_t)n;
	u->groups = calloc(u->ngids, sizeof(*u->groups));
	if (!u->groups)
		goto oom;
	for (size_t i = 0; i < u->ngids; i++) {
		char *g = group_name(u->gids[i]);

		/* A gid without a name cannot be selected by name. */
		if (g)
			u->groups[u->ngroups++] = g;
	}
	return 0;
oom:
	return cylo_err(msg, len, "out of memory");
}

enum verdict { V_IGNORE, V_SELECTED, V_REFUSE, V_UNKNOWN };

/*
 * Load the config and the account and decide whether the account is ours.
 * On V_SELECTED, c, u and *service are filled (the caller frees c and u).
 * On V_REFUSE the reason has been logged.
 */
static enum verdict
select_user(pam_handle_t *pamh, const struct cylo_args *a,
	    struct config *c, struct cylo_user *u, const char **service)
{
	const char *name = NULL;
	const void *item = NULL;
	char msg[MSG_LEN], err[MSG_LEN];
	int r;

	memset(c, 0, sizeof(*c));
	memset(u, 0, sizeof(*u));
	if (pam_get_user(pamh, &name, NULL) != PAM_SUCCESS || !name ||
	    !*name) {
		pam_syslog(pamh, LOG_ERR, "cannot get the user name");
		return V_UNKNOWN;
	}
	if (pam_get_item(pamh, PAM_SERVICE, &item) != PAM_SUCCESS || !item)
		item = "";
	*service = item;

	r = user_load(pamh, name, u, msg, sizeof(msg));
	if (r < 0) {
		pam_syslog(pamh, LOG_ERR, "%s: %s", name, msg);
		user_free(u);
		return V_REFUSE;
	}
	if (r > 0) {
		/* Unknown users are somebody else's business (pam_unix says
		 * so); nothing of theirs can be prepared here. */
		if (a->debug)
			pam_syslog(pamh, LOG_DEBUG, "%s: no such user", name);
		return V_UNKNOWN;
	}
	if (u->uid == 0) {
		if (a->debug)
			pam_syslog(pamh, LOG_DEBUG,
				   "%s: uid 0 is never selected", name);
		user_free(u);
		return V_IGNORE;
	}
	if (config_load(a->conf, c, err, sizeof(err)) < 0) {
		/* Fail closed: without the config we cannot tell who must be
		 * confined, so nobody but root gets in. */
		pam_syslog(pamh, LOG_ERR,
			   "refusing %s: cannot load the configuration: %s",
			   name, err);
		config_free(c);
		user_free(u);
		return V_REFUSE;
	}
	if (!config_pam_selects(c, u->name, (const char *const *)u->groups,
				u->ngroups)) {
		if (a->debug)
			pam_syslog(pamh, LOG_DEBUG, "%s: not selected by %s",
				   name, a->conf);
		config_free(c);
		user_free(u);
		return V_IGNORE;
	}
	if (a->debug)
		pam_syslog(pamh, LOG_DEBUG, "%s: selected by %s (service %s)",
			   name, a->conf, *service);
	return V_SELECTED;
}

static void
tell_user(pam_handle_t *pamh, int flags, const char *text)
{
	if (!(flags & PAM_SILENT))
		(void)pam_error(pamh, "%s", text);
}

/*
 * The ways around the shell that the account's own settings decide.  sshd
 * applies its forwarding rules to the members of CYLO_GROUP (the shipped
 * snippet), so an account outside the group would keep every forwarding;
 * su lets a caller replace a shell that /etc/shells lists.
 */
static int
login_paths(pam_handle_t *pamh, const struct cylo_user *u)
{
	char msg[MSG_LEN];
	int r;

	if (!cylo_in_enroll_group(u)) {
		pam_syslog(pamh, LOG_NOTICE, "refusing %s: not a member of the "
			   "group %s, which the sshd settings for cylosh "
			   "accounts match (run cylo-enroll)", u->name,
			   CYLO_GROUP);
		return PAM_PERM_DENIED;
	}
	r = cylo_shell_listed(CYLO_SHELL, msg, sizeof(msg));
	if (r < 0) {
		pam_syslog(pamh, LOG_ERR, "refusing %s: %s", u->name, msg);
		return PAM_PERM_DENIED;
	}
	if (r > 0) {
		pam_syslog(pamh, LOG_NOTICE, "refusing %s: %s is listed in "
			   "/etc/shells, so su -s and su -m could run another "
			   "shell (run cylo-enroll)", u->name, CYLO_SHELL);
		return PAM_PERM_DENIED;
	}
	return PAM_SUCCESS;
}

EXPORT int
pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct cylo_args a;
	struct config c;
	struct cylo_user u;
	const char *service = "";
	char msg[MSG_LEN];
	int rc = PAM_SUCCESS;

	parse_args(pamh, argc, argv, &a);
	switch (select_user(pamh, &a, &c, &u, &service)) {
	case V_IGNORE:
		return PAM_IGNORE;
	case V_UNKNOWN:
		return PAM_USER_UNKNOWN;
	case V_REFUSE:
		tell_user(pamh, flags, "Login refused: the cylosh policy "
			  "cannot be read; ask the administrator.");
		return PAM_PERM_DENIED;
	case V_SELECTED:
		break;
	}
	if (!config_pam_service_allowed(&c, service)) {
		pam_syslog(pamh, LOG_NOTICE, "refusing %s: service \"%s\" is "
			   "not in the [pam] services of %s", u.name, service,
			   a.conf);
		rc = PAM_PERM_DENIED;
	} else if (strcmp(u.shell, CYLO_SHELL) != 0) {
		pam_syslog(pamh, LOG_NOTICE, "refusing %s: login shell is "
			   "\"%s\", not %s (run cylo-enroll)", u.name, u.shell,
			   CYLO_SHELL);
		rc = PAM_PERM_DENIED;
	} else if (cylo_check_shell(CYLO_SHELL, msg, sizeof(msg)) < 0) {
		pam_syslog(pamh, LOG_ERR, "refusing %s: %s", u.name, msg);
		rc = PAM_PERM_DENIED;
	} else {
		rc = login_paths(pamh, &u);
	}
	if (rc != PAM_SUCCESS)
		tell_user(pamh, flags, "Login refused: this account must use "
			  "the cylosh sandbox; ask the administrator.");
	config_free(&c);
	user_free(&u);
	return rc;
}

static void
cleanup_home(pam_handle_t *pamh, void *data, int error_status)
{
	(void)pamh;
	(void)error_status;
	free(data);
}

/*
 * What the service does beside the shell happens in the namespaces made
 * here: sshd's forwarded agent sockets land in a private /tmp, and with
 * network = none its TCP forwarding reaches an empty network namespace,
 * whatever sshd_config says.
 */
static int
around_shell(pam_handle_t *pamh, const struct cylo_user *u,
	     const struct policy *pol, int flags)
{
	char msg[MSG_LEN];

	if (cylo_private_tmp(msg, sizeof(msg)) < 0 ||
	    (pol->network == NET_NONE &&
	     cylo_isolate_net(msg, sizeof(msg)) < 0)) {
		pam_syslog(pamh, LOG_ERR, "cannot isolate the session of %s: "
			   "%s", u->name, msg);
		tell_user(pamh, flags, "Session refused: the session cannot "
			  "be isolated; ask the administrator.");
		return -1;
	}
	return 0;
}

EXPORT int
pam_sm_open_session(pam_handle_t *pamh, int flags, int argc,
		    const char **argv)
{
	struct cylo_args a;
	struct config c;
	struct cylo_user u;
	struct policy pol;
	const char *service = "";
	const void *done = NULL;
	char msg[MSG_LEN], umsg[MSG_LEN], *hint = NULL, *home = NULL;
	int rc = PAM_SESSION_ERR;

	parse_args(pamh, argc, argv, &a);
	switch (select_user(pamh, &a, &c, &u, &service)) {
	case V_IGNORE:
		return PAM_IGNORE;
	case V_UNKNOWN:
		/* PAM_USER_UNKNOWN is not an open_session result. */
		return PAM_SESSION_ERR;
	case V_REFUSE:
		tell_user(pamh, flags, "Session refused: the cylosh policy "
			  "cannot be read; ask the administrator.");
		return PAM_SESSION_ERR;
	case V_SELECTED:
		break;
	}
	policy_defaults(&pol);
	if (pam_get_data(pamh, DATA_HOME, &done) == PAM_SUCCESS && done) {
		/* Opened twice on one handle: the home is already there. */
		rc = PAM_SUCCESS;
		goto out;
	}
	if (geteuid() != 0) {
		pam_syslog(pamh, LOG_ERR, "%s: the session needs root to mount "
			   "the ramdisk home (euid %u)", u.name,
			   (unsigned)geteuid());
		tell_user(pamh, flags, "Session refused: cylosh sessions can "
			  "only be opened by a privileged service.");
		goto out;
	}
	policy_free(&pol);
	if (config_resolve(&c, u.name, (const char *const *)u.groups,
			   u.ngroups, &pol, msg, sizeof(msg)) < 0) {
		pam_syslog(pamh, LOG_ERR, "%s: %s", u.name, msg);
		tell_user(pamh, flags, "Session refused: the cylosh policy "
			  "cannot be resolved; ask the administrator.");
		policy_defaults(&pol);
		goto out;
	}
	if (cylo_preflight(&u, pol.landlock_min_abi, msg, sizeof(msg), umsg,
			   sizeof(umsg)) < 0) {
		pam_syslog(pamh, LOG_ERR, "preflight for %s failed: %s", u.name,
			   msg);
		tell_user(pamh, flags, umsg);
		goto out;
	}
	if (pol.persist[0]) {
		int made;

		/* Before the home: a session that promises a store and has
		 * none must not start (cylosh would refuse it anyway). */
		if (cylo_make_store(pol.persist, pol.persist_group, u.name,
				    u.uid, u.gid, &made, msg,
				    sizeof(msg)) < 0) {
			pam_syslog(pamh, LOG_ERR, "persist store of %s: %s",
				   u.name, msg);
			tell_user(pamh, flags, "Session refused: your "
				  "persistent store cannot be prepared; ask "
				  "the administrator (cylo-enroll).");
			goto out;
		}
		if (made)
			pam_syslog(pamh, LOG_INFO, "made the persist store "
				   "%s/%s", pol.persist, u.name);
	}
	if (cylo_cgroup_open(pamh, &u, &pol, a.debug, msg, sizeof(msg)) < 0) {
		pam_syslog(pamh, LOG_ERR, "session cgroup for %s: %s", u.name,
			   msg);
		tell_user(pamh, flags, "Session refused: the session's memory, "
			  "task and CPU limits cannot be set up; ask the "
			  "administrator (cylosh --check).");
		goto out;
	}
	if (cylo_mount_home(pamh, &u, &pol, a.debug, msg, sizeof(msg)) < 0) {
		pam_syslog(pamh, LOG_ERR, "cannot prepare the home of %s: %s",
			   u.name, msg);
		tell_user(pamh, flags, "Session refused: the ramdisk home "
			  "cannot be prepared; ask the administrator.");
		goto out;
	}
	if (around_shell(pamh, &u, &pol, flags) < 0)
		goto out;
	if (asprintf(&hint, "%s=%s", CYLO_HINT, u.home) < 0) {
		hint = NULL;
		pam_syslog(pamh, LOG_ERR, "out of memory");
		goto out;
	}
	home = strdup(u.home);
	if (!home || pam_putenv(pamh, hint) != PAM_SUCCESS ||
	    pam_set_data(pamh, DATA_HOME, home, cleanup_home) != PAM_SUCCESS) {
		pam_syslog(pamh, LOG_ERR, "cannot set %s for %s", CYLO_HINT,
			   u.name);
		free(home);
		goto out;
	}
	pam_syslog(pamh, LOG_INFO, "ramdisk home %s mounted for %s "
		   "(service %s)", u.home, u.name, service);
	rc = PAM_SUCCESS;
out:
	/* A refused session leaves no cgroup behind (none made: a no-op). */
	if (rc != PAM_SUCCESS)
		(void)cylo_cgroup_close(pamh, msg, sizeof(msg));
	free(hint);
	policy_free(&pol);
	config_free(&c);
	user_free(&u);
	return rc;
}

/*
 * The mount namespace dies with the session's last process; the session
 * cgroup is removed here (the caller moved back out of it first).
 * Selected accounts get PAM_SUCCESS so the stack is symmetric.
 */
EXPORT int
pam_sm_close_session(pam_handle_t *pamh, int flags, int argc,
		     const char **argv)
{
	const void *home = NULL;
	struct cylo_args a;
	char msg[MSG_LEN];

	(void)flags;
	parse_args(pamh, argc, argv, &a);
	if (pam_get_data(pamh, DATA_HOME, &home) != PAM_SUCCESS || !home)
		return PAM_IGNORE;
	if (cylo_cgroup_close(pamh, msg, sizeof(msg)) < 0) {
		pam_syslog(pamh, LOG_ERR, "session cgroup of %s: %s",
			   (const char *)home, msg);
		return PAM_SESSION_ERR;
	}
	if (a.debug)
		pam_syslog(pamh, LOG_DEBUG, "session of %s closed",
			   (const char *)home);
	return PAM_SUCCESS;
}
