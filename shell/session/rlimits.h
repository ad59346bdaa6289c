/*
 * rlimits.h - step 6: hostname and resource limits.
 */
#ifndef CYLO_RLIMITS_H
#define CYLO_RLIMITS_H

#include "config.h"

void limits_apply(const struct policy *p);

#endif
