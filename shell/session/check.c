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
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pwd.h>

#include "config.h"
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
	if (getuid() == 0)
		report(WARN, "user", "sessions run as unprivileged users only",
		       "running as root: the trials above ran as root");
	printf("%s\n", failures ? "cylosh cannot run sessions on this machine" :
	       "cylosh can run sessions on this machine");
	return failures ? 1 : 0;
}
