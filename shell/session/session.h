/*
 * session.h - what the outer process learns before the sandbox, and hands
 * to init and the shell inside it.  Filled once in main.c, then read-only.
 */
#ifndef CYLO_SESSION_H
#define CYLO_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"
#include "langs.h"
#include "store.h"

struct account {
	uid_t uid;
	gid_t gid;
	char *name;
	char *home;
	char *shell;
	char *group;		/* name of the primary group */
	char **groups;		/* all groups, primary first; NULL until
				 * account_load_groups() */
	size_t ngroups;
};

enum shell_mode {
	MODE_STDIN = 0,		/* commands from stdin (tty or not) */
	MODE_COMMAND,		/* -c STRING */
	MODE_SCRIPT,		/* FILE [ARGS] */
};

struct shell_opts {
	enum shell_mode mode;
	bool login;		/* argv[0] starts with '-', or -l */
	bool force_interactive;	/* -i */
	bool read_stdin;	/* -s */
	const char *command;	/* -c STRING */
	const char *script;	/* FILE */
	const char *arg0;	/* $0 */
	char **args;		/* $1 $2 ... (NULL-terminated, may be empty) */
	int nargs;		/* $# */
};

struct cmdplan;

struct session {
	struct account acct;
	struct policy pol;
	bool have_config;	/* false: no cylo.conf, built-in defaults */
	struct langs langs;	/* generated languages, marked by policy */
	char **env;		/* the environment built from nothing */
	struct shell_opts opts;
	bool use_pty;		/* the session runs on a fresh pty */
	const char *tty_name;	/* the user's real terminal, for the audit */
	const char *pam_home;	/* verified PAM-prepared home, or NULL */
	struct store_id store;	/* pol.persist: the STORE/USER judged */
	struct cmdplan *cmds;	/* what commands.c sets up (its plan) */
	int landlock_abi;	/* the ABI applied (set by the landlock stage) */
	unsigned long long start_usec;
};

#endif
