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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "account.h"
#include "args.h"
#include "cgroup.h"
#include "check.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "langs.h"
#include "pamhome.h"
#include "sandbox.h"
#include "session.h"

#ifndef BINDIR
#define BINDIR "/usr/local/bin"
#endif
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
	audit_open();

	s.opts = a->opts;
	account_load(&s.acct);
	s.have_config = load_config(&c);
	resolve(&c, s.have_config, &s.acct, &s.pol);
	s.pam_home = pamhome_verify(&s.acct, &s.pol);
	load_langs(&s);

	id = (struct env_identity){
		.user = s.acct.name,
		.home = s.acct.home,
		.shell = BINDIR "/cylosh",
		.path = commands_path(&s.pol),
		.tmpdir = "/tmp",
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

static int
check_conf(const char *file)
{
	struct config c;
	struct policy p;
	char err[512];

	if (!file)
		file = CYLO_CONF_PATH;
	if (config_load(file, &c, err, sizeof(err)) < 0) {
		fprintf(stderr, "cylosh: %s\n", err);
		return 1;
	}
	if (config_resolve(&c, "", NULL, 0, &p, err, sizeof(err)) < 0) {
		fprintf(stderr, "cylosh: %s\n", err);
		return 1;
	}
	printf("# %s: ok\n# effective policy for users matched by no "
	       "[group] or [user] section:\n", file);
	policy_print(stdout, &p);
	config_print_summary(stdout, &c);
	policy_free(&p);
	config_free(&c);
	return 0;
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
	policy_print(stdout, &p);
	if (cgroup_print_sessions(stdout, a.name) == 0 &&
	    policy_wants_cgroup(&p))
		printf("# no live session cgroup of %s\n", a.name);
	policy_free(&p);
	if (have)
		config_free(&c);
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
		return check_conf(a.conf_file);
	case ACT_POLICY:
		return print_policy(a.policy_user);
	case ACT_SESSION:
		break;
	}
	return session(&a);
}
