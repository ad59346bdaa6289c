/*
 * skel.h - seed a fresh ramdisk home from the policy's skeleton directory.
 */
#ifndef CYLO_SKEL_H
#define CYLO_SKEL_H

/* Copy the tree at skel (a path in the session's root) into home.
 * Does nothing when skel is empty. */
void skel_copy(const char *skel, const char *home);

#endif
