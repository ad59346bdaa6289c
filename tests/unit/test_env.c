/*
 * test_env.c - the session environment built from nothing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "tap.h"

static const struct env_identity ident = {
	.user = "alice",
	.home = "/home/alice",
	.shell = "/usr/bin/cylosh",
	.path = "/usr/libexec/cylo/bin:/usr/bin",
	.tmpdir = "/home/alice/.tmp",
};

/* The value of name in env, or NULL. */
static const char *
get(char **env, const char *name)
{
	size_t n = strlen(name);

	for (; env && *env; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}

static size_t
count(char **env)
{
	size_t n = 0;

	while (env && env[n])
		n++;
	return n;
}

/* How many entries of env define name. */
static size_t
occurrences(char **env, const char *name)
{
	size_t n = strlen(name), k = 0;

	for (; env && *env; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			k++;
	return k;
}

static void
test_validators(void)
{
	char long65[66];

	memset(long65, 'a', 65);
	long65[65] = '\0';

	tap_ok(env_valid_term("xterm-256color"), "TERM xterm-256color");
	tap_ok(env_valid_term("screen.xterm-256color"), "TERM with a dot");
	tap_ok(env_valid_term("rxvt-unicode+x"), "TERM with +");
	tap_ok(env_valid_term("vt100"), "TERM vt100");
	tap_ok(!env_valid_term(""), "empty TERM");
	tap_ok(!env_valid_term(NULL), "NULL TERM");
	tap_ok(!env_valid_term("../../tmp/evil"), "TERM with a path");
	tap_ok(!env_valid_term("xterm/../x"), "TERM with a slash");
	tap_ok(!env_valid_term(".hidden"), "TERM starting with a dot");
	tap_ok(!env_valid_term("-x"), "TERM starting with -");
	tap_ok(!env_valid_term("xterm color"), "TERM with a blank");
	tap_ok(!env_valid_term("xterm\033]0;x"), "TERM with an escape");
	tap_ok(!env_valid_term("xterm$(id)"), "TERM with $(");
	tap_ok(!env_valid_term(long65), "TERM of 65 bytes");
	long65[64] = '\0';
	tap_ok(env_valid_term(long65), "TERM of 64 bytes");
	long65[64] = 'a';

	tap_ok(env_valid_locale("C"), "locale C");
	tap_ok(env_valid_locale("C.UTF-8"), "locale C.UTF-8");
	tap_ok(env_valid_locale("en_US.UTF-8"), "locale en_US.UTF-8");
	tap_ok(env_valid_locale("de_DE@euro"), "locale with @");
	tap_ok(!env_valid_locale("/tmp/evil"), "absolute locale");
	tap_ok(!env_valid_locale("../../tmp/evil"), "locale with ..");
	tap_ok(!env_valid_locale("en..US"), "locale with .. inside");
	tap_ok(!env_valid_locale(".UTF-8"), "locale starting with a dot");
	tap_ok(!env_valid_locale("en_US.UTF-8/x"), "locale with a slash");
	tap_ok(!env_valid_locale(""), "empty locale");
	tap_ok(!env_valid_locale("en US"), "locale with a blank");
	tap_ok(!env_valid_locale(long65), "locale of 65 bytes");

	tap_ok(env_valid_tz("UTC"), "TZ UTC");
	tap_ok(env_valid_tz("Europe/Paris"), "TZ Europe/Paris");
	tap_ok(env_valid_tz(":Europe/Paris"), "TZ :Europe/Paris");
	tap_ok(env_valid_tz("America/Argentina/Buenos_Aires"), "TZ deep name");
	tap_ok(env_valid_tz("Etc/GMT+5"), "TZ Etc/GMT+5");
	tap_ok(env_valid_tz("EST5EDT,M3.2.0,M11.1.0"), "TZ POSIX rule");
	tap_ok(env_valid_tz("/usr/share/zoneinfo/Asia/Tokyo"),
	       "TZ absolute in zoneinfo");
	tap_ok(env_valid_tz(":/usr/share/zoneinfo/Asia/Tokyo"),
	       "TZ :absolute in zoneinfo");
	tap_ok(!env_valid_tz("/etc/shadow"), "TZ /etc/shadow");
	tap_ok(!env_valid_tz(":/home/mallory/tz"), "TZ :/home path");
	tap_ok(!env_valid_tz("/usr/share/zoneinfo/../../../etc/shadow"),
	       "TZ escaping zoneinfo with ..");
	tap_ok(!env_valid_tz("/usr/share/zoneinfo/"), "TZ the zoneinfo dir");
	tap_ok(!env_valid_tz("/usr/share/zoneinfoX/a"), "TZ zoneinfo prefix trick");
	tap_ok(!env_valid_tz("../x"), "TZ relative ..");
	tap_ok(!env_valid_tz(""), "empty TZ");
	tap_ok(!env_valid_tz("UTC;id"), "TZ with ;");
	tap_ok(!env_valid_tz(long65), "TZ of 65 bytes");
}

static void
test_build(void)
{
	char *host[] = {
		"LD_PRELOAD=/tmp/evil.so",
		"LD_LIBRARY_PATH=/tmp",
		"BASH_ENV=/tmp/rc",
		"ENV=/tmp/rc",
		"SSH_AUTH_SOCK=/tmp/ssh-x/agent.1",
		"PYTHONPATH=/tmp/py",
		"PYTHONSTARTUP=/tmp/s.py",
		"PERL5OPT=-Mevil",
		"NODE_OPTIONS=--require=/tmp/x.js",
		"IFS=x",
		"HOME=/root",
		"USER=root",
		"LOGNAME=root",
		"SHELL=/bin/bash",
		"PATH=/tmp:/usr/bin",
		"TMPDIR=/var/tmp",
		"TERM=xterm-256color",
		"LANG=en_US.UTF-8",
		"LC_ALL=C.UTF-8",
		"LC_TIME=de_DE.UTF-8",
		"LC_EVIL=C",
		"TZ=Europe/Paris",
		"DISPLAY=:0",
		"XDG_RUNTIME_DIR=/run/user/0",
		"SSH_CONNECTION=1.2.3.4 5 6.7.8.9 22",
		NULL,
	};
	static const char *const dropped[] = {
		"LD_PRELOAD", "LD_LIBRARY_PATH", "BASH_ENV", "ENV",
		"SSH_AUTH_SOCK", "PYTHONPATH", "PYTHONSTARTUP", "PERL5OPT",
		"NODE_OPTIONS", "IFS", "LC_EVIL", "DISPLAY", "XDG_RUNTIME_DIR",
		"SSH_CONNECTION", NULL,
	};
	char **env = env_build(host, &ident);

	if (!tap_ok(env != NULL, "env_build succeeds"))
		return;
	for (const char *const *d = dropped; *d; d++)
		tap_ok(get(env, *d) == NULL, "%s dropped", *d);
	tap_streq(get(env, "TERM"), "xterm-256color", "TERM kept");
	tap_streq(get(env, "LANG"), "en_US.UTF-8", "LANG kept");
	tap_streq(get(env, "LC_ALL"), "C.UTF-8", "LC_ALL kept");
	tap_streq(get(env, "LC_TIME"), "de_DE.UTF-8", "LC_TIME kept");
	tap_streq(get(env, "TZ"), "Europe/Paris", "TZ kept");
	tap_streq(get(env, "HOME"), "/home/alice", "HOME from identity");
	tap_streq(get(env, "USER"), "alice", "USER from identity");
	tap_streq(get(env, "LOGNAME"), "alice", "LOGNAME from identity");
	tap_streq(get(env, "SHELL"), "/usr/bin/cylosh", "SHELL from identity");
	tap_streq(get(env, "PATH"), "/usr/libexec/cylo/bin:/usr/bin",
		  "PATH from identity");
	tap_streq(get(env, "TMPDIR"), "/home/alice/.tmp", "TMPDIR from identity");
	tap_ok(occurrences(env, "HOME") == 1 && occurrences(env, "PATH") == 1 &&
	       occurrences(env, "USER") == 1, "identity variables appear once");
	tap_ok(count(env) == 11, "exactly 11 variables (%zu)", count(env));
	/* Host order for the kept ones, then the identity in a fixed order. */
	tap_ok(count(env) == 11 &&
	       strncmp(env[0], "TERM=", 5) == 0 &&
	       strncmp(env[4], "TZ=", 3) == 0 &&
	       strncmp(env[5], "HOME=", 5) == 0 &&
	       strncmp(env[6], "USER=", 5) == 0 &&
	       strncmp(env[7], "LOGNAME=", 8) == 0 &&
	       strncmp(env[8], "SHELL=", 6) == 0 &&
	       strncmp(env[9], "PATH=", 5) == 0 &&
	       strncmp(env[10], "TMPDIR=", 7) == 0, "order of the result");
	tap_ok(env[0] != host[16], "entries are copies, not host pointers");
	env_free(env);
}

static void
test_bad_values(void)
{
	char *host[] = {
		"TERM=../../../tmp/x",
		"LANG=/tmp/locale",
		"LC_CTYPE=../../tmp",
		"LC_MESSAGES=en_US.UTF-8/../../x",
		"LC_NUMERIC=C",
		"TZ=/etc/shadow",
		NULL,
	};
	char **env = env_build(host, &ident);

	if (!tap_ok(env != NULL, "env_build with bad values"))
		return;
	tap_ok(get(env, "TERM") == NULL, "bad TERM dropped");
	tap_ok(get(env, "LANG") == NULL, "locale with a slash dropped");
	tap_ok(get(env, "LC_CTYPE") == NULL, "LC_CTYPE with .. dropped");
	tap_ok(get(env, "LC_MESSAGES") == NULL, "LC_MESSAGES path dropped");
	tap_streq(get(env, "LC_NUMERIC"), "C", "good LC_NUMERIC kept");
	tap_ok(get(env, "TZ") == NULL, "TZ=/etc/shadow dropped");
	tap_ok(count(env) == 7, "six identity variables and LC_NUMERIC");
	env_free(env);
}

static void
test_edge_cases(void)
{
	char *dups[] = {
		"TERM=vt100", "TERM=xterm", "LANG=../x", "LANG=C",
		"NOEQUALS", "TERM", "=value", "LC_ALL=", NULL,
	};
	struct env_identity partial = { .user = "bob", .home = "/home/bob" };
	char **env;

	env = env_build(dups, &ident);
	if (tap_ok(env != NULL, "env_build with duplicates")) {
		tap_streq(get(env, "TERM"), "vt100", "first TERM wins");
		tap_ok(occurrences(env, "TERM") == 1, "TERM appears once");
		tap_ok(get(env, "LANG") == NULL,
		       "invalid first LANG is not replaced by a later one");
		tap_ok(get(env, "LC_ALL") == NULL, "empty LC_ALL dropped");
		tap_ok(count(env) == 7, "entries without '=' ignored");
		env_free(env);
	}

	env = env_build(NULL, &ident);
	tap_ok(env && count(env) == 6 && get(env, "HOME") && get(env, "TMPDIR"),
	       "NULL host: identity only");
	env_free(env);

	env = env_build(dups, &partial);
	tap_ok(env && get(env, "PATH") == NULL && get(env, "SHELL") == NULL &&
	       strcmp(get(env, "LOGNAME"), "bob") == 0 && count(env) == 4,
	       "unset identity fields are left out");
	env_free(env);

	env = env_build(NULL, NULL);
	tap_ok(env && count(env) == 0, "nothing at all: an empty environment");
	env_free(env);
	env_free(NULL);
	tap_ok(1, "env_free(NULL) is harmless");

	{
		char *host[] = { "PATH=/evil", "HOME=/evil", NULL };
		struct env_identity nopath = { .user = "u", .home = "/h" };

		env = env_build(host, &nopath);
		tap_ok(env && get(env, "PATH") == NULL &&
		       strcmp(get(env, "HOME"), "/h") == 0,
		       "host PATH never leaks, even with no PATH identity");
		env_free(env);
	}
	{
		char *host[] = { "LC_ALL_EXTRA=C", "LC_=C", "LANGUAGE=fr",
				 "lc_all=C", "term=xterm", "TZDIR=/tmp", NULL };

		env = env_build(host, NULL);
		tap_ok(env && count(env) == 0,
		       "near-miss names dropped (LC_ALL_EXTRA, LC_, LANGUAGE, "
		       "lower case, TZDIR)");
		env_free(env);
	}
	{
		/* A big host environment: first wins, nothing quadratic breaks. */
		enum { N = 2000 };
		char **host = calloc(N + 2, sizeof(*host));
		size_t i;

		for (i = 0; host && i < N; i++)
			if (asprintf(&host[i], "JUNK%zu=x", i) < 0)
				host[i] = NULL;
		if (host) {
			host[N] = "TERM=linux";
			env = env_build(host, &ident);
			tap_ok(env && count(env) == 7 &&
			       strcmp(get(env, "TERM"), "linux") == 0,
			       "2000 junk variables dropped, TERM kept");
			env_free(env);
			for (i = 0; i < N; i++)
				free(host[i]);
			free(host);
		}
	}
}

static void
test_tools(void)
{
	char *host[] = { "PAGER=/tmp/evil", "EDITOR=/tmp/evil", "LESS=+!x",
			 "MANPAGER=sh", "VISUAL=/tmp/evil", NULL };
	struct env_identity id = { .user = "u", .home = "/h",
				   .pager = "less", .editor = "vim" };
	struct env_identity more = { .user = "u", .home = "/h",
				     .pager = "more" };
	char **env = env_build(host, &id);

	tap_ok(env != NULL, "env_build with a pager and an editor");
	if (env) {
		tap_streq(get(env, "PAGER"), "less", "PAGER from the session");
		tap_streq(get(env, "MANPAGER"), "less", "MANPAGER from the session");
		tap_streq(get(env, "LESS"), "-R", "LESS=-R with less");
		tap_streq(get(env, "EDITOR"), "vim", "EDITOR from the session");
		tap_streq(get(env, "VISUAL"), "vim", "VISUAL from the session");
		tap_ok(occurrences(env, "PAGER") == 1 &&
		       occurrences(env, "LESS") == 1 &&
		       occurrences(env, "EDITOR") == 1,
		       "the host's PAGER, LESS and EDITOR never leak");
	}
	env_free(env);
	env = env_build(host, &more);
	tap_ok(env && !strcmp(get(env, "PAGER"), "more") &&
	       get(env, "LESS") == NULL && get(env, "EDITOR") == NULL &&
	       get(env, "VISUAL") == NULL,
	       "no LESS for another pager; no editor: EDITOR and VISUAL unset");
	env_free(env);
}

int
main(void)
{
	test_validators();
	test_build();
	test_bad_values();
	test_tools();
	test_edge_cases();
	return tap_done();
}
