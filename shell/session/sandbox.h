/*
 * sandbox.h - the one orchestrator of the session's setup.
 */
#ifndef CYLO_SANDBOX_H
#define CYLO_SANDBOX_H

#include "session.h"

/* Run a whole session; returns its exit status.  Never runs a command
 * unless every step of DESIGN.md section 3 succeeded. */
int sandbox_run(struct session *s);

#endif
