#!/usr/bin/python3
"""tests/lib/syslogd.py SOCKET OUT - a minimal syslog receiver for the tests.

Binds a datagram socket at SOCKET (mode 0666, as /dev/log is), appends
every message it receives to OUT as one line (the raw "<PRI>..." text,
newlines inside a message escaped as \\n), and removes SOCKET when it gets
SIGTERM.  It exists because the test machines run no syslog daemon.
"""
import os
import signal
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o666)


def stop(*_):
    os.unlink(path)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
with open(out, "a", buffering=1) as f:
    print("ready", file=f)
    while True:
        msg = sock.recv(65536).decode("utf-8", "replace")
        f.write(msg.rstrip("\n").replace("\n", "\\n") + "\n")
