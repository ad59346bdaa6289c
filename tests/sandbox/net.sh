#!/bin/sh
# tests/sandbox/net.sh - the network policy: network = none gives a private
# network namespace with only a loopback device (and, with Landlock ABI 4,
# no TCP connect or bind); network = host shares the host's network.
# Abstract unix sockets are scoped (Landlock ABI 6).
. "$TEST_SRC/tests/lib/lib.sh"

if [ ! -x "$PROBE" ]; then
	skip "network probes" "no probe binary ($PROBE)"
	exit 0
fi

port=$((20000 + $$ % 20000))
name=cylotest-abstract-$$
# Host listeners (run as whoever runs the suite), stopped at the end.
"$PROBE" serve-tcp "$port" 60 > "$TEST_TMP/serve-tcp.$$" 2>&1 &
tcp_pid=$!
"$PROBE" serve-abstract "$name" 60 > "$TEST_TMP/serve-abs.$$" 2>&1 &
abs_pid=$!
trap 'kill $tcp_pid $abs_pid 2>/dev/null' EXIT
_d=$(( $(date +%s) + 5 ))
until grep -q listening "$TEST_TMP/serve-tcp.$$" && grep -q listening "$TEST_TMP/serve-abs.$$"; do
	[ "$(date +%s)" -ge "$_d" ] && break
	sleep 0.05
done

check_eq "host control: the TCP listener on 127.0.0.1:$port is reachable outside" \
	"$(host_probe connect 127.0.0.1 "$port")" ok
check_eq "host control: the abstract socket @$name is reachable outside" \
	"$(host_probe abstract "$name")" ok

# ---- network = none (tests/lib/cylo.conf) -------------------------------------
ifs=$(session 'cat /proc/net/dev' | sed -n 's/^ *\([^:]*\):.*/\1/p' | tr '\n' ' ')
check_eq "network = none: only the loopback device" "$ifs" "lo "
check_fails "host control: the host has more than lo" \
	test "$(sed -n 's/^ *\([^:]*\):.*/\1/p' /proc/net/dev | tr '\n' ' ')" = "lo "
out=$(session_probe connect 127.0.0.1 "$port" 2>&1)
check_match "network = none: the host's 127.0.0.1:$port is unreachable" "$out" \
	'^(EACCES|ENETUNREACH|ECONNREFUSED|EPERM)$'
ip=$(ip -4 -o addr show scope global 2>/dev/null | awk '{ sub("/.*", "", $4); print $4; exit }')
if [ -n "$ip" ]; then
	out=$(session_probe connect "$ip" 22 2>&1)
	check_match "network = none: the host's address $ip is unreachable" "$out" \
		'^(EACCES|ENETUNREACH|EHOSTUNREACH|EPERM)$'
fi
out=$(session_probe abstract "$name" 2>&1)
check_match "network = none: the host's abstract socket is unreachable" "$out" \
	'^(ECONNREFUSED|EPERM|EACCES)$'
abi=$(as_user "$CYLOSH" --check 2>/dev/null |
	sed -n 's/.*landlock .*ABI \([0-9]*\).*/\1/p')
if [ "${abi:-0}" -ge 4 ]; then
	check_eq "network = none, Landlock ABI $abi: TCP bind refused" \
		"$(session_probe bind "$port" 2>&1)" EACCES
else
	skip "network = none: TCP bind refused by Landlock" "Landlock ABI ${abi:-unknown} < 4"
fi

# ---- network = host ------------------------------------------------------------
if need_root "network = host: the host listener is reachable" \
	"network = host: abstract sockets outside the session are refused"; then
	use_conf '[default]
home_size = 64M
network = host
hostname = cylotest'
	out=$(session_probe connect 127.0.0.1 "$port" 2>&1)
	check_eq "network = host: the host listener is reachable" "$out" ok
	ifs=$(session 'cat /proc/net/dev' | sed -n 's/^ *\([^:]*\):.*/\1/p' | sort | tr '\n' ' ')
	check_eq "network = host: the host's devices are seen" "$ifs" \
		"$(sed -n 's/^ *\([^:]*\):.*/\1/p' /proc/net/dev | sort | tr '\n' ' ')"
	if [ "${abi:-0}" -ge 6 ]; then
		out=$(session_probe abstract "$name" 2>&1)
		check_eq "network = host, Landlock ABI $abi: abstract sockets outside the session are refused" \
			"$out" EPERM
	else
		skip "network = host: abstract sockets outside the session are refused" \
			"Landlock ABI ${abi:-unknown} < 6"
	fi
	reset_conf
fi
