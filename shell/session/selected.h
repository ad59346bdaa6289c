/*
 * selected.h - the one enrollment group every account the [pam] section
 * of cylo.conf selects must belong to.
 *
 * The shipped sshd snippet matches CYLO_GROUP with fixed text, so whether
 * sshd turns forwarding off for an account never depends on an admin
 * copying the [pam] lists into sshd_config: cylo-enroll puts every selected
 * account into the group, and pam_cylo refuses a selected account that is
 * not a member.
 */
#ifndef CYLO_SELECTED_H
#define CYLO_SELECTED_H

/* The test builds use a cylotest- name so the suite never creates the
 * real group. */
#ifndef CYLO_GROUP
#define CYLO_GROUP "cylo-users"
#endif

#endif
