/*
 * config.h - cylo.conf: parsing (pure) and loading (checked file access).
 *
 * Format (see cylo.conf(5)): INI-like, '#' comments, "key = value" lines in
 * [default], [group NAME], [user NAME] and [pam] sections.  Sections of the
 * same kind may repeat; later ones override earlier ones; for a given user,
 * [default] sections apply first, then matching [group] sections in file
 * order, then matching [user] sections.  Unknown keys, bad values and syntax
 * errors are fatal and reported as "FILE:LINE: message".
 *
 * config_parse, config_resolve, policy_* are pure (no syscalls) and are
 * linked into the unit tests and into pam_cylo.so.  config_load does the file
 * checks (root-owned, not group/other-writable, regular file, no symlink).
 */
#ifndef CYLO_CONFIG_H
#define CYLO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc/cylo"
#endif
#define CYLO_CONF_PATH SYSCONFDIR "/cylo.conf"

/* Limits on the file: config_load refuses larger files, config_parse longer
 * lines. */
#define CONF_MAX_SIZE (1024 * 1024)
#define CONF_MAX_LINE 8192
/* User, group and PAM service names: [A-Za-z0-9._-], may end in '$'. */
#define CONF_MAX_NAME 32

struct strlist {
	char **v;
	size_t n;
};

enum net_policy { NET_NONE = 0, NET_HOST = 1 };

/* Who carries memory, tasks and cpu: a cgroup per session (the default), or
 * nobody, by the administrator's explicit choice (per-process limits only). */
enum session_limits { LIMITS_CGROUP = 0, LIMITS_PER_PROCESS = 1 };

/* The effective policy for one user: every field always has a value. */
struct policy {
	unsigned long long home_size;	/* bytes; tmpfs size= */
	unsigned long long home_inodes; /* tmpfs nr_inodes= */
	bool home_noexec;
	enum net_policy network;
	char hostname[65];
	unsigned long nproc;		/* RLIMIT_NPROC */
	unsigned long nofile;		/* RLIMIT_NOFILE */
	unsigned long long process_memory; /* RLIMIT_DATA bytes; 0 = unlimited */
	unsigned long cpu_seconds;	/* RLIMIT_CPU; 0 = unlimited */
	unsigned long long fsize;	/* RLIMIT_FSIZE bytes; 0 = unlimited */
	unsigned ptys;			/* devpts max=: ptys open at once */
	/* Whole-session limits, carried by the session's cgroup (cgroup.c,
	 * pam_cgroup.c); 0 = none.  With session_limits = per-process no
	 * cgroup is asked for and these are not enforced (shown so). */
	unsigned long long memory;	/* bytes: memory + swap + tmpfs + shm */
	unsigned long tasks;		/* processes and threads */
	unsigned long cpu_percent;	/* CPU quota, percent of one CPU */
	enum session_limits session_limits;
	int landlock_min_abi;		/* 1.. */
	bool allow_debuggers;
	unsigned long idle_timeout;	/* seconds at the prompt; 0 = never */
	unsigned long histsize;		/* history lines kept */
	char skel[4096];		/* skeleton dir copied into the home; "" = none */
	bool commands_all;		/* commands = * */
	struct strlist commands;	/* allowed program names */
	struct strlist languages;	/* allowed language names */
	bool languages_all;		/* languages = * (the default) */
	/* Labs (cylo.conf(5) "PERSISTENCE"): kept together. */
	char persist[4096];		/* store root; STORE/USER is ~/persist; "" = none */
	char persist_group[CONF_MAX_NAME + 1]; /* group that reads the store; "" = none */
	struct strlist material;	/* host directories shown read-only */
};

/* One "key = value" line kept for a section. */
struct setting {
	char *key;
	char *value;
	unsigned line;
};

enum section_kind { SEC_DEFAULT, SEC_GROUP, SEC_USER, SEC_PAM };

struct section {
	enum section_kind kind;
	char *name;			/* group or user name; NULL otherwise */
	char *file;			/* the file it came from (cylo.conf.d) */
	unsigned line;
	struct setting *settings;
	size_t nsettings;
};

struct config {
	char *filename;
	struct section *sections;
	size_t nsections;
	size_t sections_cap;		/* allocated */
	/* [pam] selection from all [pam] sections; a key in a later one
	 * replaces the same key of an earlier one. */
	bool has_pam;
	struct strlist pam_users, pam_groups, pam_services;
};

/* Built-in defaults, used for keys no section sets (and when the file is
 * absent).  Documented in cylo.conf(5) and etc/cylo.conf.  p must not hold
 * allocations (policy_free it first).  If memory runs out the command list
 * is left empty: fewer commands, never more. */
void policy_defaults(struct policy *p);

/*
 * The built-in teaching set that "commands = default" stands for, a
 * NULL-terminated list of program names.  Names the system lacks are simply
 * not found at session start.
 */
const char *const *config_default_commands(void);

/*
 * Parse text (len bytes, need not be NUL-terminated) as a config file named
 * filename.  Every key and value is validated here, so a config that parses
 * resolves without error.  Returns 0, or -1 with "FILE:LINE: message" in err.
 * out is always initialised: release it with config_free (harmless, and
 * not needed, after an error).
 */
int config_parse(const char *text, size_t len, const char *filename,
		 struct config *out, char *err, size_t errlen);

/*
 * The policy for user, member of groups[0..ngroups).  Starts from
 * policy_defaults() itself, so out must not hold allocations (do not call
 * policy_defaults on it first: that would leak); release it with
 * policy_free.  Returns 0, or -1 (out of memory only) with a message in err.
 */
int config_resolve(const struct config *c, const char *user,
		   const char *const *groups, size_t ngroups,
		   struct policy *out, char *err, size_t errlen);

/* Is user (with these groups) selected by the [pam] section?  False when
 * there is no [pam] section. */
bool config_pam_selects(const struct config *c, const char *user,
			const char *const *groups, size_t ngroups);
/* Is service listed in [pam] services?  No services line: none is. */
bool config_pam_service_allowed(const struct config *c, const char *service);

void config_free(struct config *c);
void policy_free(struct policy *p);
bool strlist_has(const struct strlist *l, const char *s);

/*
 * Drop-ins (cylo.conf(5) "FILES"): cylo.conf, then PATH.d/NAME.conf in name
 * order.  config_merge moves every section of from to the end of into
 * (from is left empty) and folds the [pam] sections of both again, so a
 * later file's [pam] key replaces an earlier one's.  Returns 0, or -1 with
 * a message (out of memory, or a bad [pam] list).
 */
int config_merge(struct config *into, struct config *from, char *err,
		 size_t errlen);

/*
 * Where the value of key for user (with these groups) comes from: the
 * file and line of the setting config_resolve applies last.  Returns
 * false when no section sets it (the built-in default).
 */
bool config_origin(const struct config *c, const char *user,
		   const char *const *groups, size_t ngroups, const char *key,
		   const char **file, unsigned *line);

/* Print a policy as "key = value" lines, in the order of cylo.conf(5). */
void policy_print(FILE *f, const struct policy *p);

/* Does p ask for a whole-session limit a cgroup must carry? */
bool policy_wants_cgroup(const struct policy *p);

/* Parse sizes such as "256M", "1G", "4096", "unlimited" (-> 0 when allowed).
 * Suffixes K, M, G, T (either case) are powers of 1024.  Returns 0, or -1
 * with errno EINVAL (syntax) or ERANGE (overflow). */
int parse_size(const char *s, unsigned long long *out);

/* The inverse of parse_size: the largest exact unit ("256M", "1536K",
 * "1000"), "unlimited" for 0.  Returns what snprintf returns. */
int format_size(unsigned long long v, char *buf, size_t len);

/* A valid user, group or PAM service name (see CONF_MAX_NAME)? */
bool config_valid_name(const char *s);

/*
 * Print every section of c as "[kind NAME]" followed by its settings as
 * "key = value", in file order (for cylosh -C FILE).  Returns 0, or -1 if
 * writing to f failed.
 */
int config_print_summary(FILE *f, const struct config *c);

/*
 * Load and parse path.  The file must be a regular file (not a symlink),
 * owned by root and not writable by group or others; so must its directory.
 * Returns 0 on success; -1 with a message in err otherwise; if the file does
 * not exist, returns -1 with errno set to ENOENT (callers decide whether the
 * built-in defaults apply).
 */
/*
 * Read a whole policy file (at most CONF_MAX_SIZE bytes) after checking it
 * is a regular file, not a symlink, owned by root and not writable by group
 * or others, in a directory with the same properties; what names it in
 * messages.  Returns malloc'd text (not NUL-terminated) or NULL with errno
 * and a message in err.
 */
char *rootfile_read(const char *path, const char *what, size_t *len,
		    char *err, size_t errlen);
/*
 * Load path and then its drop-ins, path.d/NAME.conf in name order (bytewise),
 * each checked as rootfile_read checks, the directory opened without
 * following a link and root-owned and not group/other-writable too.  Files
 * whose names do not end in ".conf" or start with "." are ignored.  A
 * drop-in directory without path is an error (its policy would be
 * silently dropped), not ENOENT.
 */
int config_load(const char *path, struct config *out, char *err, size_t errlen);
/* The most drop-in files config_load reads. */
#define CONF_MAX_DROPINS 256

#endif
