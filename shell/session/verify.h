/*
 * verify.h - step 10: read the finished state back before any command.
 */
#ifndef CYLO_VERIFY_H
#define CYLO_VERIFY_H

#include "session.h"

void verify_state(const struct session *s);

#endif
