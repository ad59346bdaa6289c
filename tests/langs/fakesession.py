#!/usr/bin/python3
"""fakesession.py CMD [ARG...]: exec CMD with no_new_privs set and an
allow-everything seccomp filter installed, so /proc/self/status shows
"NoNewPrivs: 1" and "Seccomp: 2" as in a cylosh session.  Used by
tests/langs/20-wrappers.sh to run the wrappers in a fake session (private
mount namespace, tmpfs home) without cylosh."""
import ctypes
import os
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
BPF_RET_K = 0x06
SECCOMP_RET_ALLOW = 0x7FFF0000


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def main():
    libc = ctypes.CDLL(None, use_errno=True)
    insn = ctypes.create_string_buffer(
        struct.pack("HBBI", BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    prog = SockFprog(1, ctypes.addressof(insn))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        sys.exit("fakesession: PR_SET_NO_NEW_PRIVS: "
                 + os.strerror(ctypes.get_errno()))
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
                  ctypes.byref(prog), 0, 0) != 0:
        sys.exit("fakesession: PR_SET_SECCOMP: "
                 + os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[1], sys.argv[1:])


main()
