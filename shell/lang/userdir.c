/*
 * userdir.c - ~user (see userdir.h).
 *
 * Kept out of expand.c so expansion stays free of syscalls.  getpwnam(3)
 * would go through nsswitch.conf, whose modules (systemd, sss, ldap) may
 * open sockets the sandbox refuses; the passwd file is what bash in the
 * same session finds first, and the only database a session has.
 */
#include "userdir.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "sh.h"

#define PASSWD_FILE "/etc/passwd"

const char *
shell_homedir(void *u, const char *user)
{
	struct shell *sh = u;
	struct passwd *pw;
	char *home = NULL;
	FILE *fp = fopen(PASSWD_FILE, "re");

	if (!fp)
		return NULL;
	while ((pw = fgetpwent(fp)))
		if (strcmp(pw->pw_name, user) == 0) {
			home = arena_strdup(&sh->line, pw->pw_dir);
			break;
		}
	fclose(fp);
	return home;
}
