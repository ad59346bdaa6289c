/*
 * selected.h - the accounts the [pam] section of cylo.conf selects, and
 * the one enrollment group every one of them must belong to.
 *
 * The shipped sshd snippet matches CYLO_GROUP with fixed text, so whether
 * sshd turns forwarding off for an account never depends on an admin
 * copying the [pam] lists into sshd_config: cylo-enroll puts every selected
 * account into the group, and pam_cylo refuses a selected account that is
 * not a member.
 */
#ifndef CYLO_SELECTED_H
#define CYLO_SELECTED_H

#include <pwd.h>

#include "config.h"

/* The test builds use a cylotest- name so the suite never creates the
 * real group. */
#ifndef CYLO_GROUP
#define CYLO_GROUP "cylo-users"
#endif

/*
 * Call fn for every account c selects, uid 0 excepted: first the [pam]
 * users by name (found even where NSS cannot enumerate), then every account
 * NSS enumerates whose groups are selected.  Stops when fn returns non-zero
 * and returns that value; 0 when all were visited.
 */
int selected_foreach(const struct config *c,
		     int (*fn)(const struct passwd *pw, void *arg), void *arg);

#endif
