/*
 * check.h - cylosh --check: can this machine run sessions?
 */
#ifndef CYLO_CHECK_H
#define CYLO_CHECK_H

/* Print one line per requirement; non-zero when a mandatory one fails. */
int check_run(void);

#endif
