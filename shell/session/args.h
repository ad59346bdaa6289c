/*
 * args.h - the command line of cylosh (pure code).
 *
 *   cylosh [-lis] [-c STRING [NAME [ARG...]]] [FILE [ARG...]]
 *   cylosh --check | -C [FILE] | --policy USER | --help | --version
 *   cylosh --cache USER...
 *
 * A login shell is recognised by argv[0] starting with '-' (as login, sshd
 * and su -  start it) or by -l.
 */
#ifndef CYLO_ARGS_H
#define CYLO_ARGS_H

#include <stddef.h>

#include "session.h"

enum action {
	ACT_SESSION = 0,
	ACT_CHECK,		/* --check */
	ACT_CHECK_CONF,		/* -C [FILE] */
	ACT_POLICY,		/* --policy USER */
	ACT_CACHE,		/* --cache USER... */
	ACT_HELP,
	ACT_VERSION,
};

struct args {
	enum action action;
	const char *conf_file;	/* -C FILE; NULL: the installed cylo.conf */
	const char *policy_user;
	char **cache_users;	/* --cache: NULL-terminated */
	struct shell_opts opts;
};

/* Returns 0, or -1 with a message (without program name) in err. */
int args_parse(int argc, char **argv, struct args *a, char *err, size_t errlen);

/* The usage text printed by --help. */
extern const char args_usage[];

#endif
