/*
 * userdir.h - the home directory of ~user.
 *
 * Guarantees: the answer comes from /etc/passwd as the session sees it
 * (inside the sandbox, the synthesized file listing root, nobody and the
 * user), read with fgetpwent(3): no NSS module is loaded, nothing else
 * is asked.
 */
#ifndef CYLO_USERDIR_H
#define CYLO_USERDIR_H

/* The expand_ctx callback: u is the struct shell, whose line arena holds
 * the answer; NULL when there is no such user. */
const char *shell_homedir(void *u, const char *user);

#endif
