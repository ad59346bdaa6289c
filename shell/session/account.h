/*
 * account.h - who runs cylosh, from the system's user database.
 */
#ifndef CYLO_ACCOUNT_H
#define CYLO_ACCOUNT_H

#include "session.h"

/* Fill a from the real uid; fails the setup when there is no such user. */
void account_load(struct account *a);
/* Fill a->groups from the group database (getgrouplist).  Enumerating
 * every NSS source is slow, so sessions do it only when the policy has
 * [group] sections. */
void account_load_groups(struct account *a);
/* Look up a user by name (for --policy); returns -1 when unknown. */
int account_by_name(const char *name, struct account *a);

#endif
