/*
 * selected.c - enumerate the accounts the [pam] section selects.
 *
 * Assumes: the administrator's NSS; called by root-side tools (cylosh
 * --check, cylo-enroll), never inside a session.
 * Guarantees: each selected account is visited once; uid 0 never is.
 */
#include "selected.h"

#include <grp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 1024

/* The names of pw's groups, for config_pam_selects; returns how many. */
static size_t
group_names(const struct passwd *pw, char **names, size_t max)
{
	gid_t gids[MAX_GROUPS];
	int n = MAX_GROUPS;
	size_t k = 0;

	if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &n) < 0)
		n = MAX_GROUPS;
	for (int i = 0; i < n && k < max; i++) {
		struct group *gr = getgrgid(gids[i]);

		if (gr && (names[k] = strdup(gr->gr_name)))
			k++;
	}
	return k;
}

int
selected_foreach(const struct config *c,
		 int (*fn)(const struct passwd *pw, void *arg), void *arg)
{
	static char *groups[MAX_GROUPS];
	struct passwd *pw;
	int r = 0;

	for (size_t i = 0; i < c->pam_users.n && r == 0; i++) {
		pw = getpwnam(c->pam_users.v[i]);
		if (pw && pw->pw_uid != 0)
			r = fn(pw, arg);
	}
	setpwent();
	while (r == 0 && (pw = getpwent())) {
		bool sel;
		size_t n;

		if (pw->pw_uid == 0 || strlist_has(&c->pam_users, pw->pw_name))
			continue;
		n = group_names(pw, groups, MAX_GROUPS);
		sel = config_pam_selects(c, pw->pw_name,
					 (const char *const *)groups, n);
		for (size_t i = 0; i < n; i++)
			free(groups[i]);
		if (sel)
			r = fn(pw, arg);
	}
	endpwent();
	return r;
}
