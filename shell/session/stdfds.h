/*
 * stdfds.h - descriptors 0-2 as the session may inherit them.
 */
#ifndef CYLO_STDFDS_H
#define CYLO_STDFDS_H

void stdfds_sanitize(void);

#endif
