/*
 * shell.h - the shell that runs inside the finished sandbox (pid 2).
 *
 * shell_run is called by init's child after every setup stage and the
 * read-back verification have succeeded; the environment (environ) is the
 * one built from nothing.  It returns the exit status of the session
 * (0..255; 128+N for a signal).
 */
#ifndef CYLO_SHELL_H
#define CYLO_SHELL_H

#include "session.h"

int shell_run(const struct session *s);

#endif
