/*
 * mountutil.h - checked mount and file helpers for the setup stages that
 * build the session's file system view.
 */
#ifndef CYLO_MOUNTUTIL_H
#define CYLO_MOUNTUTIL_H

#include <stdbool.h>
#include <sys/types.h>

/* The hint for a mount the kernel refused (LSM, container runtime). */
extern const char hint_mount[];

/* The step named in failure messages from here on. */
void mnt_set_step(const char *name);
_Noreturn void fail_at(const char *what, const char *path);

/* mkdir; an existing directory is fine. */
void mkdir_here(const char *path, mode_t mode);
void symlink_here(const char *target, const char *path);
/* Create an empty file (it must not exist). */
void touch_here(const char *path, mode_t mode);
/* Create a file with this content (it must not exist). */
void write_here(const char *path, const char *text, mode_t mode);
/* mount_setattr(2) with attr_set = set. */
void set_attr(int fd, const char *path, unsigned flags, unsigned long long set);
/* Bind src onto dst (a symlink in src's last component is not followed;
 * dst is never followed), with attrs set on the clone before it lands. */
void bind_path(const char *src, const char *dst, bool recursive,
	       unsigned long long attrs);
/* The same for src relative to dirfd ("" for dirfd itself). */
void bind_at(int dirfd, const char *src, const char *dst, bool recursive,
	     unsigned long long attrs);
void mount_tmpfs(const char *dst, unsigned long flags, const char *opts);

#endif
