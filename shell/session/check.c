/*
 * check.c - cylosh --check: one line per requirement, "ok", "warn" or
 * "FAIL", the item, the detail, and a hint for anything not ok.
 *
 * Assumes: run by any user, outside a session.
 * Guarantees: the namespace, tmpfs and seccomp items are real trials in
 * short-lived child processes, not guesses from version numbers; the
 * caller's own process is left unchanged.
 */
#include "check.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/quota.h>
#include <linux/dqblk_xfs.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pwd.h>

#include "commands.h"
#include "cgparse.h"
#include "cgroup.h"
#include "config.h"
#include "langs.h"
#include "store.h"
#include "filter.h"
#include "landlock.h"
#include "ns.h"
#include "selected.h"
#include "sshdcheck.h"

enum level { OK, WARN, FAIL };

static int failures;

__attribute__((format(printf, 4, 5))) static void
report(enum level l, const char *item, const char *hint, const char *fmt, ...)
{
	static const char *const word[] = { "ok", "warn", "FAIL" };
	va_list ap;

	printf("%-4s  %-34s ", word[l], item);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (l != OK && hint)
		printf("      hint: %s\n", hint);
	if (l == FAIL)
		failures++;
}

/* Read a small /proc or /sys file; false when it does not exist. */
static bool
read_value(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	if (!fgets(buf, (int)size, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return true;
}

static void
check_kernel(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2) {
		report(FAIL, "kernel version", "", "cannot tell");
		return;
	}
	if (major > 5 || (major == 5 && minor >= 13))
		report(OK, "kernel version", NULL, "%s", u.release);
	else
		report(FAIL, "kernel version", "Linux >= 5.13 is needed for "
		       "Landlock", "%s", u.release);
}

static void
check_sysctls(void)
{
	char v[64];

	if (read_value("/proc/sys/user/max_user_namespaces", v, sizeof(v))) {
		if (atol(v) > 0)
			report(OK, "user.max_user_namespaces", NULL, "%s", v);
		else
			report(FAIL, "user.max_user_namespaces",
			       "sysctl -w user.max_user_namespaces=10000 (and "
			       "in /etc/sysctl.d/)", "%s", v);
	} else {
		report(FAIL, "user.max_user_namespaces",
		       "the kernel needs CONFIG_USER_NS", "missing");
	}
	if (read_value("/proc/sys/kernel/unprivileged_userns_clone", v, sizeof(v)))
		report(atol(v) == 1 ? OK : FAIL,
		       "kernel.unprivileged_userns_clone",
		       "sysctl -w kernel.unprivileged_userns_clone=1", "%s", v);
	else
		report(OK, "kernel.unprivileged_userns_clone", NULL,
		       "not present (no restriction)");
	if (read_value("/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
		       v, sizeof(v)))
		report(atol(v) == 0 ? OK : WARN,
		       "apparmor_restrict_unprivileged_userns",
		       "install the AppArmor profile from etc/apparmor.d (see "
		       "INSTALL), or set the sysctl to 0", "%s", v);
	else
		report(OK, "apparmor_restrict_unprivileged_userns", NULL,
		       "not present");
}

static void
check_container(void)
{
	char v[256];
	const char *why = NULL;

	if (access("/.dockerenv", F_OK) == 0)
		why = "/.dockerenv exists";
	else if (access("/run/.containerenv", F_OK) == 0)
		why = "/run/.containerenv exists";
	else if (getenv("container"))
		why = "$container is set";
	else if (read_value("/proc/1/cgroup", v, sizeof(v)) &&
		 (strstr(v, "docker") || strstr(v, "lxc") || strstr(v, "kubepods")))
		why = "/proc/1/cgroup names a container";
	if (why)
		report(WARN, "container", "nested namespaces need a runtime that "
		       "allows them; the trial below decides", "%s", why);
	else
		report(OK, "container", NULL, "none detected");
}

/* In a child: a user + mount namespace with our own uid, and a tmpfs. */
static void
check_userns(void)
{
	int pipefd[2], st;
	char msg[256] = "";
	pid_t pid;
	ssize_t n;

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		report(FAIL, "user+mount namespace", NULL, "pipe: %s",
		       strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		uid_t uid = getuid();
		gid_t gid = getgid();
		char map[64];
		int fd;
		const char *step = "unshare";

		close(pipefd[0]);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
			goto fail;
		step = "uid map";
		if ((fd = open("/proc/self/setgroups", O_WRONLY)) < 0 ||
		    write(fd, "deny", 4) != 4 || close(fd) < 0)
			goto fail;
		snprintf(map, sizeof(map), "%u %u 1", (unsigned)uid, (unsigned)uid);
		if ((fd = open("/proc/self/uid_map", O_WRONLY)) < 0 ||
		    write(fd, map, strlen(map)) < 0 || close(fd) < 0)
			goto fail;
		snprintf(map, sizeof(map), "%u %u 1", (unsigned)gid, (unsigned)gid);
		if ((fd = open("/proc/self/gid_map", O_WRONLY)) < 0 ||
		    write(fd, map, strlen(map)) < 0 || close(fd) < 0)
			goto fail;
		step = "tmpfs mount";
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
			  "size=64k") < 0)
			goto fail;
		_exit(0);
	fail:
		snprintf(msg, sizeof(msg), "%d %s: %s", errno, step, strerror(errno));
		n = write(pipefd[1], msg, strlen(msg));
		_exit(1);
	}
	close(pipefd[1]);
	n = pid < 0 ? -1 : read(pipefd[0], msg, sizeof(msg) - 1);
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &st, 0) < 0) {
		report(FAIL, "user+mount namespace", NULL, "fork: %s", strerror(errno));
		return;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		report(OK, "user+mount namespace", NULL,
		       "created, uid mapped, tmpfs mounted");
	} else {
		int err = 0;
		char *detail = msg;

		msg[n > 0 ? n : 0] = 0;
		err = (int)strtol(msg, &detail, 10);
		report(FAIL, "user+mount namespace", ns_hint(err), "%s",
		       *detail ? detail + 1 : "failed");
	}
}

static void
check_landlock(int min_abi)
{
	int abi = landlock_abi();
	long errata = landlock_errata();

	if (abi < 0)
		report(FAIL, "landlock", "run as a normal user; see INSTALL",
		       "cannot query: %s", strerror(-abi));
	else if (abi == 0)
		report(FAIL, "landlock", "enable CONFIG_SECURITY_LANDLOCK and add "
		       "\"landlock\" to the lsm= boot parameter",
		       "not available");
	else if (abi < min_abi)
		report(FAIL, "landlock", "upgrade the kernel or lower "
		       "landlock_min_abi in cylo.conf",
		       "ABI %d, policy requires >= %d", abi, min_abi);
	else if (errata >= 0)
		report(OK, "landlock", NULL, "ABI %d (minimum %d), errata 0x%lx",
		       abi, min_abi, errata);
	else
		report(OK, "landlock", NULL, "ABI %d (minimum %d), errata unknown "
		       "to this kernel", abi, min_abi);
}

/*
 * In a child: load the session's own filter and see it act.  Asking to
 * turn off address space randomization succeeds without the filter and
 * must fail with EPERM under it.
 */
static void
check_seccomp(void)
{
	int st, err;
	pid_t pid;

	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) {
		report(FAIL, "seccomp", "the kernel needs CONFIG_SECCOMP_FILTER",
		       "not available");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(125);
		if ((err = seccomp_load_session(false)) != 0)
			_exit(err < 125 ? err : 124);
		_exit(personality(ADDR_NO_RANDOMIZE) == -1 && errno == EPERM ?
		      0 : 126);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		report(FAIL, "seccomp", "the kernel needs CONFIG_SECCOMP_FILTER",
		       "the trial did not run");
	else if (WEXITSTATUS(st) == 126)
		report(FAIL, "seccomp", "the kernel needs CONFIG_SECCOMP_FILTER",
		       "the session filter loaded but did not act");
	else if (WEXITSTATUS(st) == 125)
		report(FAIL, "seccomp", NULL, "cannot set no_new_privs");
	else if (WEXITSTATUS(st) != 0)
		report(FAIL, "seccomp", "the kernel needs CONFIG_SECCOMP_FILTER",
		       "the session filter did not load: %s",
		       strerror(WEXITSTATUS(st)));
	else
		report(OK, "seccomp", NULL, "the session filter loads and acts");
}

/*
 * Does the file system of each persist store enforce user or project
 * quotas?  Without them a user can fill it for everyone.  Asked of the
 * kernel through quotactl_fd (any file system, no device path needed);
 * only root sees every store, so others are told to ask as root.
 */
static void
check_store_quotas(const struct config *c)
{
	for (size_t i = 0; i < c->nsections; i++) {
		const struct section *sec = &c->sections[i];

		for (size_t j = 0; j < sec->nsettings; j++) {
			const char *store = sec->settings[j].value;
			struct fs_quota_stat qs;
			bool dup = false;
			int fd;

			if (strcmp(sec->settings[j].key, "persist") || !*store)
				continue;
			/* Each store once, however many sections name it. */
			for (size_t k = 0; k <= i && !dup; k++)
				for (size_t l = 0; l < c->sections[k].nsettings &&
				     (k < i || l < j) && !dup; l++)
					dup = !strcmp(c->sections[k].settings[l].key,
						      "persist") &&
					      !strcmp(c->sections[k].settings[l].value,
						      store);
			if (dup)
				continue;
			if (getuid() != 0) {
				report(OK, "persist store quotas", NULL,
				       "%s: not checked (run --check as root)",
				       store);
				continue;
			}
			fd = open(store, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				  O_CLOEXEC);
			if (fd < 0) {
				report(FAIL, "persist store quotas",
				       "make the store (INSTALL, section 5a); "
				       "'cylosh -C' checks it", "%s: %s", store,
				       strerror(errno));
				continue;
			}
			memset(&qs, 0, sizeof(qs));
			if (syscall(SYS_quotactl_fd, fd,
				    QCMD(Q_XGETQSTAT, USRQUOTA), 0, &qs) == 0 &&
			    (qs.qs_flags & (FS_QUOTA_UDQ_ENFD |
					    FS_QUOTA_PDQ_ENFD)))
				report(OK, "persist store quotas", NULL,
				       "%s: %s%s%s quotas enforced", store,
				       qs.qs_flags & FS_QUOTA_UDQ_ENFD ?
				       "user" : "",
				       (qs.qs_flags & FS_QUOTA_UDQ_ENFD) &&
				       (qs.qs_flags & FS_QUOTA_PDQ_ENFD) ?
				       " and " : "",
				       qs.qs_flags & FS_QUOTA_PDQ_ENFD ?
				       "project" : "");
			else
				report(WARN, "persist store quotas",
				       "turn on user or project quotas on its "
				       "file system (INSTALL, section 5a)",
				       "%s: no quota enforced: one user can "
				       "fill the file system", store);
			close(fd);
		}
	}
}

static int
check_config(void)
{
	struct config c;
	struct policy p;
	char err[512];

	if (config_load(CYLO_CONF_PATH, &c, err, sizeof(err)) < 0) {
		if (errno == ENOENT) {
			report(WARN, "config", "install etc/cylo.conf to set a "
			       "policy (make install)",
			       "%s absent: built-in defaults apply", CYLO_CONF_PATH);
			policy_defaults(&p);
			policy_free(&p);
			return p.landlock_min_abi;
		}
		report(FAIL, "config", "fix the file; 'cylosh -C' shows the "
		       "policy it gives", "%s", err);
		return 1;
	}
	if (config_resolve(&c, "", NULL, 0, &p, err, sizeof(err)) < 0) {
		report(FAIL, "config", NULL, "%s", err);
		config_free(&c);
		return 1;
	}
	report(OK, "config", NULL, "%s: root-owned, syntax ok", CYLO_CONF_PATH);
	check_store_quotas(&c);
	config_free(&c);
	policy_free(&p);
	return p.landlock_min_abi;
}

/* Accounts whose sshd findings are printed; the rest are counted. */
#define SSHD_SHOWN 10

struct sshd_tally {
	unsigned accounts, failing;
};

static int
sshd_account(const struct passwd *pw, void *arg)
{
	struct sshd_tally *t = arg;
	const char *why[SSHD_MAX_FINDINGS];
	char err[512], item[64];
	size_t len;
	char *text;
	int n;

	t->accounts++;
	snprintf(item, sizeof(item), "sshd for %s", pw->pw_name);
	if (sshd_query(pw->pw_name, &text, &len, err, sizeof(err)) < 0) {
		if (t->failing++ < SSHD_SHOWN)
			report(FAIL, item, "run the same sshd -T -C as root "
			       "to see why it fails", "%s", err);
		return 0;
	}
	n = sshd_judge(text, len, why, SSHD_MAX_FINDINGS);
	free(text);
	if (n == 0)
		return 0;
	if (t->failing++ >= SSHD_SHOWN)
		return 0;
	if (n < 0) {
		report(FAIL, item, NULL, "sshd -T printed no settings");
		return 0;
	}
	for (int i = 0; i < n && i < SSHD_MAX_FINDINGS; i++)
		report(FAIL, item, i + 1 < n ? NULL :
		       "install the shipped sshd_config.d/cylo.conf (Match "
		       "Group " CYLO_GROUP ") unchanged, run cylo-enroll, and "
		       "keep later Match blocks from turning these back on "
		       "and AcceptEnv to LANG and LC_*; see pam_cylo(8)", "%s", why[i]);
	return 0;
}

/*
 * As root: ask the real sshd what it would do for each account the [pam]
 * section selects.  sshd decides forwarding, sftp and ~/.ssh files before
 * or beside cylosh, so a wrong sshd_config is a way around the sandbox.
 */
static void
check_sshd(void)
{
	struct sshd_tally t = { 0, 0 };
	struct config c;
	char err[512];

	if (config_load(CYLO_CONF_PATH, &c, err, sizeof(err)) < 0)
		return;		/* check_config said why */
	if (!c.has_pam || (c.pam_users.n == 0 && c.pam_groups.n == 0)) {
		config_free(&c);
		return;
	}
	if (getuid() != 0) {
		report(WARN, "sshd settings", "run cylosh --check as root",
		       "not checked: sshd -T needs root");
	} else if (access(SSHD_PATH, F_OK) < 0) {
		report(OK, "sshd settings", NULL, "%s not installed",
		       SSHD_PATH);
	} else {
		selected_foreach(&c, sshd_account, &t);
		if (t.failing > SSHD_SHOWN)
			report(FAIL, "sshd settings", NULL, "%u more accounts "
			       "fail (not shown)", t.failing - SSHD_SHOWN);
		else if (t.failing == 0)
			report(OK, "sshd settings", NULL, "%u selected "
			       "accounts: no forwarding, sftp through cylosh, "
			       "no user rc or environment", t.accounts);
	}
	config_free(&c);
}

/*
 * The route a PAM session's cgroup takes here.  Only a FAIL when the policy
 * for users matched by no section sets a whole-session limit the route
 * cannot carry; otherwise a host without a route (or a v2 host lacking a
 * controller) is a warning: a policy that sets such a limit will fail.
 */
static void
check_cgroup(void)
{
	static const char hint[] = "mount cgroup v2 with memory, pids and "
		"cpu, or the v1 hierarchies; until then a policy setting "
		"memory, tasks or cpu cannot start a session";
	char why[512];
	unsigned lacks = 0, wants = 0;
	const char *route = cgroup_route(&lacks, why, sizeof(why));
	struct config c;
	struct policy p;
	char err[512];

	if (config_load(CYLO_CONF_PATH, &c, err, sizeof(err)) == 0) {
		if (config_resolve(&c, "", NULL, 0, &p, err, sizeof(err)) == 0) {
			if (policy_wants_cgroup(&p))
				wants = (p.memory ? CG_MEMORY : 0) |
					(p.tasks ? CG_PIDS : 0) |
					(p.cpu_percent ? CG_CPU : 0);
			policy_free(&p);
		}
		config_free(&c);
	}
	if (route && !lacks)
		report(OK, "session cgroup route", NULL, "%s: %s", route, why);
	else if (route)
		report(wants & lacks ? FAIL : WARN, "session cgroup route",
		       hint, "%s: %s", route, why);
	else
		report(wants ? FAIL : WARN, "session cgroup route", hint,
		       "none: %s", why);
}

int
check_run(void)
{
	int min_abi;

	check_kernel();
	check_sysctls();
	check_container();
	check_userns();
	min_abi = check_config();
	check_landlock(min_abi);
	check_seccomp();
	check_sshd();
	check_cgroup();
	if (getuid() == 0)
		report(WARN, "user", "sessions run as unprivileged users only",
		       "running as root: the trials above ran as root");
	printf("%s\n", failures ? "cylosh cannot run sessions on this machine" :
	       "cylosh can run sessions on this machine");
	return failures ? 1 : 0;
}

/* ---- cylosh -C: the mistakes that lock users out or weaken a policy ------ */

struct lint {
	int errors, warnings;
	const struct langs *langs;	/* NULL: no index installed */
};

__attribute__((format(printf, 5, 6))) static void
lint_say(struct lint *l, bool error, const char *file, unsigned line,
	 const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cylosh: %s:%u: %s: ", file, line,
		error ? "error" : "warning");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (error)
		l->errors++;
	else
		l->warnings++;
}

/* A session copies skel from its own view of the system tree, without
 * following links: it must lie there, and be root's all the way down. */
static void
lint_skel(struct lint *l, const struct section *sec, const struct setting *st)
{
	char err[PATH_MAX + 256];
	int fd;

	if (!*st->value)
		return;
	if (strncmp(st->value, "/etc/", 5) && strncmp(st->value, "/usr/", 5) &&
	    strncmp(st->value, "/opt/", 5)) {
		lint_say(l, true, sec->file, st->line, "skel %s lies outside "
			 "/etc, /usr and /opt, which is all a session sees: "
			 "every session of this policy would fail", st->value);
		return;
	}
	if (store_walk(st->value, "skel", &fd, err, sizeof(err)) < 0) {
		lint_say(l, true, sec->file, st->line, "%s: every session of "
			 "this policy would fail", err);
		return;
	}
	close(fd);
}

static void
lint_store(struct lint *l, const struct section *sec, const struct setting *st)
{
	char err[PATH_MAX + 256];
	int fd;

	if (!*st->value)
		return;
	if (store_walk(st->value, "persist store", &fd, err, sizeof(err)) < 0) {
		lint_say(l, true, sec->file, st->line, "%s: every session of "
			 "this policy would fail", err);
		return;
	}
	close(fd);
}

/* Every directory of material must exist, reached without a link. */
static void
lint_material(struct lint *l, const struct section *sec,
	      const struct setting *st)
{
	char *copy = strdup(st->value), *w, *save = NULL;
	struct stat sb;

	if (!copy)
		return;
	for (w = strtok_r(copy, ", \t", &save); w;
	     w = strtok_r(NULL, ", \t", &save)) {
		char real[PATH_MAX];

		if (stat(w, &sb) < 0 || !S_ISDIR(sb.st_mode))
			lint_say(l, true, sec->file, st->line, "material %s is "
				 "not a directory: every session of this policy "
				 "would fail", w);
		else if (!realpath(w, real) || strcmp(real, w))
			lint_say(l, true, sec->file, st->line, "material %s "
				 "has a symbolic link on its way (to %s): every "
				 "session of this policy would fail", w, real);
	}
	free(copy);
}

/* Each word of a list value (commas and blanks between). */
static void
lint_words(struct lint *l, const struct section *sec,
	   const struct setting *st, bool langs)
{
	char *copy = strdup(st->value), *w, *save = NULL;

	if (!copy)
		return;
	for (w = strtok_r(copy, ", \t", &save); w;
	     w = strtok_r(NULL, ", \t", &save)) {
		bool known = false;

		if (!strcmp(w, "*") || (!langs && !strcmp(w, "default")))
			continue;
		if (langs) {
			for (size_t i = 0; l->langs && i < l->langs->n; i++)
				known |= !strcmp(l->langs->v[i].name, w);
			if (!l->langs)
				lint_say(l, false, sec->file, st->line,
					 "language %s: no language index "
					 "(%s) to check it against", w,
					 LANGS_INDEX);
			else if (!known)
				lint_say(l, true, sec->file, st->line,
					 "unknown language %s: not in %s "
					 "(languages.conf, cylo-genwrappers)",
					 w, LANGS_INDEX);
		} else if (!commands_found(w)) {
			lint_say(l, false, sec->file, st->line, "command %s is "
				 "not found on this machine", w);
		}
	}
	free(copy);
}

static void
lint_names(struct lint *l, const struct section *sec)
{
	if (sec->kind == SEC_USER && !getpwnam(sec->name))
		lint_say(l, false, sec->file, sec->line, "[user %s]: no such "
			 "user on this system", sec->name);
	if (sec->kind == SEC_GROUP && !getgrnam(sec->name))
		lint_say(l, false, sec->file, sec->line, "[group %s]: no such "
			 "group on this system", sec->name);
	for (size_t j = 0; sec->kind == SEC_PAM && j < sec->nsettings; j++) {
		const struct setting *st = &sec->settings[j];
		bool users = !strcmp(st->key, "users");
		char *copy, *w, *save = NULL;

		if (!users && strcmp(st->key, "groups"))
			continue;
		if (!(copy = strdup(st->value)))
			return;
		for (w = strtok_r(copy, ", \t", &save); w;
		     w = strtok_r(NULL, ", \t", &save))
			if (users ? !getpwnam(w) : !getgrnam(w))
				lint_say(l, false, sec->file, st->line,
					 "[pam] %s: no such %s on this system",
					 w, users ? "user" : "group");
		free(copy);
	}
}

/*
 * Each account the password database lists (root excepted) whose policy
 * names a store: STORE/USER unsafe locks it out (error); missing, it does
 * too unless pam_cylo makes it at login (warning: run cylo-enroll).
 */
static void
lint_accounts(struct lint *l, const struct config *c)
{
	struct passwd *pw;
	unsigned n = 0;

	setpwent();
	while ((pw = getpwent()) && n++ < 100000) {
		gid_t gids[256];
		char *names[256], err[PATH_MAX + 256];
		int ng = 256;
		size_t k = 0;
		struct policy p;
		struct store_id id;
		struct group *gr;
		const char *file = "?";
		unsigned line = 0;
		int sfd;

		if (pw->pw_uid == 0)
			continue;
		if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &ng) < 0)
			ng = 256;
		for (int i = 0; i < ng; i++)
			if ((gr = getgrgid(gids[i])) &&
			    (names[k] = strdup(gr->gr_name)))
				k++;
		if (config_resolve(c, pw->pw_name, (const char *const *)names,
				   k, &p, err, sizeof(err)) == 0) {
			config_origin(c, pw->pw_name,
				      (const char *const *)names, k, "persist",
				      &file, &line);
			gr = p.persist_group[0] ? getgrnam(p.persist_group) :
			     NULL;
			if (!p.persist[0]) {
				;
			} else if (p.persist_group[0] && !gr) {
				lint_say(l, true, file, line, "%s: persist_group "
					 "%s does not exist", pw->pw_name,
					 p.persist_group);
			} else if (store_walk(p.persist, "persist store", &sfd,
					      err, sizeof(err)) < 0) {
				;	/* said once, with its section */
			} else if (close(sfd), store_check(p.persist,
					pw->pw_name, pw->pw_uid, gr != NULL,
					gr ? gr->gr_gid : 0, &id, err,
					sizeof(err)) < 0) {
				if (errno == ENOENT)
					lint_say(l, false, file, line, "%s: no "
						 "store %s/%s yet: cylo-enroll "
						 "makes it (pam_cylo at login)",
						 pw->pw_name, p.persist,
						 pw->pw_name);
				else
					lint_say(l, true, file, line, "%s: %s",
						 pw->pw_name, err);
			}
			/* skel copies into the home after ~/persist is
			 * bound: a "persist" in it would land in the store,
			 * and fail the next session. */
			if (p.persist[0] && p.skel[0]) {
				char sp[PATH_MAX + 16];
				struct stat st;

				snprintf(sp, sizeof(sp), "%s/persist", p.skel);
				if (lstat(sp, &st) == 0)
					lint_say(l, true, file, line, "%s: skel %s "
						 "holds \"persist\", which would "
						 "be copied into the store",
						 pw->pw_name, p.skel);
			}
			policy_free(&p);
		}
		for (size_t i = 0; i < k; i++)
			free(names[i]);
	}
	endpwent();
}

/*
 * A config error as -C may print it: nothing from its first double quote
 * on.  The parser quotes what it read, and -C must not turn a file the
 * caller could not otherwise see into output.  Quotes cannot be paired
 * safely: the file's text may hold quotes of its own, and a long quoted
 * part loses its closing quote when the message is cut to fit.  What is
 * left still names the file and the line.
 */
static void
redact(char *err, size_t size)
{
	char *q = strchr(err, '"');

	if (q)
		snprintf(q, size - (size_t)(q - err), "\"...\"");
}

int
check_conf_file(const char *file)
{
	struct config c;
	struct policy p;
	struct langs langs = { NULL, 0 };
	struct lint l = { 0, 0, NULL };
	char err[512], *text;
	size_t len;

	if (config_load(file, &c, err, sizeof(err)) < 0) {
		redact(err, sizeof(err));
		fprintf(stderr, "cylosh: %s (the file's text is not shown)\n",
			err);
		return 1;
	}
	if (config_resolve(&c, "", NULL, 0, &p, err, sizeof(err)) < 0) {
		redact(err, sizeof(err));
		fprintf(stderr, "cylosh: %s (the file's text is not shown)\n",
			err);
		config_free(&c);
		return 1;
	}
	text = rootfile_read(LANGS_INDEX, "language index", &len, err,
			     sizeof(err));
	if (text && langs_parse(text, len, LANGS_INDEX, &langs, err,
				sizeof(err)) == 0)
		l.langs = &langs;
	free(text);
	for (size_t i = 0; i < c.nsections; i++) {
		const struct section *sec = &c.sections[i];

		lint_names(&l, sec);
		for (size_t j = 0; j < sec->nsettings; j++) {
			const struct setting *st = &sec->settings[j];

			if (!strcmp(st->key, "skel"))
				lint_skel(&l, sec, st);
			else if (!strcmp(st->key, "persist"))
				lint_store(&l, sec, st);
			else if (!strcmp(st->key, "material"))
				lint_material(&l, sec, st);
			else if (!strcmp(st->key, "languages"))
				lint_words(&l, sec, st, true);
			else if (!strcmp(st->key, "commands"))
				lint_words(&l, sec, st, false);
		}
	}
	lint_accounts(&l, &c);
	if (l.errors)
		printf("# %s: %d error%s, %d warning%s\n", file, l.errors,
		       l.errors == 1 ? "" : "s", l.warnings,
		       l.warnings == 1 ? "" : "s");
	else if (l.warnings)
		printf("# %s: ok, %d warning%s\n", file, l.warnings,
		       l.warnings == 1 ? "" : "s");
	else
		printf("# %s: ok\n", file);
	printf("# effective policy for users matched by no [group] or [user] "
	       "section:\n");
	policy_print(stdout, &p);
	config_print_summary(stdout, &c);
	policy_free(&p);
	langs_free(&langs);
	config_free(&c);
	return l.errors ? 1 : 0;
}
