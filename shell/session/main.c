/*
 * main.c - cylosh's entry point: parse the command line, then either run a
 * check/report action or gather what a session needs (steps 1 and 2 of
 * DESIGN.md section 3: config and environment) and hand it to the
 * orchestrator.
 *
 * Nothing here reads a file the user controls: the account comes from NSS,
 * the policy from root-owned files, and the environment is built from
 * nothing.  Locale, readline and startup files are handled by the shell,
 * inside the sandbox.
 */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "account.h"
#include "args.h"
#include "cgroup.h"
#include "check.h"
#include "cmdcache.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "inside.h"
#include "langs.h"
#include "pamhome.h"
#include "sandbox.h"
#include "session.h"
#include "shell.h"
#include "stdfds.h"
#include "store.h"

#ifndef CYLO_VERSION
#define CYLO_VERSION "unknown"
#endif

extern char **environ;

static const char hint_conf[] =
	"cylo.conf must be a regular file owned by root and not writable by "
	"group or others, in a directory with the same properties; check it "
	"with 'cylosh -C'";

/* Load the installed config; false when there is none (built-in defaults). */
static bool
load_config(struct config *c)
{
	char err[512];

	if (config_load(CYLO_CONF_PATH, c, err, sizeof(err)) == 0)
		return true;
	if (errno == ENOENT)
		return false;
	setup_failx("config", hint_conf, "%s", err);
}

static void
resolve(const struct config *c, bool have, struct account *a,
	struct policy *p)
{
	char err[512];
	size_t i;

	if (!have) {
		policy_defaults(p);
		return;
	}
	for (i = 0; i < c->nsections && !a->groups; i++)
		if (c->sections[i].kind == SEC_GROUP)
			account_load_groups(a);
	if (config_resolve(c, a->name, (const char *const *)a->groups,
			   a->ngroups, p, err, sizeof(err)) < 0)
		setup_failx("config", hint_conf, "%s", err);
}

/* The language index of the installed wrappers; none when absent. */
static void
load_langs(struct session *s)
{
	char err[512];
	size_t len;
	char *text = rootfile_read(LANGS_INDEX, "language index", &len, err,
				   sizeof(err));

	if (!text) {
		if (errno == ENOENT)
			return;
		setup_failx("languages", "the wrappers must be installed by root "
			    "(make install, or cylo-genwrappers)", "%s", err);
	}
	if (langs_parse(text, len, LANGS_INDEX, &s->langs, err, sizeof(err)) < 0)
		setup_failx("languages", "regenerate the wrappers with "
			    "cylo-genwrappers", "%s", err);
	free(text);
	langs_apply_policy(&s->langs, &s->pol);
}

/*
 * What the commands step will set up: from root's cache of this policy
 * when there is a usable one, else worked out here (the same plan).
 * Before the sandbox, and only root's files: the cache (checked by
 * cmdcache.c) and the system tree.
 */
static void
plan_commands(struct session *s)
{
	static struct cmdplan plan;
	char *key = cmdcache_key(s);

	if (!key)
		setup_failx("commands", NULL, "out of memory");
	if (!cmdcache_load(key, &plan))
		commands_plan(s, &plan);
	free(key);
	s->cmds = &plan;
}

/* cylosh --cache USER...: as root, the cache of each user's policy. */
static int
cache_policies(char **users)
{
	static struct session s;
	struct config c;
	char err[512];
	bool have;
	int status = 0;

	if (getuid() != 0 || geteuid() != 0) {
		fprintf(stderr, "cylosh: --cache: only root makes the cache "
			"(sessions trust no other)\n");
		return CYLO_EXIT_USAGE;
	}
	for (; *users; users++) {
		if (account_by_name(*users, &s.acct) < 0) {
			fprintf(stderr, "cylosh: no such user: %s\n", *users);
			status = 1;
			continue;
		}
		have = load_config(&c);
		resolve(&c, have, &s.acct, &s.pol);
		if (have)
			config_free(&c);
		s.langs = (struct langs){ 0 };
		load_langs(&s);
		if (cmdcache_write(&s, err, sizeof(err)) < 0) {
			fprintf(stderr, "cylosh: --cache %s: %s\n", *users, err);
			status = 1;
		}
		langs_free(&s.langs);
		policy_free(&s.pol);
	}
	return status;
}

/*
 * The persistent store, judged here in the host's namespaces where owners
 * read true (init reopens it and must find the same inode: store.h).  A
 * policy that promises a store and cannot keep it ends the session: a
 * student must never believe work is kept when it is not.
 */
static void
check_store(struct session *s)
{
	const struct policy *p = &s->pol;
	struct group *gr = NULL;
	char err[PATH_MAX + 256];

	if (!p->persist[0])
		return;
	if (p->persist_group[0]) {
		errno = 0;
		gr = getgrnam(p->persist_group);
		if (!gr)
			setup_failx("persist store", "fix persist_group in "
				    "cylo.conf (check it with 'cylosh -C')",
				    "persist_group %s: %s", p->persist_group,
				    errno ? strerror(errno) : "no such group");
	}
	if (store_check(p->persist, s->acct.name, s->acct.uid, gr != NULL,
			gr ? gr->gr_gid : 0, &s->store, err, sizeof(err)) < 0)
		setup_failx("persist store", errno == ENOENT ?
			    "ask the administrator to run cylo-enroll, which "
			    "makes the store (pam_cylo makes it at login too)" :
			    "ask the administrator to run cylo-enroll, which "
			    "reports what is wrong with the store", "%s", err);
}

/* The client address of an ssh session, checked to be only an address. */
static const char *
ssh_source(char *buf, size_t size)
{
	const char *v = getenv("SSH_CONNECTION");
	size_t n;

	if (!v)
		return "local";
	n = strspn(v, "0123456789abcdefABCDEF.:%");
	if (n == 0 || n >= size || v[n] != ' ')
		return "unknown";
	memcpy(buf, v, n);
	buf[n] = 0;
	return buf;
}

static int
session(struct args *a)
{
	/* The pager and editor a session gets, the first it can run. */
	static const char *const pagers[] = { "less", "more", NULL };
	static const char *const editors[] = { "vim", "vi", "nano", NULL };
	static struct session s;
	struct config c;
	struct env_identity id;
	char src[64];
	const char *tty;

	if (getuid() == 0 || geteuid() == 0)
		setup_failx("user", "run cylosh as the unprivileged user the "
			    "session is for (as root: setpriv, su or runuser)",
			    "cylosh refuses to run as root");
	if (getuid() != geteuid() || getgid() != getegid())
		setup_failx("user", "cylosh must not be installed set-user-ID "
			    "or set-group-ID", "real and effective ids differ");
	/* First, before a descriptor we open (the log's socket, the user
	 * database) could land on a closed fd 0-2 and be inherited by the
	 * session as one. */
	stdfds_sanitize();
	s.opts = a->opts;
	account_load(&s.acct);
	/* Started inside a session ($SHELL -c from an editor, make, git):
	 * an ordinary shell of that session, in the sandbox it inherits. */
	if (inside_session(&s)) {
		s.env = environ;
		s.tty_name = "none";
		return shell_run(&s);
	}
	audit_open();
	s.have_config = load_config(&c);
	resolve(&c, s.have_config, &s.acct, &s.pol);
	/* The policy is all a session needs: the sessions it forks do not
	 * carry a lab's config of hundreds of sections. */
	if (s.have_config)
		config_free(&c);
	s.pam_home = pamhome_verify(&s.acct, &s.pol);
	check_store(&s);
	load_langs(&s);
	plan_commands(&s);

	id = (struct env_identity){
		.user = s.acct.name,
		.home = s.acct.home,
		.shell = INSIDE_SHELL,
		.path = commands_path(&s.pol),
		.tmpdir = "/tmp",
		.pager = commands_first(&s.pol, pagers),
		.editor = commands_first(&s.pol, editors),
	};
	s.env = env_build(environ, &id);
	if (!s.env)
		setup_failx("environment", NULL, "out of memory");

	tty = ttyname(0);
	s.tty_name = tty ? tty : "none";
	audit(LOG_INFO, "session start: user=%s uid=%u tty=%s from=%s mode=%s%s",
	      s.acct.name, (unsigned)s.acct.uid, s.tty_name,
	      ssh_source(src, sizeof(src)),
	      s.opts.mode == MODE_COMMAND ? "command" :
	      s.opts.mode == MODE_SCRIPT ? "script" : "shell",
	      s.opts.login ? " login" : "");
	return sandbox_run(&s);
}

/*
 * The policy, each line followed by where its value was set: "# FILE:LINE"
 * (cylo.conf or a drop-in), or "# default".  The lines still parse as
 * cylo.conf ('#' after a blank starts a comment).
 */
static void
print_origins(const struct config *c, const struct account *a,
	      const struct policy *p)
{
	char *buf = NULL, *line, *save = NULL, key[64];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m) {
		policy_print(stdout, p);
		return;
	}
	policy_print(m, p);
	if (fclose(m) != 0 || !buf) {
		free(buf);
		policy_print(stdout, p);
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *file;
		unsigned ln;

		if (line[0] == '#') {	/* a limit shown as not enforced */
			printf("%s\n", line);
			continue;
		}
		key[0] = 0;
		sscanf(line, "%63[a-z_]", key);
		if (c && config_origin(c, a->name,
				       (const char *const *)a->groups,
				       a->ngroups, key, &file, &ln))
			printf("%-40s # %s:%u\n", line, file, ln);
		else
			printf("%-40s # default\n", line);
	}
	free(buf);
}

static int
print_policy(const char *user)
{
	struct account a;
	struct config c;
	struct policy p;
	bool have;
	size_t i;

	if (account_by_name(user, &a) < 0) {
		fprintf(stderr, "cylosh: no such user: %s\n", user);
		return 1;
	}
	have = load_config(&c);
	resolve(&c, have, &a, &p);
	printf("# policy for %s (groups:", a.name);
	for (i = 0; i < a.ngroups; i++)
		printf(" %s", a.groups[i]);
	printf(") from %s\n", have ? CYLO_CONF_PATH : "built-in defaults");
	print_origins(have ? &c : NULL, &a, &p);
	if (cgroup_print_sessions(stdout, a.name) == 0 &&
	    policy_wants_cgroup(&p))
		printf("# no live session cgroup of %s\n", a.name);
	policy_free(&p);
	if (have)
		config_free(&c);
	return 0;
}

/*
 * --check, -C and --policy run outside any sandbox with the caller's
 * rights.  A login shell (argv[0] "-...", as login, sshd and su - start
 * it) serves sessions only, and so does cylosh run by an account the [pam]
 * section selects: "su USER -- -C FILE" would otherwise act as a confined
 * account outside its sandbox.  Returns 0 when the action may run.
 */
static int
admin_allowed(const struct args *a, const char *argv0)
{
	const char *what = a->action == ACT_CHECK ? "--check" :
			   a->action == ACT_CHECK_CONF ? "-C" : "--policy";
	struct account acct;
	struct config c;
	char err[512];
	bool sel;

	if (a->opts.login || argv0[0] == '-') {
		fprintf(stderr, "cylosh: %s refused: a login shell runs "
			"sessions only\n", what);
		return -1;
	}
	if (getuid() == 0)
		return 0;	/* root is never selected */
	if (config_load(CYLO_CONF_PATH, &c, err, sizeof(err)) < 0) {
		if (errno == ENOENT)
			return 0;	/* no [pam] section selects anyone */
		fprintf(stderr, "cylosh: %s refused: cannot tell whether this "
			"account is confined: %s\n", what, err);
		return -1;
	}
	account_load(&acct);
	account_load_groups(&acct);
	sel = config_pam_selects(&c, acct.name,
				 (const char *const *)acct.groups,
				 acct.ngroups);
	config_free(&c);
	if (sel) {
		fprintf(stderr, "cylosh: %s refused: %s is confined by cylosh "
			"and runs sessions only\n", what, acct.name);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct args a;
	char err[256];

	diag_init("cylosh");
	if (args_parse(argc, argv, &a, err, sizeof(err)) < 0) {
		fprintf(stderr, "cylosh: %s\n%s", err, args_usage);
		return CYLO_EXIT_USAGE;
	}
	if ((a.action == ACT_CHECK || a.action == ACT_CHECK_CONF ||
	     a.action == ACT_POLICY) && admin_allowed(&a, argv[0]) < 0)
		return CYLO_EXIT_USAGE;
	switch (a.action) {
	case ACT_HELP:
		fputs(args_usage, stdout);
		return 0;
	case ACT_VERSION:
		printf("cylosh %s\n", CYLO_VERSION);
		return 0;
	case ACT_CHECK:
		return check_run();
	case ACT_CHECK_CONF:
		return check_conf_file(a.conf_file ? a.conf_file :
				       CYLO_CONF_PATH);
	case ACT_POLICY:
		return print_policy(a.policy_user);
	case ACT_CACHE:
		return cache_policies(a.cache_users);
	case ACT_SESSION:
		break;
	}
	return session(&a);
}
