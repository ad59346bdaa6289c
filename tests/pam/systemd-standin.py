#!/usr/bin/python3
"""tests/pam/systemd-standin.py - a stand-in for systemd's D-Bus Manager on
a private bus, for pam_cylo's systemd route (tests/pam/40-cgroup.sh).

    systemd-standin.py ADDRESS DIR

Owns org.freedesktop.systemd1 on the bus at ADDRESS and answers Subscribe
and StartTransientUnit at /org/freedesktop/systemd1.  Every
StartTransientUnit call is written to DIR/calls as one line:
"NAME MODE KEY=VALUE ...".  DIR/mode says how to answer: "done" (the job
ends with result done), "failed" (the job ends with result failed) or
"refuse" (an AccessDenied error).  It writes DIR/ready once it owns the
name.  It makes no cgroup: it tests the calls, not systemd.
"""
import os
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.freedesktop.systemd1.Manager"


def show(v):
    if isinstance(v, dbus.Array):
        return "[" + ",".join(show(x) for x in v) + "]"
    return str(v)


class Manager(dbus.service.Object):
    def __init__(self, conn, d):
        super().__init__(conn, "/org/freedesktop/systemd1")
        self.dir = d
        self.jobs = 0

    @dbus.service.method(IFACE, in_signature="", out_signature="")
    def Subscribe(self):
        pass

    @dbus.service.method(IFACE, in_signature="ssa(sv)a(sa(sv))",
                         out_signature="o")
    def StartTransientUnit(self, name, mode, props, aux):
        with open(os.path.join(self.dir, "mode")) as f:
            how = f.read().strip()
        with open(os.path.join(self.dir, "calls"), "a") as f:
            f.write(" ".join([str(name), str(mode)] +
                             ["%s=%s" % (k, show(v)) for k, v in props]) +
                    " aux=%d\n" % len(aux))
        if how == "refuse":
            raise dbus.exceptions.DBusException(
                "Access denied", name="org.freedesktop.DBus.Error.AccessDenied")
        self.jobs += 1
        job = dbus.ObjectPath("/org/freedesktop/systemd1/job/%d" % self.jobs)
        # The job ends after the reply, as systemd's does.
        GLib.idle_add(self.finish, self.jobs, job, str(name), how)
        return job

    @dbus.service.signal(IFACE, signature="uoss")
    def JobRemoved(self, jid, job, unit, result):
        pass

    def finish(self, jid, job, unit, how):
        self.JobRemoved(dbus.UInt32(jid), job, unit, how)
        return False


def main():
    address, d = sys.argv[1], sys.argv[2]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    conn = dbus.bus.BusConnection(address)
    name = dbus.service.BusName("org.freedesktop.systemd1", conn)
    Manager(conn, d)
    with open(os.path.join(d, "ready"), "w") as f:
        f.write("%s\n" % name.get_name())
    GLib.MainLoop().run()


main()
