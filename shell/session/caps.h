/*
 * caps.h - step 7: no capabilities, locked securebits, no_new_privs.
 */
#ifndef CYLO_CAPS_H
#define CYLO_CAPS_H

void caps_drop(void);

#endif
