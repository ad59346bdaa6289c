/*
 * pamhome.h - the home tmpfs prepared by pam_cylo.so, verified.
 */
#ifndef CYLO_PAMHOME_H
#define CYLO_PAMHOME_H

#include "session.h"

/* The PAM environment variable naming the prepared home. */
#define PAM_HOME_HINT "CYLO_HOME_TMPFS"

/*
 * If the environment carries the hint, check every fact it claims and
 * return the path; NULL when there is no hint.  A hint that does not hold
 * is a setup failure, never a reason to fall back.
 */
const char *pamhome_verify(const struct account *a, const struct policy *p);

#endif
