#!/usr/bin/env python3
"""apply then validate, on generated configs and targets (tests/apply/property.sh).

For each case: a config (RunConfig addresses, Nics, ManifestPassthrough
root settings and io-queues, enN tuples with io-queues good and bad, in
one of several layouts) and a target (gcp or aws, a type from `mqplan catalog`, 1-8
interfaces with --nics, NIC types with --nic, in CloudConfig or in flags).
When `mqplan apply` takes it:

  - `mqplan validate --fail-on warning` with the same target exits 0;
  - a second apply changes nothing (bytes equal);
  - nothing the user wrote is lost: every ManifestPassthrough member and
    every tuple key but io-queues keeps its value.

apply may refuse only the targets the generator cannot rule out (a NIC
type the instance type does not offer, --nic enN beyond --nics, more
interfaces in the config than the type allows; --nics stays within the
type's limit), with the
file unchanged; any other refusal fails.  Seeded: PROPERTY_SEED and
PROPERTY_CASES reproduce a run; a failure prints the seed, the case, the
arguments and the config.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

# The refusals a generated target can earn, and nothing else.
EXPECTED_REFUSALS = (" does not offer ", " named, but --nics ")
# And without --nics, the config's own interfaces beyond the type's limit.
LIMIT_REFUSAL = " allows at most "

MQPLAN = sys.argv[1] if len(sys.argv) > 1 else "./mqplan"
SEED = int(os.environ.get("PROPERTY_SEED", "20261125"))
CASES = int(os.environ.get("PROPERTY_CASES", "300"))

NICS = {"gcp": ["virtio-net", "gvnic", "idpf"],
        "aws": ["ena", "netfront", "ixgbevf"]}
KEYS = ["ipaddr", "netmask", "gateway", "ip6addr", "mtu", "default",
        "exec_wait_for_ip4_secs", "exec_wait_for_ip6_secs"]
IO_VALUES = ["1", "2", "4", "8", "16", "64", "4abc", "0", "", " 4", "2.0", 4]


def run(args):
    p = subprocess.run([MQPLAN] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    return p.returncode, p.stdout.decode(errors="replace"), \
        p.stderr.decode(errors="replace")


def catalog(platform):
    """(name, NIC types offered, most interfaces allowed or 8) per type."""
    rc, out, _ = run(["catalog", "--platform", platform, "--format", "json"])
    if rc != 0:
        sys.exit("property: mqplan catalog --platform %s failed" % platform)
    return [(t["name"], t["nics"], min(t["max_nics"] or 8, 8))
            for t in json.loads(out)]


def addr(r, v6=False):
    if v6:
        return "fd00::%x" % r.randrange(1, 0xffff)
    return "10.%d.%d.%d" % (r.randrange(256), r.randrange(256),
                            r.randrange(1, 255))


def value(r, key):
    """A string a user might give key; sometimes empty."""
    if r.random() < 0.1:
        return ""
    return {"ipaddr": lambda: addr(r), "netmask": lambda: "255.255.0.0",
            "gateway": lambda: addr(r), "ip6addr": lambda: addr(r, True),
            "mtu": lambda: r.choice(["1460", "9000", "1500"]),
            "default": lambda: r.choice(["t", "true"]),
            "exec_wait_for_ip4_secs": lambda: str(r.randrange(1, 60)),
            "exec_wait_for_ip6_secs": lambda: str(r.randrange(1, 60)),
            }[key]()


def field(r, name):
    """An ops field name, as Go matches it: any case will do."""
    return name.lower() if r.random() < 0.15 else name


def gen(r, types):
    platform = r.choice(["gcp", "aws"])
    itype, offered, most = r.choice(types[platform])
    cfg = {}
    apply_args, target = [], []
    if r.random() < 0.6:
        cfg["CloudConfig"] = {"Platform": platform, "Flavor": itype,
                              "Zone": "zone-a"}
    else:
        target += ["--platform", platform, "--instance-type", itype]
    if r.random() < 0.85:
        target += ["--nics", str(r.randrange(1, most + 1))]
    mode = r.random()
    if mode < 0.45:
        # One type for all, usually one the type offers.
        nic = r.choice(offered if r.random() < 0.9 else NICS[platform])
        target += ["--nic", nic]
    elif mode < 0.7:
        for i in r.sample(range(1, 5), r.randrange(1, 3)):
            target += ["--nic", "en%d=%s" % (i, r.choice(offered))]
    rc = {}
    if r.random() < 0.5:
        rc[field(r, "IPAddress")] = r.choice([addr(r), addr(r), ""])
    if r.random() < 0.4:
        rc[field(r, "IPv6Address")] = r.choice([addr(r, True), ""])
    if r.random() < 0.4:
        rc[field(r, "NetMask")] = r.choice(["255.255.255.0", ""])
    if r.random() < 0.4:
        rc[field(r, "Gateway")] = addr(r)
    if r.random() < 0.35:
        nics = []
        for _ in range(r.randrange(0, 5)):
            n = {}
            for f, v in (("IPAddress", addr(r)), ("NetMask", "255.255.0.0"),
                         ("Gateway", addr(r)),
                         ("IPv6Address", addr(r, True))):
                if r.random() < 0.5:
                    n[field(r, f)] = r.choice([v, v, ""])
            nics.append(n)
        rc["Nics"] = nics
    if rc or r.random() < 0.3:
        cfg["RunConfig"] = rc
    mp = {}
    for k in KEYS:
        if r.random() < 0.15:
            mp[k] = value(r, k)
    for i in range(1, 10):
        if r.random() < (0.45 if i <= 2 else 0.12):
            t = {}
            if r.random() < 0.6:
                t["io-queues"] = r.choice(IO_VALUES)
            for k in KEYS:
                if r.random() < 0.1:
                    t[k] = value(r, k)
            if r.random() < 0.2:
                t["note"] = "kept"
            mp["en%d" % i] = t
    if r.random() < 0.1:
        mp["consoles"] = ["+net"]
    if r.random() < 0.2:
        # Nanos reads it for en1 while there is no en1 tuple; apply
        # always takes it out (a tuple holds en1's, or nothing reads it).
        mp["io-queues"] = r.choice(IO_VALUES)
    items = list(mp.items())
    r.shuffle(items)
    mp = dict(items)
    if mp or r.random() < 0.3:
        cfg["ManifestPassthrough"] = mp
    layout = r.choice([None, 2, 4, "\t", "crlf"])
    if layout == "crlf":
        text = json.dumps(cfg, indent=2).replace("\n", "\r\n") + "\r\n"
    else:
        text = json.dumps(cfg, indent=layout) + "\n"
    return text, target, apply_args


def kept(before, after):
    """What the user wrote that is gone: a list of paths."""
    lost = []
    mpb = before.get("ManifestPassthrough", {})
    mpa = after.get("ManifestPassthrough", {})
    for k, v in mpb.items():
        if k not in mpa:
            if k != "io-queues":
                lost.append(k)
        elif isinstance(v, dict):
            for kk, vv in v.items():
                if kk != "io-queues" and mpa[k].get(kk) != vv:
                    lost.append(k + "." + kk)
        elif mpa[k] != v:
            lost.append(k)
    for k in before:
        if k != "ManifestPassthrough" and before[k] != after.get(k):
            lost.append(k)
    return lost


def large(tmp):
    """apply stays linear: 30,000 tuples beyond the target, each emptied of
    io-queues and given its Nics address, on one long line (a line start
    looked up per tuple once made this quadratic: 40 s)."""
    n = 30000
    mp = ", ".join('"en%d": {"io-queues": "4"}' % i for i in range(2, n + 1))
    nics = json.dumps([{"IPAddress": "10.0.%d.%d" % (i // 250 % 250,
                                                     i % 250 + 1)}
                       for i in range(n)])
    path = os.path.join(tmp, "large.json")
    with open(path, "w") as f:
        f.write('{"CloudConfig": {"Platform": "gcp", "Flavor": '
                '"n2-standard-8"},\n"RunConfig": {"Nics": %s}, '
                '"ManifestPassthrough": {%s}\n}\n' % (nics, mp))
    try:
        p = subprocess.run([MQPLAN, "apply", "-q", "--nics", "1", "-c", path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=20)
    except subprocess.TimeoutExpired:
        print("FAIL property large: apply on %d tuples took over 20 s" % n)
        return 1
    with open(path) as f:
        after = json.load(f)["ManifestPassthrough"]
    if p.returncode != 0 or after["en%d" % n] != {"ipaddr": "10.0.%d.%d" % (
            (n - 1) // 250 % 250, (n - 1) % 250 + 1)}:
        print("FAIL property large: apply exited %d" % p.returncode)
        return 1
    return 0


def main():
    types = {p: catalog(p) for p in ("gcp", "aws")}
    r = random.Random(SEED)
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "config.json")
    applied = refused = failed = 0
    print("property: seed %d, %d cases (PROPERTY_SEED=%d to repeat)"
          % (SEED, CASES, SEED))
    try:
        for case in range(CASES):
            text, target, _ = gen(r, types)
            with open(path, "w", newline="") as f:
                f.write(text)

            def fail(why, extra=""):
                print("FAIL property case %d (seed %d): %s" % (case, SEED, why))
                print("  target: %s" % " ".join(target))
                print("  config before:\n" + text)
                if extra:
                    print(extra)

            rc, out, err = run(["apply", "-q", "-c", path] + target)
            with open(path, newline="") as f:
                after = f.read()
            if rc != 0:
                if after != text:
                    fail("apply exited %d but changed the file" % rc, err)
                    failed += 1
                elif not any(r in err for r in EXPECTED_REFUSALS) and \
                        not ("--nics" not in target and LIMIT_REFUSAL in err):
                    fail("apply refused a target it should take", err)
                    failed += 1
                else:
                    refused += 1
                continue
            applied += 1
            vrc, vout, verr = run(["validate", "--fail-on", "warning",
                                   path] + target)
            if vrc != 0:
                fail("validate --fail-on warning exited %d after apply" % vrc,
                     "  config after:\n%s\n  validate:\n%s%s" % (after, vout,
                                                                verr))
                failed += 1
                continue
            rc, out, err = run(["apply", "-q", "-c", path] + target)
            with open(path, newline="") as f:
                again = f.read()
            if rc != 0 or again != after:
                fail("a second apply changed the file (exit %d)" % rc,
                     "  after the first:\n%s\n  after the second:\n%s%s"
                     % (after, again, err))
                failed += 1
                continue
            lost = kept(json.loads(text), json.loads(after))
            if lost:
                fail("apply lost %s" % ", ".join(lost),
                     "  config after:\n" + after)
                failed += 1
        failed += large(tmp)
    finally:
        shutil.rmtree(tmp)
    # A run where apply took too few cases would prove little.
    if applied < CASES * 3 // 4:
        print("FAIL property: apply took only %d of %d cases" % (applied, CASES))
        failed += 1
    print("property: %d checked, %d failed (%d applied, %d refused, "
          "and one large config)" % (CASES + 1, failed, applied, refused))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
