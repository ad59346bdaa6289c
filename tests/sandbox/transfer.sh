#!/bin/sh
# tests/sandbox/transfer.sh - file transfer works under the default command
# list (the teaching set): sshd runs sftp-server by absolute path, and the
# server sides of scp -O and rsync are ordinary commands of the list.
. "$TEST_SRC/tests/lib/lib.sh"

need_root "sftp-server runs under the teaching set" \
	"scp is on PATH under the teaching set" \
	"rsync is on PATH under the teaching set" \
	"a program outside the list is refused by path" || exit 0

# No commands key: the built-in teaching set.
use_conf '[default]
home_size = 16M
network = none'

if [ -x /usr/lib/openssh/sftp-server ]; then
	out=$(session '/usr/lib/openssh/sftp-server -h' 2>&1)
	check_match "sftp-server runs under the teaching set" "$out" 'usage: sftp-server'
else
	skip "sftp-server runs under the teaching set" "/usr/lib/openssh/sftp-server missing (Debian: openssh-sftp-server)"
fi
for c in scp rsync; do
	if [ -x "/usr/bin/$c" ]; then
		check_eq "$c is on PATH under the teaching set" "$(session "type $c" 2>&1)" "$c is /run/cylo/bin/$c"
	else
		skip "$c is on PATH under the teaching set" "/usr/bin/$c missing"
	fi
done
out=$(session '/usr/bin/ssh-keygen -?' 2>&1)
check_match "a program outside the list is refused by path" "$out" 'ssh-keygen: permission denied'
reset_conf
