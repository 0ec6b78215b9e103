"""Checks of `mqplan validate --format sarif` output, for sarif.sh.

    sarif.py valid VERSION LOG...    schema, then the fields code scanning reads
    sarif.py bites LOG               broken copies of LOG fail the schema
    sarif.py same LOG TEXT           the results are the text format's lines
    sarif.py man LOG MANTEXT         the rules are mqplan(1)'s list of findings
    sarif.py fields LIST             each line of LIST, "LOG<tab>EXPR<tab>WANT":
                                     EXPR (Python on `log`) as JSON is WANT

Each prints what is wrong and exits 1, or exits 0.
"""
import copy
import json
import re
import sys
import urllib.parse

import jsonschema

SCHEMA = "tests/data/sarif/sarif-schema-2.1.0.json"
LEVELS = ("error", "warning", "note")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


VALIDATOR = None


def schema_errors(log):
    global VALIDATOR
    if VALIDATOR is None:
        schema = load(SCHEMA)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        VALIDATOR = cls(schema)
    return [e.message for e in VALIDATOR.iter_errors(log)]


def fields(log, version):
    """What the schema leaves optional but code scanning needs."""
    bad = []
    if log.get("version") != "2.1.0":
        bad.append("version is not 2.1.0")
    if len(log.get("runs", [])) != 1:
        return bad + ["not exactly one run"]
    run = log["runs"][0]
    drv = run["tool"]["driver"]
    if drv.get("name") != "mqplan" or drv.get("version") != version:
        bad.append("driver %r %r, want mqplan %r" %
                   (drv.get("name"), drv.get("version"), version))
    if "informationUri" in drv:
        bad.append("informationUri set, but the project names no home")
    rules = drv.get("rules", [])
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids) or not ids:
        bad.append("rule ids missing or repeated: %r" % ids)
    for r in rules:
        for k in ("shortDescription", "fullDescription", "help"):
            if not r.get(k, {}).get("text"):
                bad.append("rule %s has no %s text" % (r["id"], k))
    for i, res in enumerate(run.get("results", [])):
        where = "result %d" % i
        idx = res.get("ruleIndex")
        if not isinstance(idx, int) or not 0 <= idx < len(rules) or \
                rules[idx]["id"] != res.get("ruleId"):
            bad.append("%s: ruleIndex %r is not rule %r" %
                       (where, idx, res.get("ruleId")))
        if res.get("level") not in LEVELS:
            bad.append("%s: level %r" % (where, res.get("level")))
        if not res.get("message", {}).get("text"):
            bad.append("%s: no message" % where)
        for loc in res.get("locations", []):
            pl = loc["physicalLocation"]
            uri = pl["artifactLocation"]["uri"]
            if "uriBaseId" in pl["artifactLocation"]:
                bad.append("%s: uriBaseId" % where)
            # RFC 3986: nothing but these, and no scheme but file:.
            if not re.fullmatch(r"[A-Za-z0-9\-._~/!$&'()*+,;=@%]*|"
                                r"file:///[A-Za-z0-9\-._~/!$&'()*+,;=@%]*",
                                uri):
                bad.append("%s: uri %r" % (where, uri))
            reg = pl.get("region")
            # The OASIS schema's rule the shipped copy lacks.
            if reg is not None and not (reg.get("startLine", 0) >= 1 and
                                        reg.get("startColumn", 0) >= 1):
                bad.append("%s: region %r" % (where, reg))
    return bad


def cmd_valid(version, *paths):
    bad = []
    for path in paths:
        try:
            log = load(path)
        except ValueError as e:
            bad.append("%s: not JSON: %s" % (path, e))
            continue
        bad += ["%s: %s" % (path, b) for b in
                schema_errors(log) + fields(log, version)]
    return bad


def cmd_fields(listing):
    bad = []
    with open(listing, encoding="utf-8") as f:
        for line in f:
            path, expr, want = line.rstrip("\n").split("\t")
            try:
                got = json.dumps(eval(expr, {"log": load(path)}))
            except Exception as e:
                got = "error: %r" % e
            if got != want:
                bad.append("%s: %s is %s, want %s" % (path, expr, got, want))
    return bad


def cmd_bites(path):
    """The schema check can fail: each broken copy must be refused."""
    log = load(path)
    breaks = {
        "no version": lambda l: l.pop("version"),
        "version 2.0.0": lambda l: l.update(version="2.0.0"),
        "rule without id": lambda l:
            l["runs"][0]["tool"]["driver"]["rules"][0].pop("id"),
        "driver without name": lambda l:
            l["runs"][0]["tool"]["driver"].pop("name"),
        "level fatal": lambda l:
            l["runs"][0]["results"][0].update(level="fatal"),
        "ruleIndex -2": lambda l:
            l["runs"][0]["results"][0].update(ruleIndex=-2),
        "message without text": lambda l:
            l["runs"][0]["results"][0].update(message={}),
        "startLine 0": lambda l:
            l["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
            ["region"].update(startLine=0),
        "unknown property": lambda l: l.update(extra=1),
    }
    bad = []
    for name, hurt in breaks.items():
        broken = copy.deepcopy(log)
        hurt(broken)
        if not schema_errors(broken):
            bad.append("the schema takes a log with %s" % name)
    return bad


def from_uri(uri):
    if uri.startswith("file://"):
        uri = uri[len("file://"):]
    return urllib.parse.unquote(uri)


def cmd_same(path, text):
    """Each result is a line of the text format, in the same order."""
    want = []
    with open(text, encoding="utf-8") as f:
        for line in f:
            m = re.fullmatch(r"(.*?)(?::(\d+):(\d+))?: (error|warning|note): "
                             r"(.*) \[([a-z0-9-]+)\]\n", line)
            if not m:
                return ["text line not understood: %r" % line]
            file, ln, col, level, msg, rid = m.groups()
            want.append((file, int(ln or 0), int(col or 0), level, rid, msg))
    got = []
    for res in load(path)["runs"][0]["results"]:
        pl = res["locations"][0]["physicalLocation"]
        reg = pl.get("region", {})
        got.append((from_uri(pl["artifactLocation"]["uri"]),
                    reg.get("startLine", 0), reg.get("startColumn", 0),
                    res["level"], res["ruleId"], res["message"]["text"]))
    if got != want:
        return ["results differ from the text format:"] + \
            ["  text  %r" % (w,) for w in want] + \
            ["  sarif %r" % (g,) for g in got]
    return []


def man_entries(mantext):
    """mqplan(1)'s list of findings, as mandoc renders it."""
    with open(mantext, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = next(i for i, l in enumerate(lines)
                 if l.rstrip().endswith("findings:"))
    entries, body = [], None
    for l in lines[start + 1:]:
        s = l.strip()
        if s.startswith("validate and apply read the same rules"):
            break
        m = re.fullmatch(r"([a-z0-9-]+(?:, [a-z0-9-]+)*) \(([^()]*)\)", s)
        if m:
            body = []
            entries.append((m.group(1).split(", "), m.group(2), body))
        elif s:
            body.append(s)
    out = {}
    for ids, level, body in entries:
        text = re.sub(r"\s+", " ", " ".join(body)).strip()
        for i in ids:
            out[i] = (level if level in LEVELS else None, text)
    return out


def cmd_man(path, mantext):
    man = man_entries(mantext)
    rules = load(path)["runs"][0]["tool"]["driver"]["rules"]
    bad = []
    if [r["id"] for r in rules] != list(man):
        bad.append("rules %r, mqplan(1) lists %r" %
                   ([r["id"] for r in rules], list(man)))
    for r in rules:
        level, text = man.get(r["id"], (None, None))
        if r["fullDescription"]["text"] != text or \
                r["help"]["text"] != text:
            bad.append("%s: help %r, mqplan(1) says %r" %
                       (r["id"], r["help"]["text"], text))
        short = r["shortDescription"]["text"]
        m = re.match(r".*?\.(?= |$)", text or "")
        if short != (m.group(0) if m else text):
            bad.append("%s: summary %r is not the first sentence" %
                       (r["id"], short))
        dl = r.get("defaultConfiguration", {}).get("level")
        if dl != level:
            bad.append("%s: level %r, mqplan(1) says %r" % (r["id"], dl,
                                                           level))
    return bad


def main(argv):
    cmd, args = argv[1], argv[2:]
    bad = {"valid": cmd_valid, "bites": cmd_bites, "same": cmd_same,
           "man": cmd_man, "fields": cmd_fields}[cmd](*args)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
