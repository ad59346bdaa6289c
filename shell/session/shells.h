/*
 * shells.h - /etc/shells read as su(1) reads it.
 *
 * su lets a caller pick another shell unless the account's shell is
 * missing from the shells file, and it asks glibc's getusershell(), which
 * does not compare whole lines: it takes the first path on a line, from
 * its first '/', and ends it at a blank or '#'.  pam_cylo and cylo-enroll
 * must see the same list, or "/usr/local/bin/cylosh # lab shell" would be
 * listed for su and not for them.  getusershell() itself reads only
 * /etc/shells and keeps state in the calling program; the tests need
 * another file, and a PAM module must leave su's state alone.
 */
#ifndef CYLO_SHELLS_H
#define CYLO_SHELLS_H

/*
 * The shell that getusershell() takes from one line (NUL-terminated,
 * newline included or not), cut in place, or NULL when the line names
 * none (blank, comment, or a '#' before the first '/').
 */
char *shells_entry(char *line);

/*
 * Does file list shell, as getusershell() reads it?  1 yes, 0 no (also
 * when the file does not exist: su then allows only /bin/sh and
 * /bin/csh), -1 with errno when it cannot be read.
 */
int shells_lists(const char *file, const char *shell);

#endif
