/*
 * errbuf.h - report an error into a caller's buffer.
 *
 * The pure code that pam_cylo.so shares with cylosh (config, config_file,
 * store) cannot print or exit: diag.c is cylosh's alone, and a PAM module
 * must hand its messages to the application.  So such code writes the
 * message into the caller's buffer and returns -1; the caller decides.
 */
#ifndef CYLO_ERRBUF_H
#define CYLO_ERRBUF_H

#include <stddef.h>

/* Format into err (when err and errlen are non-zero); always returns -1. */
int errbuf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
