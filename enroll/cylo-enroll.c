/*
 * cylo-enroll - make every account selected by the [pam] section of
 * cylo.conf use cylosh as its login shell and belong to the enrollment
 * group the shipped sshd snippet matches (CYLO_GROUP), and keep cylosh out
 * of /etc/shells (listed, su -s could replace it; see main).  --check also
 * asks the real sshd what it would allow each selected account.
 * See pam_cylo(8).
 *
 *   cylo-enroll [-c FILE] [-n]     enroll (root)
 *   cylo-enroll [-c FILE] --check  report drift, exit 1 if there is any
 *
 * Assumes: the administrator's NSS (accounts an NSS service cannot
 * enumerate are not seen; name them in users = and they are looked up).
 * Guarantees: shells and groups are changed only through /usr/sbin/usermod
 * and groupadd, run with an argv and a fixed environment (no shell, no
 * system()); uid 0 is never
 * enrolled (cylosh refuses root, so that would lock root out); nothing is
 * changed when cylosh itself is missing or unsafe.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "pam_cylo.h"
#include "selected.h"
#include "shells.h"
#include "sshdcheck.h"
#include "store.h"

#ifndef BINDIR
#define BINDIR "/usr/local/bin"
#endif
#define CYLOSH BINDIR "/cylosh"
#ifndef SHELLS_FILE
#define SHELLS_FILE "/etc/shells"
#endif
#ifndef USERMOD
#define USERMOD "/usr/sbin/usermod"
#endif
#ifndef GROUPADD
#define GROUPADD "/usr/sbin/groupadd"
#endif

enum { EXIT_DRIFT = 1, EXIT_ERROR = 2 };

struct opts {
	const char *conf;
	bool check;
	bool dry_run;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: cylo-enroll [-c FILE] [-n | --check]\n"
		"  -c, --conf FILE  the configuration (default %s)\n"
		"  -n, --dry-run    print what would change, change nothing\n"
		"      --check      report drift; exit 1 if there is any\n",
		CYLO_CONF_PATH);
}

/* cylosh must exist and be safe before anybody is pointed at it. */
static int
check_cylosh(void)
{
	struct stat st;

	if (lstat(CYLOSH, &st) < 0) {
		fprintf(stderr, "cylo-enroll: %s: %s\n", CYLOSH,
			strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) || !(st.st_mode & S_IXOTH)) {
		fprintf(stderr, "cylo-enroll: %s must be a regular executable "
			"file owned by root and not writable by group or "
			"others\n", CYLOSH);
		return -1;
	}
	return 0;
}

/* Does /etc/shells list CYLOSH, as su reads it (shells.h)?  -1 when the
 * file cannot be read. */
static int
in_shells(void)
{
	return shells_lists(SHELLS_FILE, CYLOSH);
}

static int
remove_from_shells(void)
{
	char tmp[sizeof(SHELLS_FILE) + 16], *line = NULL, *copy = NULL;
	size_t size = 0;
	struct stat st;
	FILE *in = NULL, *out = NULL;
	int fd = -1;

	in = fopen(SHELLS_FILE, "re");
	if (!in || fstat(fileno(in), &st) < 0)
		goto fail;
	snprintf(tmp, sizeof(tmp), "%s.cylo-new", SHELLS_FILE);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  st.st_mode & 07777);
	if (fd < 0 || !(out = fdopen(fd, "w")))
		goto fail;
	fd = -1;
	/* Every line su would read as CYLOSH goes, whatever follows the
	 * path on it (a comment, blanks, a carriage return). */
	while (getline(&line, &size, in) >= 0) {
		const char *s;

		free(copy);
		if (!(copy = strdup(line)))
			goto fail;
		s = shells_entry(copy);
		if (s && strcmp(s, CYLOSH) == 0)
			continue;
		if (fputs(line, out) == EOF)
			goto fail;
	}
	if (ferror(in) || fchown(fileno(out), st.st_uid, st.st_gid) < 0 ||
	    fflush(out) == EOF || fsync(fileno(out)) < 0)
		goto fail;
	if (fclose(out) == EOF) {
		out = NULL;
		goto fail;
	}
	out = NULL;
	if (rename(tmp, SHELLS_FILE) < 0)
		goto fail;
	fclose(in);
	free(line);
	free(copy);
	return 0;
fail:
	fprintf(stderr, "cylo-enroll: cannot remove %s from %s: %s\n", CYLOSH,
		SHELLS_FILE, strerror(errno));
	if (out)
		fclose(out);
	if (fd >= 0)
		close(fd);
	if (in)
		fclose(in);
	free(line);
	free(copy);
	unlink(tmp);
	return -1;
}

/* The names of the groups of pw, for config_pam_selects. */
static size_t
group_names(const struct passwd *pw, char **names, size_t max)
{
	gid_t gids[1024];
	int n = 1024;
	size_t k = 0;

	if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &n) < 0)
		n = 1024;
	for (int i = 0; i < n && k < max; i++) {
		struct group *gr = getgrgid(gids[i]);

		if (gr && (names[k] = strdup(gr->gr_name)))
			k++;
	}
	return k;
}

/* Run the shadow tool path with argv and a fixed environment. */
static int
run_tool(const char *path, char *const argv[])
{
	char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(path, argv, envp);
		fprintf(stderr, "cylo-enroll: %s: %s\n", path,
			strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int
set_shell(const char *user)
{
	char *const argv[] = { "usermod", "-s", CYLOSH, (char *)user, NULL };

	return run_tool(USERMOD, argv);
}

/*
 * The enrollment group: the shipped sshd snippet turns forwarding, user rc
 * and tunnels off for its members, and pam_cylo refuses a selected account
 * outside it.  Returns 0 (exists or made), 1 drift, -1 failure.
 */
static int
ensure_group(const struct opts *o)
{
	char *const argv[] = { "groupadd", "--system", CYLO_GROUP, NULL };

	if (getgrnam(CYLO_GROUP))
		return 0;
	if (o->check || o->dry_run) {
		printf("%s: the group %s does not exist\n",
		       o->check ? "drift" : "would change", CYLO_GROUP);
		return 1;
	}
	if (run_tool(GROUPADD, argv) < 0 || !getgrnam(CYLO_GROUP)) {
		fprintf(stderr, "cylo-enroll: groupadd %s failed\n",
			CYLO_GROUP);
		return -1;
	}
	printf("created the group %s\n", CYLO_GROUP);
	return 0;
}

static bool
in_group(const struct passwd *pw, gid_t gid)
{
	gid_t gids[1024];
	int n = 1024;

	if (pw->pw_gid == gid)
		return true;
	if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &n) < 0)
		n = 1024;
	for (int i = 0; i < n; i++)
		if (gids[i] == gid)
			return true;
	return false;
}

/* One account into CYLO_GROUP: 0 member or added, 1 drift, -1 failure. */
static int
enroll_group(const struct opts *o, const struct passwd *pw)
{
	char *const argv[] = { "usermod", "-a", "-G", CYLO_GROUP,
			       (char *)pw->pw_name, NULL };
	struct group *gr = getgrnam(CYLO_GROUP);

	if (gr && in_group(pw, gr->gr_gid))
		return 0;
	if (o->check || o->dry_run) {
		printf("%s: %s: not a member of %s\n",
		       o->check ? "drift" : "would change", pw->pw_name,
		       CYLO_GROUP);
		return 1;
	}
	if (pw->pw_name[0] == '-' || !config_valid_name(pw->pw_name) ||
	    run_tool(USERMOD, argv) < 0) {
		fprintf(stderr, "cylo-enroll: %s: usermod -a -G %s failed\n",
			pw->pw_name, CYLO_GROUP);
		return -1;
	}
	printf("added %s to %s\n", pw->pw_name, CYLO_GROUP);
	return 0;
}

/*
 * --check, as root: what the real sshd would allow this account.  Every
 * finding is a way around the sandbox, reported as drift.  Returns 1 when
 * there is one, 0 otherwise.
 */
static int
check_sshd(const struct passwd *pw)
{
	const char *why[SSHD_MAX_FINDINGS];
	char err[512], *text;
	size_t len;
	int n;

	if (geteuid() != 0 || access(SSHD_PATH, F_OK) < 0)
		return 0;
	if (sshd_query(pw->pw_name, &text, &len, err, sizeof(err)) < 0) {
		printf("drift: %s: sshd: %s\n", pw->pw_name, err);
		return 1;
	}
	n = sshd_judge(text, len, why, SSHD_MAX_FINDINGS);
	free(text);
	if (n < 0)
		printf("drift: %s: sshd: sshd -T printed no settings\n",
		       pw->pw_name);
	for (int i = 0; i < n && i < SSHD_MAX_FINDINGS; i++)
		printf("drift: %s: sshd: %s\n", pw->pw_name, why[i]);
	return n != 0;
}

/* One account: 0 nothing to do or done, 1 drift, -1 change failed. */
static int
enroll(const struct opts *o, const struct passwd *pw)
{
	if (strcmp(pw->pw_shell, CYLOSH) == 0)
		return 0;
	if (o->check || o->dry_run) {
		printf("%s: %s: shell is %s, not %s\n",
		       o->check ? "drift" : "would change", pw->pw_name,
		       pw->pw_shell, CYLOSH);
		return 1;
	}
	/* Names from NSS starting with '-' would read as options. */
	if (pw->pw_name[0] == '-' || !config_valid_name(pw->pw_name)) {
		fprintf(stderr, "cylo-enroll: %s: refusing an unusual user "
			"name\n", pw->pw_name);
		return -1;
	}
	if (set_shell(pw->pw_name) < 0) {
		fprintf(stderr, "cylo-enroll: %s: usermod -s failed\n",
			pw->pw_name);
		return -1;
	}
	printf("enrolled %s (was %s)\n", pw->pw_name, pw->pw_shell);
	return 0;
}

/* pam_path.c and pam_store.c report through this, as in pam_cylo.so. */
int
cylo_err(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The account's persistent store (cylo.conf "persist"), made by the code
 * pam_cylo uses, so an account that never logs in through PAM (chsh to
 * cylosh) has one too.  0 nothing to do or done, 1 drift, -1 failed.
 */
static int
enroll_store(const struct opts *o, const struct config *c,
	     const struct passwd *pw)
{
	char *groups[256], msg[PATH_MAX + 256];
	struct policy pol;
	struct store_id id;
	struct group *gr = NULL;
	size_t n = group_names(pw, groups, 256);
	int r = 0, made;

	if (config_resolve(c, pw->pw_name, (const char *const *)groups, n,
			   &pol, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "cylo-enroll: %s: %s\n", pw->pw_name, msg);
		r = -1;
		goto out_groups;
	}
	if (!pol.persist[0])
		goto out;
	if (o->check || o->dry_run) {
		if (pol.persist_group[0] && !(gr = getgrnam(pol.persist_group))) {
			fprintf(stderr, "cylo-enroll: %s: persist_group %s does "
				"not exist\n", pw->pw_name, pol.persist_group);
			r = -1;
		} else if (store_check(pol.persist, pw->pw_name, pw->pw_uid,
				       gr != NULL, gr ? gr->gr_gid : 0, &id,
				       msg, sizeof(msg)) == 0) {
			r = 0;
		} else if (errno == ENOENT) {
			printf("%s: %s: no persist store %s/%s\n",
			       o->check ? "drift" : "would make", pw->pw_name,
			       pol.persist, pw->pw_name);
			r = 1;
		} else {
			fprintf(stderr, "cylo-enroll: %s: %s\n", pw->pw_name,
				msg);
			r = -1;
		}
		goto out;
	}
	if (cylo_make_store(pol.persist, pol.persist_group, pw->pw_name,
			    pw->pw_uid, pw->pw_gid, &made, msg,
			    sizeof(msg)) < 0) {
		fprintf(stderr, "cylo-enroll: %s: %s\n", pw->pw_name, msg);
		r = -1;
	} else if (made) {
		printf("made the persist store %s/%s\n", pol.persist,
		       pw->pw_name);
	}
out:
	policy_free(&pol);
out_groups:
	for (size_t i = 0; i < n; i++)
		free(groups[i]);
	return r;
}

/* A selected account: never uid 0, else enroll; tally drift and failure. */
static void
enroll_selected(const struct opts *o, const struct config *c,
		const struct passwd *pw, int *drift, int *failed)
{
	int r;

	if (pw->pw_uid == 0) {
		printf("note: %s has uid 0 and is never enrolled\n", pw->pw_name);
		return;
	}
	r = enroll(o, pw);
	if (r > 0)
		*drift = 1;
	else if (r < 0)
		*failed = 1;
	r = enroll_group(o, pw);
	if (r > 0)
		*drift = 1;
	else if (r < 0)
		*failed = 1;
	r = enroll_store(o, c, pw);
	if (r > 0)
		*drift = 1;
	else if (r < 0)
		*failed = 1;
	if (o->check && check_sshd(pw) > 0)
		*drift = 1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "conf", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "check", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { CYLO_CONF_PATH, false, false };
	struct config c;
	struct passwd *pw;
	char err[512], *groups[256];
	int ch, drift = 0, failed = 0, r;

	while ((ch = getopt_long(argc, argv, "c:nh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.conf = optarg;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'C':
			o.check = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_ERROR;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!o.check && !o.dry_run && geteuid() != 0) {
		fprintf(stderr, "cylo-enroll: must be run as root (try --check "
			"or -n)\n");
		return EXIT_ERROR;
	}
	if (config_load(o.conf, &c, err, sizeof(err)) < 0) {
		fprintf(stderr, "cylo-enroll: %s\n", err);
		return EXIT_ERROR;
	}
	if (!c.has_pam || (c.pam_users.n == 0 && c.pam_groups.n == 0))
		printf("note: %s selects no account ([pam] users/groups)\n",
		       o.conf);
	if (check_cylosh() < 0) {
		config_free(&c);
		return EXIT_ERROR;
	}

	/*
	 * cylosh must NOT be in /etc/shells.  su(1) lets a caller who is not
	 * root pick the shell (-s, or $SHELL with -m) unless the account's
	 * shell is missing from /etc/shells, a "restricted shell": listed,
	 * cylosh would be a shell su may replace with /bin/sh, unconfined.
	 * sshd and login do not need the entry.
	 */
	r = in_shells();
	if (r < 0) {
		fprintf(stderr, "cylo-enroll: cannot read %s: %s\n",
			SHELLS_FILE, strerror(errno));
		failed = 1;
	} else if (r == 1) {
		if (o.check || o.dry_run) {
			printf("%s: %s is in %s (su -s would bypass it)\n",
			       o.check ? "drift" : "would change", CYLOSH,
			       SHELLS_FILE);
			drift = 1;
		} else if (remove_from_shells() < 0) {
			failed = 1;
		} else {
			printf("removed %s from %s: listed, su -s and su -m "
			       "would run another shell\n", CYLOSH, SHELLS_FILE);
		}
	}

	if (o.check && geteuid() != 0)
		printf("note: not root: the settings of sshd are not checked\n");
	r = ensure_group(&o);
	if (r > 0)
		drift = 1;
	else if (r < 0)
		failed = 1;

	/* Named users first, looked up by name: they are found even where
	 * NSS cannot enumerate (LDAP without enumeration); then everyone NSS
	 * lists, for the groups. */
	for (size_t i = 0; i < c.pam_users.n; i++) {
		if (!(pw = getpwnam(c.pam_users.v[i]))) {
			printf("note: user %s in [pam] does not exist\n",
			       c.pam_users.v[i]);
			continue;
		}
		enroll_selected(&o, &c, pw, &drift, &failed);
	}
	setpwent();
	while ((pw = getpwent())) {
		size_t n;
		bool sel, named = false;

		for (size_t i = 0; i < c.pam_users.n && !named; i++)
			named = strcmp(pw->pw_name, c.pam_users.v[i]) == 0;
		if (named)
			continue;	/* done above */
		n = group_names(pw, groups, 256);
		sel = config_pam_selects(&c, pw->pw_name,
					 (const char *const *)groups, n);
		for (size_t i = 0; i < n; i++)
			free(groups[i]);
		if (sel) {
			enroll_selected(&o, &c, pw, &drift, &failed);
		} else if (o.check && pw->pw_uid != 0 &&
			   strcmp(pw->pw_shell, CYLOSH) == 0) {
			printf("note: %s uses cylosh but is not selected: "
			       "pam_cylo will not prepare its sessions\n",
			       pw->pw_name);
		}
	}
	endpwent();
	config_free(&c);
	if (failed)
		return EXIT_ERROR;
	if (drift && o.check)
		return EXIT_DRIFT;
	if (o.check)
		printf("no drift\n");
	return 0;
}
