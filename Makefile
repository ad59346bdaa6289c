# cylosh - plain Makefile.  See README.md and INSTALL.
#
#   make            build cylosh, pam_cylo.so and the language wrappers
#   make run        the above, then open a session (as nobody when root)
#   make check      build and run the whole test suite
#                   (TESTS='pam/ sandbox/fs' runs the files whose paths match)
#   make check-asan the suite against an ASan+UBSan build
#   make install    install under $(DESTDIR)$(PREFIX) and $(SYSCONFDIR)

VERSION     := 0.1.0
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
SBINDIR     ?= $(PREFIX)/sbin
LIBEXECDIR  ?= $(PREFIX)/libexec/cylo
MANDIR      ?= $(PREFIX)/share/man
SYSCONFDIR  ?= /etc/cylo
# Root's cache of each policy's commands (cylosh --cache).
CACHEDIR    ?= /var/cache/cylo
PAMDIR      ?= /usr/lib/$(shell $(CC) -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)/security

# The test suite runs a build of its own whose compiled-in paths point at a
# root-owned tree it installs (the config must be root-owned to be used).
TEST_PREFIX ?= /run/cylotest
# Its config directory lies under /etc, where sessions see it as they see
# the installed one.
TEST_SYSCONFDIR ?= /etc/cylotest
# The enrollment group the test builds require (the suite never creates
# the real cylo-users).
TEST_GROUP ?= cylotest-users

CC          ?= cc
PKG_CONFIG  ?= pkg-config
WERROR      ?= -Werror
OPTFLAGS    ?= -O2 -g

# Build packages: the names `make deps` installs with apt when run as root.
DEB_BUILD_DEPS := build-essential pkg-config libreadline-dev libseccomp-dev \
	libcap-dev libpam0g-dev libsystemd-dev

PKGS        := libcap readline
PKG_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS     = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lcap -lreadline)
# cylosh itself links readline and its libtinfo statically (the archives
# come with libreadline-dev): every session execs cylosh once and forks it
# twice, and two shared objects fewer are two fewer for the loader to map
# and relocate and fewer mappings for each fork and exit to copy and tear
# down (issue 14: the exec and loader cost over /bin/true drops by about
# a third).  libcap stays shared, so that the fault-injection shim of
# tests/escape/faults.sh can interpose its calls; glibc stays shared (NSS
# needs it).  LINK_STATIC=0 links readline as a shared object too; a
# static build must be rebuilt when readline or ncurses get a security fix.
LINK_STATIC ?= 1
ifeq ($(LINK_STATIC),1)
BIN_LIBS     = -Wl,-Bstatic $(shell $(PKG_CONFIG) --static --libs readline 2>/dev/null || echo -lreadline -ltinfo) \
	-Wl,-Bdynamic $(shell $(PKG_CONFIG) --libs libcap 2>/dev/null || echo -lcap)
else
BIN_LIBS     = $(PKG_LIBS)
endif
# libseccomp is needed at build time only: tools/mkfilter compiles the
# seccomp filters into $(O)/gen/filter_bpf.h.
SECCOMP_CFLAGS = $(shell $(PKG_CONFIG) --cflags libseccomp 2>/dev/null)
SECCOMP_LIBS   = $(shell $(PKG_CONFIG) --libs libseccomp 2>/dev/null || echo -lseccomp)

WARN  := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral $(WERROR)
HARDEN := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIE
HARDEN_LD := -pie -Wl,-z,relro,-z,now

BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPTFLAGS) $(WARN) $(SHELL_DIRS:%=-I%) -I$(O)/gen $(PKG_CFLAGS) \
	-DCYLO_VERSION='"$(VERSION)"'
paths = -DSYSCONFDIR='"$(1)"' -DLIBEXECDIR='"$(2)"' -DBINDIR='"$(3)"'
test_paths = $(call paths,$(TEST_SYSCONFDIR),$(TEST_PREFIX)/libexec/cylo,$(TEST_PREFIX)/bin) \
	-DCYLO_GROUP='"$(TEST_GROUP)"' -DCACHEDIR='"$(TEST_PREFIX)/cache"'

O := build

# shell/ holds two rooms: session/ (setup, relay, config, environment,
# diagnostics) and lang/ (lexer, parser, expansion, evaluator, builtins,
# jobs, REPL).  Object files are named by base name; no name repeats.
SHELL_DIRS := shell/session shell/lang
SHELL_SRCS := $(sort $(foreach d,$(SHELL_DIRS),$(wildcard $(d)/*.c)))
SHELL_HDRS := $(foreach d,$(SHELL_DIRS),$(wildcard $(d)/*.h))
SHELL_OBJS  = $(patsubst %.c,$(1)/%.o,$(notdir $(SHELL_SRCS)))
LIB_OBJS    = $(filter-out $(1)/main.o,$(call SHELL_OBJS,$(1)))
vpath %.c $(SHELL_DIRS)
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
PAM_SRCS   := $(sort $(wildcard pam/*.c))
# Pure code shared with the PAM module (compiled -fPIC there).
PAM_SHARED := config.c config_file.c errbuf.c strset.c store.c cgparse.c cgfs.c shells.c

all: $(O)/cylosh pam wrappers

# ---- the seccomp filters, compiled once at build time ---------------------
$(O)/mkfilter: tools/mkfilter.c Makefile | $(O)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) $(SECCOMP_CFLAGS) -o $@ $< $(SECCOMP_LIBS)
$(O)/gen/filter_bpf.h: $(O)/mkfilter | $(O)/gen
	$(O)/mkfilter > $@.tmp && mv $@.tmp $@
# Only these include it.
FILTER_USERS := filter check
$(foreach v,prod test asan,$(FILTER_USERS:%=$(O)/$(v)/%.o)): $(O)/gen/filter_bpf.h

# ---- production build --------------------------------------------------
PROD_CFLAGS = $(BASE_CFLAGS) $(HARDEN) \
	$(call paths,$(SYSCONFDIR),$(LIBEXECDIR),$(BINDIR)) -DCACHEDIR='"$(CACHEDIR)"'

$(O)/prod/%.o: %.c $(SHELL_HDRS) Makefile | $(O)/prod
	$(CC) $(PROD_CFLAGS) -c -o $@ $<
$(O)/cylosh: $(call SHELL_OBJS,$(O)/prod)
	$(CC) $(HARDEN_LD) -o $@ $^ $(BIN_LIBS)

# ---- test build: same code, paths under $(TEST_PREFIX) --------------------
TEST_CFLAGS = $(BASE_CFLAGS) $(HARDEN) $(test_paths)

$(O)/test/%.o: %.c $(SHELL_HDRS) Makefile | $(O)/test
	$(CC) $(TEST_CFLAGS) -c -o $@ $<
$(O)/test/cylosh: $(call SHELL_OBJS,$(O)/test)
	$(CC) $(HARDEN_LD) -o $@ $^ $(BIN_LIBS)
$(O)/test/libcylo.a: $(call LIB_OBJS,$(O)/test)
	rm -f $@ && ar rcs $@ $^

# ---- sanitizer build (ASan + UBSan), test paths ---------------------------
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_CFLAGS = $(BASE_CFLAGS:-O2=-O1) $(SAN) $(test_paths)

$(O)/asan/%.o: %.c $(SHELL_HDRS) Makefile | $(O)/asan
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<
$(O)/asan/sanitizer_options.o: tests/lib/sanitizer_options.c | $(O)/asan
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<
$(O)/asan/cylosh: $(call SHELL_OBJS,$(O)/asan) $(O)/asan/sanitizer_options.o
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

# ---- unit tests: link the test objects (pure code needs no setup) ---------
$(O)/unit/%: tests/unit/%.c tests/unit/tap.h $(O)/test/libcylo.a | $(O)/unit
	$(CC) $(TEST_CFLAGS) -Itests/unit $(HARDEN_LD) -o $@ $< $(O)/test/libcylo.a $(PKG_LIBS)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/unit/%)

# ---- test helpers: fault-injection shim and small probes ------------------
$(O)/test/libfail.so: tests/lib/failshim.c | $(O)/test
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra $(WERROR) -fPIC -shared -o $@ $< -ldl
$(O)/test/probe: tests/lib/probe.c | $(O)/test
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra $(WERROR) -o $@ $<

# ---- PAM module -------------------------------------------------------------
# libsystemd (sd-bus) for the systemd route of the session cgroup.
SYSTEMD_CFLAGS = $(shell $(PKG_CONFIG) --cflags libsystemd 2>/dev/null)
SYSTEMD_LIBS   = $(shell $(PKG_CONFIG) --libs libsystemd 2>/dev/null || echo -lsystemd)
PAM_CFLAGS = $(BASE_CFLAGS) $(SYSTEMD_CFLAGS) $(HARDEN:-fPIE=-fPIC) -fvisibility=hidden
ifneq ($(PAM_SRCS),)
pam: $(O)/pam_cylo.so $(O)/test/pam_cylo.so
else
pam:
endif
$(O)/pic/%.o: %.c $(SHELL_HDRS) Makefile | $(O)/pic
	$(CC) $(PAM_CFLAGS) $(call paths,$(SYSCONFDIR),$(LIBEXECDIR),$(BINDIR)) -c -o $@ $<
$(O)/pic/pam_%.o: pam/pam_%.c $(SHELL_HDRS) $(wildcard pam/*.h) Makefile | $(O)/pic
	$(CC) $(PAM_CFLAGS) $(call paths,$(SYSCONFDIR),$(LIBEXECDIR),$(BINDIR)) -c -o $@ $<
$(O)/pam_cylo.so: $(PAM_SRCS:pam/%.c=$(O)/pic/%.o) $(PAM_SHARED:%.c=$(O)/pic/%.o) pam/pam_cylo.map
	$(CC) -shared -Wl,--version-script=pam/pam_cylo.map -Wl,-z,relro,-z,now -o $@ \
		$(filter %.o,$^) -lpam $(SYSTEMD_LIBS)
$(O)/tpic/%.o: %.c $(SHELL_HDRS) Makefile | $(O)/tpic
	$(CC) $(PAM_CFLAGS) $(test_paths) -c -o $@ $<
$(O)/tpic/pam_%.o: pam/pam_%.c $(SHELL_HDRS) $(wildcard pam/*.h) Makefile | $(O)/tpic
	$(CC) $(PAM_CFLAGS) $(test_paths) -c -o $@ $<
$(O)/test/pam_cylo.so: $(PAM_SRCS:pam/%.c=$(O)/tpic/%.o) $(PAM_SHARED:%.c=$(O)/tpic/%.o) pam/pam_cylo.map | $(O)/test
	$(CC) -shared -Wl,--version-script=pam/pam_cylo.map -Wl,-z,relro,-z,now -o $@ \
		$(filter %.o,$^) -lpam $(SYSTEMD_LIBS)

# ---- language wrappers ----------------------------------------------------
# wrappers/Makefile.inc (when present) defines the `wrappers` target.
-include wrappers/Makefile.inc
-include enroll/Makefile.inc
-include tests/fuzz/Makefile.inc
wrappers::

$(O) $(O)/gen $(O)/prod $(O)/test $(O)/asan $(O)/unit $(O)/pic $(O)/tpic:
	mkdir -p $@

# ---- set-up, run, check ---------------------------------------------------
deps:
	@sh tests/lib/deps.sh build $(DEB_BUILD_DEPS)

run: deps
	@$(MAKE) --no-print-directory all
	@RUN_USER="$(RUN_USER)" sh tests/lib/run-session.sh $(O)/cylosh

TEST_BUILD := $(O)/test/cylosh $(O)/test/libfail.so $(O)/test/probe $(UNIT_BINS)

check: deps
	@$(MAKE) --no-print-directory all $(TEST_BUILD)
	@sh tests/run.sh --build $(O) --variant test $(TESTS)

check-asan: deps
	@$(MAKE) --no-print-directory all $(TEST_BUILD) $(O)/asan/cylosh
	@sh tests/run.sh --build $(O) --variant asan $(TESTS)

install: all install-wrappers
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSCONFDIR)
	install -m 0755 $(O)/cylosh $(DESTDIR)$(BINDIR)/cylosh
	test -e $(DESTDIR)$(SYSCONFDIR)/cylo.conf || \
		install -m 0644 etc/cylo.conf $(DESTDIR)$(SYSCONFDIR)/cylo.conf
	for m in man/*.1; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man1/ || :; done
	for m in man/*.5; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man5/ || :; done
	for m in man/*.8; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man8/ || :; done
	install -d $(DESTDIR)$(PREFIX)/share/doc/cylo/examples/apparmor.d
	install -m 0644 etc/apparmor.d/cylosh $(DESTDIR)$(PREFIX)/share/doc/cylo/examples/apparmor.d/cylosh

clean:
	rm -rf $(O)

.PHONY: all pam wrappers deps run check check-asan install clean
