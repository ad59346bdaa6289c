/*
 * sshdcheck.h - does the real sshd keep a selected account inside cylosh?
 *
 * sshd decides forwarding, sftp, ~/.ssh/rc and ~/.ssh/environment itself,
 * before and beside the account's shell.  `sshd -T -C user=...` prints the
 * settings it would apply to one connection (Match blocks resolved); the
 * judge below reads that output (pure code), the query runs sshd with an
 * argv (never a shell).
 */
#ifndef CYLO_SSHDCHECK_H
#define CYLO_SSHDCHECK_H

#include <stddef.h>

#ifndef SSHD_PATH
#define SSHD_PATH "/usr/sbin/sshd"
#endif

/* The connection sshd -T is asked about: an address from TEST-NET-1, which
 * no admin's "Match Address" is meant to cover. */
#define SSHD_CHECK_HOST "cylo-check.invalid"
#define SSHD_CHECK_ADDR "192.0.2.1"

#define SSHD_MAX_FINDINGS 16

/*
 * Judge the text of `sshd -T` (len bytes, "keyword value" lines).  Puts a
 * static sentence for each setting that lets the account act outside the
 * sandbox into why[] (at most max) and returns how many there are, or -1
 * when the text does not look like sshd -T output at all.
 */
int sshd_judge(const char *text, size_t len, const char **why, size_t max);

/*
 * Run SSHD_PATH -T -C user=USER,host=...,addr=... with a fixed
 * environment and collect what it prints.  Returns 0 with a malloc'd,
 * NUL-terminated *out (its length in *len), or -1 with a message in err
 * (sshd missing, failed, or its first line of complaint).
 */
int sshd_query(const char *user, char **out, size_t *len, char *err,
	       size_t errlen);

#endif
