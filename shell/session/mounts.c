/*
 * mounts.c - steps 4 and 5: build the session's root and pivot into it.
 *
 * Assumes: init, in fresh user + mount namespaces, holding every capability
 * of its user namespace, before any user-controlled file is read.
 * Guarantees: / is a read-only tmpfs holding read-only binds of the system
 * tree (/usr and the /bin, /lib*, /sbin links or binds as the host has
 * them, /opt), a read-only /etc view with a synthesized passwd and group
 * and sensitive files masked, the ramdisk home (tmpfs with size and inode
 * caps, nosuid, nodev, mode 0700, owned by the user, noexec by policy), /tmp
 * and /dev/shm on that ramdisk, a minimal /dev with its own devpts, a fresh
 * /proc, an empty /run and no /sys; the old root is detached.
 *
 * Every path in the new root is created by this file on a tmpfs it has just
 * mounted, and is reached relative to that root's directory fd (the current
 * directory) without following symlinks; host paths are opened with
 * O_NOFOLLOW / AT_SYMLINK_NOFOLLOW.
 */
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "commands.h"
#include "diag.h"
#include "mountutil.h"
#include "config.h"
#include "store.h"

#define STEP "file system"

/* Host directories bound read-only into the new root when they exist. */
static const char *const system_dirs[] = {
	"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "opt",
};

/* Files and directories of /etc that a session never needs to read. */
static const char *const etc_masked[] = {
	"shadow", "shadow-", "gshadow", "gshadow-", "passwd-", "group-",
	"subuid", "subuid-", "subgid", "subgid-", "sudoers", "sudoers.d",
	"security/opasswd", "ssl/private", "krb5.keytab",
	"ssh/ssh_host_rsa_key", "ssh/ssh_host_ecdsa_key",
	"ssh/ssh_host_ed25519_key", "ssh/ssh_host_dsa_key",
	"NetworkManager/system-connections", "wpa_supplicant", "libvirt",
	"credstore", "credstore.encrypted", "machine-id",
};

static const char *const dev_nodes[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

/* Account fields go into passwd/group lines: keep ':' and newlines out. */
static const char *
field(const char *s)
{
	return strpbrk(s, ":\n") ? "?" : s;
}

static void
build_etc(const struct session *s)
{
	const struct account *a = &s->acct;
	char buf[4096];
	size_t i;

	mkdir_here("etc", 0755);
	bind_path("/etc", "etc", true,
		  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);

	/* The synthesized account databases: only root, nobody and the user. */
	mkdir_here("run/cylo/stage", 0755);
	snprintf(buf, sizeof(buf),
		 "root:x:0:0:root:/root:/usr/sbin/nologin\n"
		 "%s%s:x:%u:%u:%s:%s:%s\n",
		 a->uid == 65534 ? "" :
		 "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
		 field(a->name), (unsigned)a->uid, (unsigned)a->gid,
		 field(a->name), field(a->home), field(a->shell));
	write_here("run/cylo/stage/passwd", buf, 0644);
	snprintf(buf, sizeof(buf), "root:x:0:\n%s%s:x:%u:%s\n",
		 a->gid == 65534 ? "" : "nogroup:x:65534:\n",
		 field(a->group),
		 (unsigned)a->gid, field(a->name));
	write_here("run/cylo/stage/group", buf, 0644);
	bind_path("run/cylo/stage/passwd", "etc/passwd", false,
		  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	bind_path("run/cylo/stage/group", "etc/group", false,
		  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	if (unlinkat(AT_FDCWD, "run/cylo/stage/passwd", 0) < 0 ||
	    unlinkat(AT_FDCWD, "run/cylo/stage/group", 0) < 0 ||
	    unlinkat(AT_FDCWD, "run/cylo/stage", AT_REMOVEDIR) < 0)
		fail_at("cannot remove", "run/cylo/stage");

	/* Mask what exists: files with /dev/null, directories with an
	 * empty read-only tmpfs. */
	for (i = 0; i < sizeof(etc_masked) / sizeof(*etc_masked); i++) {
		struct stat st;

		snprintf(buf, sizeof(buf), "etc/%s", etc_masked[i]);
		if (fstatat(AT_FDCWD, buf, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;
			fail_at("cannot inspect", buf);
		}
		if (S_ISDIR(st.st_mode))
			mount_tmpfs(buf, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
				    "size=4k,nr_inodes=1,mode=0755");
		else if (S_ISREG(st.st_mode))
			bind_path("/dev/null", buf, false,
				  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				  MOUNT_ATTR_NOEXEC);
		/* Symlinks point into trees that are masked or absent. */
	}

	/* The installed config lists other accounts: mask it wherever
	 * SYSCONFDIR is (a build may put it elsewhere under /etc). */
	if (!strncmp(SYSCONFDIR, "/etc/", 5)) {
		struct stat st;

		snprintf(buf, sizeof(buf), "%s/cylo.conf", SYSCONFDIR + 1);
		if (fstatat(AT_FDCWD, buf, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			bind_path("/dev/null", buf, false,
				  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				  MOUNT_ATTR_NOEXEC);
	}
}

static void
build_dev(const struct policy *p)
{
	char path[64], host[64], opts[96];
	size_t i;

	mkdir_here("dev", 0755);
	mount_tmpfs("dev", MS_NOSUID | MS_NOEXEC, "size=64k,nr_inodes=64,mode=0755");
	for (i = 0; i < sizeof(dev_nodes) / sizeof(*dev_nodes); i++) {
		snprintf(path, sizeof(path), "dev/%s", dev_nodes[i]);
		touch_here(path, 0644);
		snprintf(host, sizeof(host), "/dev/%s", dev_nodes[i]);
		bind_path(host, path, false, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
	}
	mkdir_here("dev/pts", 0755);
	/* max= bounds this instance: ptys come from one kernel-wide pool
	 * (kernel.pty.max, less the reserve of the host's own instance),
	 * and a session that drained it would leave every other session
	 * without a terminal. */
	snprintf(opts, sizeof(opts),
		 "newinstance,ptmxmode=0666,mode=0620,max=%u", p->ptys);
	if (mount("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		  opts) < 0)
		fail_at("cannot mount devpts on", "dev/pts");
	symlink_here("pts/ptmx", "dev/ptmx");
	symlink_here("/proc/self/fd", "dev/fd");
	symlink_here("/proc/self/fd/0", "dev/stdin");
	symlink_here("/proc/self/fd/1", "dev/stdout");
	symlink_here("/proc/self/fd/2", "dev/stderr");
	mkdir_here("dev/shm", 0755);
}

/* Create the directories of the absolute path p on the new root. */
static void
make_path(const char *p)
{
	char buf[PATH_MAX];
	char *c, *slash;

	if (p[0] != '/' || strlen(p) >= sizeof(buf))
		setup_failx(STEP, "the account's home must be an absolute path",
			    "bad home directory %s", p);
	strcpy(buf, p + 1);
	for (c = buf; *c; c = slash + 1) {
		slash = strchr(c, '/');
		if (slash)
			*slash = 0;
		if (!*c || !strcmp(c, ".") || !strcmp(c, ".."))
			setup_failx(STEP, "the account's home must be a "
				    "normalized absolute path",
				    "bad home directory %s", p);
		if (mkdirat(AT_FDCWD, buf, 0755) < 0 && errno != EEXIST) {
			if (errno == EROFS)
				setup_failx(STEP, "the home directory must not "
					    "lie in the system tree",
					    "cannot make the home %s: %s", p,
					    strerror(errno));
			fail_at("cannot create", buf);
		}
		if (!slash)
			break;
		*slash = '/';
	}
}

/* Make a directory with an exact mode (mkdir applies the umask). */
static void
mkdir_mode(const char *path, mode_t mode)
{
	mkdir_here(path, mode);
	if (fchmodat(AT_FDCWD, path, mode, 0) < 0)
		fail_at("cannot set the mode of", path);
}

/*
 * Directory name under dirfd, made if missing, with this exact mode; an
 * open descriptor of it.  A link, or anything not a directory of the
 * user's, ends the session: the user can write there.
 */
static int
own_dir_at(int dirfd, const char *name, const char *shown, mode_t mode,
	   const struct account *a)
{
	struct stat st;
	int fd;

	if (mkdirat(dirfd, name, mode) < 0 && errno != EEXIST)
		fail_at("cannot create", name);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
		setup_failx(STEP, "remove it; cylosh makes it afresh",
			    "%s is not a directory (a link?)", shown);
	if (fd < 0)
		fail_at("cannot open", name);
	if (fstat(fd, &st) < 0)
		fail_at("cannot inspect", name);
	if (st.st_uid != a->uid)
		setup_failx(STEP, NULL, "%s is not owned by %s", shown,
			    a->name);
	if (fchmod(fd, mode) < 0)
		fail_at("cannot set the mode of", name);
	return fd;
}

/*
 * The ramdisk: one tmpfs with the policy's caps holds the home, /tmp and
 * /dev/shm, so one size cap covers everything the session can write.
 * Either the PAM module's tmpfs (verified by pamhome.c; its root is the
 * home, and /tmp and /dev/shm live in ~/.cylo), or our own, mounted at a
 * staging point whose subdirectories become the three.
 */
static void
build_ramdisk(const struct session *s)
{
	const struct account *a = &s->acct;
	const char *home = a->home + 1;
	unsigned long long attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	char opts[256];

	make_path(a->home);
	if (s->pam_home) {
		int hfd, cfd, tfd, sfd;

		if (s->pol.home_noexec)
			attrs |= MOUNT_ATTR_NOEXEC;
		bind_path(s->pam_home, home, false, attrs);
		/* Earlier sessions of the same login wrote in this home:
		 * ~/.cylo may be a link by now, and this is still the
		 * host's view.  Follow none. */
		hfd = open(home, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (hfd < 0)
			fail_at("cannot open", a->home);
		cfd = own_dir_at(hfd, ".cylo", "~/.cylo", 0700, a);
		tfd = own_dir_at(cfd, "tmp", "~/.cylo/tmp", 01777, a);
		sfd = own_dir_at(cfd, "shm", "~/.cylo/shm", 01777, a);
		bind_at(tfd, "", "tmp", false, 0);
		bind_at(sfd, "", "dev/shm", false, 0);
		close(sfd);
		close(tfd);
		close(cfd);
		close(hfd);
		return;
	}
	mkdir_here("run/cylo/ram", 0700);
	snprintf(opts, sizeof(opts), "size=%llu,nr_inodes=%llu,mode=0700,uid=%u,gid=%u",
		 s->pol.home_size, s->pol.home_inodes, (unsigned)a->uid,
		 (unsigned)a->gid);
	if (mount("tmpfs", "run/cylo/ram", "tmpfs",
		  MS_NOSUID | MS_NODEV | (s->pol.home_noexec ? MS_NOEXEC : 0),
		  opts) < 0)
		setup_failx("ramdisk", hint_mount, "cannot mount a tmpfs "
			    "(%s) for the home: %s", opts, strerror(errno));
	mkdir_mode("run/cylo/ram/home", 0700);
	mkdir_mode("run/cylo/ram/tmp", 01777);
	mkdir_mode("run/cylo/ram/shm", 01777);
	bind_path("run/cylo/ram/home", home, false, 0);
	bind_path("run/cylo/ram/tmp", "tmp", false, 0);
	bind_path("run/cylo/ram/shm", "dev/shm", false, 0);
	if (umount2("run/cylo/ram", MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
		fail_at("cannot detach", "run/cylo/ram");
	if (unlinkat(AT_FDCWD, "run/cylo/ram", AT_REMOVEDIR) < 0)
		fail_at("cannot remove", "run/cylo/ram");
}

/* The drop-ins list accounts and groups as cylo.conf does: the session
 * sees an empty directory in their place. */
static void
mask_dropins(void)
{
	char buf[256];
	struct stat st;

	if (strncmp(SYSCONFDIR, "/etc/", 5))
		return;
	snprintf(buf, sizeof(buf), "%s/cylo.conf.d", SYSCONFDIR + 1);
	if (fstatat(AT_FDCWD, buf, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode))
		mount_tmpfs(buf, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			    "size=4k,nr_inodes=1,mode=0755");
}

/*
 * ~/persist: the user's store on disk (cylo.conf "persist"), the only part
 * of the home that outlives the session.  The outer process judged
 * STORE/USER (store_check); here it is reopened without following any link
 * and must be the same inode.  The mount point is made in the home through
 * descriptors: in a PAM home an earlier session may have left a link there.
 * The bind carries the home's nosuid, nodev (and noexec) so a store is never
 * more than the ramdisk is.
 */
static void
build_persist(const struct session *s)
{
	const struct account *a = &s->acct;
	unsigned long long attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	char err[512];
	int sfd, hfd, pfd, tree;

	if (!s->pol.persist[0])
		return;
	sfd = store_reopen(s->pol.persist, a->name, &s->store, err,
			   sizeof(err));
	if (sfd < 0)
		setup_failx("persist store", "ask the administrator to run "
			    "cylo-enroll", "%s", err);
	hfd = open(a->home + 1, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (hfd < 0)
		fail_at("cannot open", a->home);
	pfd = own_dir_at(hfd, "persist", "~/persist", 0700, a);
	if (s->pol.home_noexec)
		attrs |= MOUNT_ATTR_NOEXEC;
	tree = open_tree(sfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			 AT_EMPTY_PATH);
	if (tree < 0)
		setup_failx("persist store", hint_mount, "cannot clone %s/%s: %s",
			    s->pol.persist, a->name, strerror(errno));
	set_attr(tree, "", AT_EMPTY_PATH, attrs);
	if (move_mount(tree, "", pfd, "", MOVE_MOUNT_F_EMPTY_PATH |
		       MOVE_MOUNT_T_EMPTY_PATH) < 0)
		setup_failx("persist store", hint_mount, "cannot mount %s/%s on "
			    "~/persist: %s", s->pol.persist, a->name,
			    strerror(errno));
	close(tree);
	close(pfd);
	close(hfd);
	close(sfd);
}

/*
 * Teaching material (cylo.conf "material"): each host directory bound
 * read-only, nosuid, nodev at its own path.  A bind shows the directory
 * itself, so what the teacher changes in it is seen at once by every
 * running session.  Opened with RESOLVE_NO_SYMLINKS: a link anywhere on
 * the way could point the session at another directory.  Not recursive:
 * mounts below it are not exposed.
 */
static void
build_material(const struct session *s)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	const char *home = s->acct.home;
	size_t hl = strlen(home);

	for (size_t i = 0; i < s->pol.material.n; i++) {
		const char *m = s->pol.material.v[i];
		size_t ml = strlen(m);
		int src, dst, tree;

		/* The home is the user's: material there would be shadowed,
		 * or would shadow the user's files. */
		if ((ml >= hl && !strncmp(m, home, hl) &&
		     (m[hl] == '/' || !m[hl])) ||
		    (hl > ml && !strncmp(m, home, ml) && home[ml] == '/'))
			setup_failx("teaching material", "move the material out "
				    "of the home, or fix material in cylo.conf",
				    "%s overlaps the home %s", m, home);
		src = (int)syscall(SYS_openat2, AT_FDCWD, m, &how, sizeof(how));
		if (src < 0)
			setup_failx("teaching material", errno == ELOOP ?
				    "material must be a path without symbolic "
				    "links" : "make the directory, or fix "
				    "material in cylo.conf", "cannot open %s: %s",
				    m, strerror(errno));
		make_path(m);
		dst = open(m + 1, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dst < 0)
			fail_at("cannot open", m);
		tree = open_tree(src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				 AT_EMPTY_PATH);
		if (tree < 0)
			setup_failx("teaching material", hint_mount,
				    "cannot clone %s: %s", m, strerror(errno));
		set_attr(tree, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY |
			 MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
		if (move_mount(tree, "", dst, "", MOVE_MOUNT_F_EMPTY_PATH |
			       MOVE_MOUNT_T_EMPTY_PATH) < 0)
			setup_failx("teaching material", hint_mount,
				    "cannot mount %s: %s", m, strerror(errno));
		close(tree);
		close(dst);
		close(src);
	}
}

static void
build_system(void)
{
	char target[PATH_MAX], host[64];
	size_t i;

	for (i = 0; i < sizeof(system_dirs) / sizeof(*system_dirs); i++) {
		struct stat st;
		ssize_t n;

		snprintf(host, sizeof(host), "/%s", system_dirs[i]);
		if (lstat(host, &st) < 0) {
			if (errno == ENOENT)
				continue;
			fail_at("cannot inspect", host);
		}
		if (S_ISLNK(st.st_mode)) {
			/* Merged /usr: recreate the link as the host has it. */
			n = readlink(host, target, sizeof(target) - 1);
			if (n < 0)
				fail_at("cannot read link", host);
			target[n] = 0;
			symlink_here(target, system_dirs[i]);
		} else if (S_ISDIR(st.st_mode)) {
			mkdir_here(system_dirs[i], 0755);
			bind_path(host, system_dirs[i], true,
				  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				  MOUNT_ATTR_NODEV);
		}
	}
}

/*
 * /proc/keys lists every key the uid may view, by description, the host's
 * keyrings of the account included (the uid is the same kernel uid in the
 * session); /proc/key-users, the key counts of every uid.  The session has
 * its own session keyring (ns.c) and no keyctl (filter.c): neither file
 * has anything in it the session needs.
 */
static void
mask_proc_keys(void)
{
	static const char *const files[] = { "proc/keys", "proc/key-users" };
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		/* Absent on a kernel without CONFIG_KEYS: nothing to hide. */
		if (fstatat(AT_FDCWD, files[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)
				continue;
			fail_at("cannot inspect", files[i]);
		}
		bind_path("/dev/null", files[i], false,
			  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
			  MOUNT_ATTR_NOEXEC);
	}
}

/*
 * The SESSION_BIN of a cached plan (cmdcache.c): root's directory of links,
 * bound read-only, instead of a link per command on the root tmpfs.  The
 * outer process checked it; this must be the same directory, reached
 * without a link.  When root replaced it since (cylosh --cache again),
 * commands.c makes the links of the checked plan instead.
 */
static void
bind_cached_bin(struct cmdplan *p)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	struct stat st;
	int src, tree;

	src = (int)syscall(SYS_openat2, AT_FDCWD, p->bin_path, &how,
			   sizeof(how));
	if (src < 0 || fstat(src, &st) < 0 || st.st_dev != p->bin_dev ||
	    st.st_ino != p->bin_ino) {
		if (src >= 0)
			close(src);
		p->cached = false;
		return;
	}
	mkdir_here(SESSION_BIN + 1, 0755);
	tree = open_tree(src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			 AT_EMPTY_PATH);
	if (tree < 0)
		fail_at("cannot clone", p->bin_path);
	set_attr(tree, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY |
		 MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	if (move_mount(tree, "", AT_FDCWD, SESSION_BIN + 1,
		       MOVE_MOUNT_F_EMPTY_PATH) < 0)
		fail_at("cannot mount on", SESSION_BIN);
	close(tree);
	close(src);
}

void
mounts_build(const struct session *s)
{
	int rootfd;

	mnt_set_step(STEP);
	/* Nothing we mount may propagate back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail_at("cannot make private", "/");
	/* The new root: a small tmpfs over /tmp of this private namespace. */
	mount_tmpfs("/tmp", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=0755");
	rootfd = open("/tmp", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (rootfd < 0 || fchdir(rootfd) < 0)
		fail_at("cannot enter", "the new root");

	mkdir_here("run", 0755);
	mkdir_here("run/cylo", 0755);
	mkdir_here("proc", 0555);
	mkdir_here("tmp", 01777);
	mkdir_here("var", 0755);
	symlink_here("../tmp", "var/tmp");
	build_system();
	build_etc(s);
	mask_dropins();
	build_dev(&s->pol);
	build_ramdisk(s);
	build_persist(s);
	build_material(s);
	touch_here(LANDLOCK_PROBE + 1, 0444);
	/* Before pivot_root: root's cache is a host path. */
	if (s->cmds && s->cmds->cached)
		bind_cached_bin(s->cmds);
	/* run/cylo/session, the marker the language wrappers look for,
	 * is written by inside.c. */
	if (s->langs.n) {
		mkdir_here(SESSION_WRAPPERS + 1, 0755);
		bind_path(LANGS_DIR, SESSION_WRAPPERS + 1, true,
			  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	}

	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		fail_at("cannot mount", "/proc");
	mask_proc_keys();

	/* Switch roots: pivot_root(".", ".") stacks the old root on top of
	 * the new one, and the detach removes it from view. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		fail_at("cannot pivot to", "the new root");
	if (umount2(".", MNT_DETACH) < 0)
		fail_at("cannot detach", "the old root");
	if (chdir("/") < 0)
		fail_at("cannot enter", "/");
	close(rootfd);
}

void
mounts_seal(void)
{
	mnt_set_step(STEP);
	/* Read-only from here: the root and /dev hold only what we made. */
	set_attr(AT_FDCWD, "/dev", 0, MOUNT_ATTR_RDONLY);
	set_attr(AT_FDCWD, "/", 0, MOUNT_ATTR_RDONLY);
}
