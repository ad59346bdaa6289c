#!/bin/sh
# tests/langs/20-wrappers.sh - the generated wrappers at run time, with the
# real interpreters, in a fake session: a private mount and network
# namespace, a tmpfs home owned by the test user, no_new_privs and a seccomp
# filter (tests/langs/fakesession.py), the wrappers generated with -m/-x
# pointing at a marker and an interpreter directory of this test.  This
# checks the wrappers on their own; 30-session.sh checks them in real cylosh
# sessions.  Needs root (mount namespace, the test user).
. "$TEST_SRC/tests/lib/lib.sh"
. "$TEST_SRC/tests/langs/lib-langs.inc"

need_root "wrappers in a fake session" || exit 0
if ! unshare -m -n true 2> /dev/null; then
	skip "wrappers in a fake session" "unshare -m -n is refused here"
	exit 0
fi

GEN=$TEST_SRC/wrappers/cylo-genwrappers
F=$TEST_TMP/fake
H=$F/home
FS=$TEST_SRC/tests/langs/fakesession.py
U=${TEST_USER:-nobody}
UID_=$(id -u "$U")
GID_=$(id -g "$U")
rm -rf "$F"
mkdir -p "$F/interp" "$H"
: > "$F/session"
chmod -R a+rX "$F"

sh "$GEN" -u -m "$F/session" -x "$F/interp" -o "$F/w" \
	"$TEST_SRC/etc/languages.conf" 2> /dev/null
# A language with limits, for the limit tests.
cat > "$F/limits.conf" <<'CONF'
[language pylim]
interpreter = /usr/bin/python3
commands = py-limited
cpu = 1
memory = 200M
CONF
sh "$GEN" -u -m "$F/session" -x "$F/interp" -o "$F/wl" "$F/limits.conf" 2> /dev/null
# The session would expose each interpreter at INTERPDIR/NAME.
grep -hv '^#' "$F/w/languages" "$F/wl/languages" |
while IFS='	' read -r name real _; do
	ln -s "$real" "$F/interp/$name"
done

# fake_run MOUNT SIZE SCRIPT: run sh -c SCRIPT in the home as the test user
# in a fake session (MOUNT=no: the home is not a tmpfs).  The environment is
# what a session gives: HOME USER LOGNAME PATH LANG TMPDIR.
fake_run() {
	unshare -m -n --propagation private /bin/sh -c '
		if [ "$1" = yes ]; then
			mount -t tmpfs -o "size=$2,mode=0700,uid=$3,gid=$4" cylotest-fake "$5" || exit 99
		fi
		cd "$5" || exit 98
		exec setpriv --reuid="$3" --regid="$4" --clear-groups \
			env -i HOME="$5" USER="$6" LOGNAME="$6" \
			PATH="$7/w/bin:$7/wl/bin:/usr/bin:/bin" LANG=C.UTF-8 TMPDIR="$5" \
			/usr/bin/python3 "$8" /bin/sh -c "$9"
	' fake "$1" "$2" "$UID_" "$GID_" "$H" "$U" "$F" "$FS" "$3"
}
fake() {
	fake_run yes 64m "$1"
}

D=$H/.cylo/lang

# ---- the fake session is what the wrappers expect --------------------------------
out=$(fake 'grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\t" " "; stat -f -c %T "$HOME"')
check_eq "fake session: no_new_privs, seccomp, tmpfs home" "$out" \
"NoNewPrivs: 1
Seccomp: 2
tmpfs"

# ---- python ---------------------------------------------------------------------
if have_python; then
	out=$(fake 'python3 -c "import os, site; print(os.environ[\"PYTHONUSERBASE\"]); print(site.getuserbase()); print(site.ENABLE_USER_SITE)"')
	check_eq "python3: PYTHONUSERBASE and site.getuserbase() are the dependency directory" \
		"$out" "$D/python
$D/python
True"
	out=$(fake 'python3 -c "import os; print(\" \".join(sorted(os.environ)))"')
	check_eq "python3: the session's variables and the language's" "$out" \
		"HOME LANG LOGNAME PATH PIP_BREAK_SYSTEM_PACKAGES PIP_CACHE_DIR PIP_DISABLE_PIP_VERSION_CHECK PIP_NO_BUILD_ISOLATION PIP_NO_INPUT PIP_USER PWD PYTHONUSERBASE TMPDIR USER"
	out=$(fake 'export GREETING=hi; python3 -c "import os; print(os.environ[\"GREETING\"])"')
	check_eq "python3: a variable the user exports reaches the interpreter" "$out" hi
	out=$(fake 'env PYTHONSTARTUP=/x PYTHONPATH=/evil PYTHONHOME=/nope PYTHONINSPECT=1 LD_PRELOAD=/x.so PYTHONUSERBASE=/u FOO=bar \
		python3 -c "import os; print([k for k in os.environ if k.startswith((\"PYTHONS\", \"PYTHONPATH\", \"PYTHONH\", \"PYTHONI\", \"LD_\"))], os.environ[\"FOO\"], os.environ[\"PYTHONUSERBASE\"] != \"/u\")" 2>/dev/null')
	check_eq "python3: the hook variables the user sets are cleared or set by the wrapper" "$out" "[] bar True"
	# env itself runs with LC_ALL=C; the interpreter gets the session's.
	out=$(fake 'LC_ALL=C.UTF-8 python3 -c "import os; print(os.environ[\"LC_ALL\"])"')
	check_eq "python3: the session's LC_ALL arrives unchanged" "$out" "C.UTF-8"
	out=$(fake 'python3 -c "import sys; print(sys.argv[1:])" "a b" "" "\$x" "*" "-c"')
	check_eq "python3: the user's arguments arrive unchanged" "$out" "['a b', '', '\$x', '*', '-c']"
	out=$(fake 'python a.py 2>&1; echo "rc=$?"; printf "import sys\nsys.exit(7)\n" > b.py; python3 b.py; echo "rc=$?"')
	check_match "python3: exit status passes through" "$out" 'rc=7$'
	out=$(fake 'python3 -c pass; cat .cylo/lang/python/.cylo-lang; stat -c %U .cylo/lang/python')
	check_eq "the first run makes the dependency directory and its stamp" "$out" "python
$U"
	if have_pip; then
		out=$(fake 'pip --version; pip3 --version')
		check_match "pip and pip3 run python3 -m pip" "$out" '^pip [0-9.]+ from .*
pip [0-9.]+ from'
	fi
else
	skip "python wrappers" "python3 is not installed"
fi

# ---- node -----------------------------------------------------------------------
if have_node; then
	out=$(fake 'node -e "for (const k of [\"NPM_CONFIG_PREFIX\", \"NPM_CONFIG_CACHE\", \"NODE_PATH\"]) console.log(process.env[k])"')
	check_eq "node: npm prefix, cache and NODE_PATH in the dependency directory" "$out" \
		"$D/node
$D/node/cache
$D/node/lib/node_modules"
	out=$(fake 'env NODE_OPTIONS=--require=/nonexistent.js NODE_PATH=/evil node -e "console.log(process.env.NODE_OPTIONS === undefined, process.env.NODE_PATH)"')
	check_eq "node: NODE_OPTIONS from the user is dropped, NODE_PATH is the language's" "$out" \
		"true $D/node/lib/node_modules"
	if have_npm; then
		out=$(fake 'npm prefix -g; npm config get cache')
		check_eq "npm: global prefix and cache are the dependency directory" "$out" "$D/node
$D/node/cache"
	fi
else
	skip "node wrappers" "node is not installed"
fi

# ---- perl -----------------------------------------------------------------------
if have_perl; then
	out=$(fake 'env PERL5OPT=-Mwarnings PERL5LIB=/evil PERL5DB=x perl -e "print join(q{ }, map { \$_ . q{=} . (\$ENV{\$_} // q{unset}) } qw(PERL5OPT PERL5DB PERL5LIB PERL_LOCAL_LIB_ROOT)), qq{\n}"')
	check_eq "perl: PERL5OPT dropped; PERL5LIB and PERL_LOCAL_LIB_ROOT are the language's" "$out" \
		"PERL5OPT=unset PERL5DB=unset PERL5LIB=$D/perl/lib/perl5 PERL_LOCAL_LIB_ROOT=$D/perl"
else
	skip "perl wrappers" "perl is not installed"
fi

# ---- offline installs ---------------------------------------------------------------
FX=$TEST_TMP/langfx
if langs_fixtures "$FX"; then
	ok "local test packages built (no network)"
else
	not_ok "local test packages built (no network)"
fi
if have_python && have_pip; then
	out=$(fake "cp -R '$FX/src' src && pip install ./src/pypkg > /dev/null 2>&1; echo rc=\$?;
		pip install src/dist/cylo_wheel-1.0-py3-none-any.whl > /dev/null 2>&1; echo rc=\$?;
		cd /; python3 -c 'import cylo_demo, cylo_wheel; print(cylo_demo.ANSWER, cylo_wheel.ANSWER); print(cylo_demo.__file__); print(cylo_wheel.__file__)'")
	check_eq "pip install --user ./localpkg and a wheel, offline; import both" "$out" \
"rc=0
rc=0
42 43
$D/python/lib/python3.$(python3 -c 'import sys; print(sys.version_info[1])')/site-packages/cylo_demo/__init__.py
$D/python/lib/python3.$(python3 -c 'import sys; print(sys.version_info[1])')/site-packages/cylo_wheel/__init__.py"
fi
if have_node && have_npm; then
	out=$(fake "mkdir proj && cd proj && npm install '$FX/src/cylo-npm-demo-1.0.0.tgz' > npm.log 2>&1; echo rc=\$?;
		node -e 'console.log(require(\"cylo-npm-demo\").answer)';
		npm install -g '$FX/src/cylo-npm-demo-1.0.0.tgz' >> npm.log 2>&1; echo rc=\$?;
		cd / && node -e 'console.log(require.resolve(\"cylo-npm-demo\"))'")
	check_eq "npm install ./local-tarball.tgz then require; -g lands in the dependency directory" "$out" \
"rc=0
44
rc=0
$D/node/lib/node_modules/cylo-npm-demo/index.js"
fi
if have_perl && have_mm; then
	out=$(fake "cp -R '$FX/src/perl-demo' pd && cd pd && { perl Makefile.PL && make && make install; } > build.log 2>&1; echo rc=\$?;
		cd / && perl -MCyloDemo -e 'print CyloDemo::answer(), qq{ \$INC{q{CyloDemo.pm}}\n}'")
	check_eq "perl: a module installed into the dependency directory (MakeMaker, INSTALL_BASE)" "$out" \
"rc=0
45 $D/perl/lib/perl5/CyloDemo.pm"
else
	skip "perl module install" "ExtUtils::MakeMaker or make missing"
fi

# ---- fail closed ----------------------------------------------------------------------
if have_python; then
	out=$(fake_run yes 4m 'head -c 8M /dev/zero > fill 2>/dev/null; python3 -c "print(\"ran\")"; echo "rc=$?"' 2>&1)
	check_match "ramdisk full before the first run: refused, exit 126" "$out" \
		'python3: cannot make the dependency directory .*\(is the ramdisk full\?\)
rc=126$'
	check_nomatch "... and the interpreter never ran" "$out" '^ran$'
	out=$(fake_run yes 4m 'python3 -c pass; head -c 8M /dev/zero > fill 2>/dev/null; python3 -c "print(\"ran\")"' 2>&1)
	check_eq "ramdisk full after the first run: the environment exists, it runs" "$out" ran
	out=$(fake_run no 0 'python3 -c "print(\"ran\")"; echo "rc=$?"' 2>&1)
	check_eq "home not a tmpfs: refused" "$out" \
		"python3: the home $H is not the session's ramdisk
rc=126"
	out=$(fake 'mkdir -p .cylo/lang && touch .cylo/lang/python; python3 -c "print(\"ran\")"; echo "rc=$?"' 2>&1)
	check_match "dependency directory path taken by a file: refused" "$out" \
		'cannot make the dependency directory.*
rc=126$'
	out=$(fake 'python3 -c pass; chmod 500 .cylo/lang/python; python3 -c "print(\"ran\")"; echo "rc=$?"' 2>&1)
	check_eq "dependency directory not writable: refused" "$out" \
		"python3: the dependency directory $D/python is not a writable directory
rc=126"
	out=$(fake 'env -u HOME python3 -c "print(\"ran\")"; echo "rc=$?"' 2>&1)
	check_eq "no HOME: refused" "$out" "python3: HOME is not an absolute path
rc=126"
	rm "$F/interp/python"
	out=$(fake 'python3 -c "print(\"ran\")"; echo "rc=$?"' 2>&1)
	ln -s "$(grep '^python	' "$F/w/languages" | cut -f2)" "$F/interp/python"
	check_eq "a language the session does not expose: refused" "$out" \
		"python3: the python language is not allowed in this session (languages in cylo.conf)
rc=126"
fi

# ---- limits ------------------------------------------------------------------------------
if have_python; then
	start=$(date +%s)
	out=$(fake 'py-limited -c "while True: pass"; echo "rc=$?"' 2>&1)
	took=$(( $(date +%s) - start ))
	check_match "cpu = 1: a cpu-bound loop is stopped (SIGXCPU)" "$out" 'rc=(152|137)$'
	if [ "$took" -lt 20 ]; then ok "... within seconds (${took}s)"; else not_ok "... within seconds (${took}s)"; fi
	out=$(fake 'py-limited -c "b = bytearray(400 * 1024 * 1024)" 2>&1 | tail -1; py-limited -c "b = bytearray(50 * 1024 * 1024); print(\"ok\")"')
	check_eq "memory = 200M: a 400M allocation fails, 50M works" "$out" "MemoryError
ok"
	out=$(fake 'python3 -c "import resource; print(resource.getrlimit(resource.RLIMIT_CPU))"')
	check_eq "limits apply to their language only" "$out" "(-1, -1)"
fi
