/*
 * filter.h - step 9: the session's system call filter, and the outer
 * process's own.
 */
#ifndef CYLO_FILTER_H
#define CYLO_FILTER_H

#include <stdbool.h>

/* The session filter (deny list, EPERM; foreign architectures killed);
 * noexec (the policy's home_noexec) also refuses memfds. */
void seccomp_apply(bool allow_debuggers, bool noexec);
/* The same without failing the session: 0, or the errno of the load. */
int seccomp_load_session(bool allow_debuggers);
/* The relay's filter: an allow list of what relaying and waiting need. */
void seccomp_restrict_outer(void);

#endif
