#!/usr/bin/env python3
"""Ask a QEMU, over its QMP socket, how many virtio-net queue pairs the
guest set up on each NIC, then (with --quit) end it.

usage: qmp.py SOCKET PAIRS[,PAIRS...] [--quit]

NIC k (0-based) is the device with id net<k>, with as many pairs as the
k-th number of the list.  A virtqueue the driver
never set up has ring address 0 (x-query-virtio-queue-status
vring-desc); the receive queue of pair p is queue 2p.  Prints one line
per NIC, "qmp en<k+1> pairs P", and exits 0, or 1 with a message.
"""
import json
import socket
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.split("\n\n")[1])
    path = sys.argv[1]
    maxqs = [int(q) for q in sys.argv[2].split(",")]
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(5)
    sock.connect(path)
    f = sock.makefile("rw")

    def cmd(name, **args):
        req = {"execute": name}
        if args:
            req["arguments"] = args
        f.write(json.dumps(req) + "\n")
        f.flush()
        while True:
            line = f.readline()
            if not line:
                sys.exit("qmp.py: QEMU closed the socket")
            r = json.loads(line)
            if "error" in r:
                sys.exit("qmp.py: %s: %s" % (name, r["error"]["desc"]))
            if "return" in r:
                return r["return"]

    f.readline()  # the greeting
    cmd("qmp_capabilities")
    for k, maxq in enumerate(maxqs):
        pairs = 0
        for p in range(maxq):
            st = cmd("x-query-virtio-queue-status",
                     path="/machine/peripheral/net%d/virtio-backend" % k,
                     queue=2 * p)
            if st["vring-desc"] != 0:
                pairs += 1
        print("qmp en%d pairs %d" % (k + 1, pairs))
    if len(sys.argv) == 4:
        f.write(json.dumps({"execute": "quit"}) + "\n")
        f.flush()


if __name__ == "__main__":
    main()
