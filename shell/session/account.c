/*
 * account.c - the account and its groups, from NSS.
 *
 * Assumes: the outer process, before the sandbox; NSS reads only system
 * files and services, nothing of the user's.
 * Guarantees: name, home and shell are copied (NSS buffers are reused);
 * groups lists the primary group first.
 */
#include "account.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

static char *
xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		die("out of memory");
	return d;
}

static void
fill(const struct passwd *pw, struct account *a)
{
	struct group *gr;

	a->uid = pw->pw_uid;
	a->gid = pw->pw_gid;
	a->name = xstrdup(pw->pw_name);
	a->home = xstrdup(pw->pw_dir);
	a->shell = xstrdup(pw->pw_shell);
	gr = getgrgid(pw->pw_gid);
	a->group = xstrdup(gr ? gr->gr_name : pw->pw_name);
	a->groups = NULL;
	a->ngroups = 0;
}

void
account_load_groups(struct account *a)
{
	gid_t gids[256];
	int n = 256, i;

	if (getgrouplist(a->name, a->gid, gids, &n) < 0)
		n = 256;
	a->groups = calloc((size_t)n + 1, sizeof(*a->groups));
	if (!a->groups)
		die("out of memory");
	a->ngroups = 0;
	/* getgrouplist puts the primary group first. */
	for (i = 0; i < n; i++) {
		struct group *gr = getgrgid(gids[i]);

		if (gr)
			a->groups[a->ngroups++] = xstrdup(gr->gr_name);
	}
}

void
account_load(struct account *a)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwuid(getuid());
	if (!pw)
		setup_failx("account", "the user must exist in the system's "
			    "user database (getent passwd)",
			    "no account for uid %u%s%s", (unsigned)getuid(),
			    errno ? ": " : "", errno ? strerror(errno) : "");
	fill(pw, a);
}

int
account_by_name(const char *name, struct account *a)
{
	struct passwd *pw = getpwnam(name);

	if (!pw)
		return -1;
	fill(pw, a);
	account_load_groups(a);
	return 0;
}
