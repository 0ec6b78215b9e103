#!/usr/bin/env python3
"""Check a composite action's metadata, and run its steps as a runner would.

    composite.py check ACTION_YML
        The keys GitHub's metadata syntax requires (name, description,
        runs.using, each input's description, each output's description
        and value, shell on every run step, exactly one of run and uses,
        bash -n on every bash script),
        ids of the allowed form, a known branding colour, and that no run
        script contains ${{ }} (expressions reach the shell only through
        env:) and every expression names an input or an earlier step.

    composite.py selftest ACTION_YML
        The same check on copies of ACTION_YML with one fault each: every
        copy must be refused, so that check can fail.

    composite.py run ACTION_DIR WORKSPACE OUTPUTS [NAME=VALUE...]
        Run the steps of ACTION_DIR/action.yml in WORKSPACE with those
        inputs (the others take their defaults), as `uses:` would: each
        run step by `bash --noprofile --norc -eo pipefail`, its env:
        expressions evaluated, GITHUB_OUTPUT and GITHUB_PATH files, RUNNER_TEMP
        from the environment.  A `uses:` step (actions/cache only) is
        skipped: the cache must be an optimisation.  Stops at the first
        step that fails, with its status; the action's outputs go to
        OUTPUTS as NAME=VALUE lines.
"""
import copy
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
TOP = {"name", "author", "description", "inputs", "outputs", "runs",
       "branding"}
COLOURS = {"white", "black", "yellow", "blue", "green", "orange", "red",
           "purple", "gray-dark"}
STEP_KEYS = {"id", "name", "if", "run", "shell", "uses", "with", "env",
             "working-directory", "continue-on-error"}
# The contexts a composite step may name here, beside inputs and steps.
CONTEXTS = {"github.action_path", "github.workspace", "runner.temp",
            "runner.os"}


def expressions(value):
    """Every ${{ }} expression in a string, list or mapping."""
    if isinstance(value, str):
        return EXPR.findall(value)
    if isinstance(value, dict):
        return [e for v in value.values() for e in expressions(v)]
    if isinstance(value, list):
        return [e for v in value for e in expressions(v)]
    return []


def check(meta):
    """The problems of an action's metadata, as one line each."""
    bad = []
    if not isinstance(meta, dict):
        return ["not a mapping"]
    for key in sorted(set(meta) - TOP):
        bad.append("unknown top-level key %r" % key)
    for key in ("name", "description"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            bad.append("%s is required" % key)
    inputs = meta.get("inputs") or {}
    if not isinstance(inputs, dict):
        bad.append("inputs is not a mapping")
        inputs = {}
    for name, spec in inputs.items():
        if not ID.match(str(name)):
            bad.append("input id %r" % name)
        if not isinstance(spec, dict) or not isinstance(
                spec.get("description"), str):
            bad.append("input %s has no description" % name)
            continue
        for key in sorted(set(spec) - {"description", "required", "default",
                                       "deprecationMessage"}):
            bad.append("input %s: unknown key %r" % (name, key))
        if "default" in spec and not isinstance(spec["default"], str):
            bad.append("input %s: default is not a string" % name)
    runs = meta.get("runs")
    if not isinstance(runs, dict) or runs.get("using") != "composite":
        bad.append("runs.using must be composite")
        runs = {}
    steps = runs.get("steps")
    if not isinstance(steps, list) or not steps:
        bad.append("runs.steps is required")
        steps = []
    ids = []
    for i, step in enumerate(steps):
        where = "step %d" % (i + 1)
        if not isinstance(step, dict):
            bad.append("%s is not a mapping" % where)
            continue
        for key in sorted(set(step) - STEP_KEYS):
            bad.append("%s: unknown key %r" % (where, key))
        if ("run" in step) == ("uses" in step):
            bad.append("%s: exactly one of run and uses" % where)
        if "run" in step:
            if step.get("shell") not in ("bash", "sh", "pwsh", "python",
                                         "cmd", "powershell"):
                bad.append("%s: a run step needs shell" % where)
            if "${{" in str(step["run"]):
                bad.append("%s: ${{ }} in run: pass it through env:" % where)
            elif step.get("shell") == "bash" and subprocess.run(
                    ["bash", "-n"], input=str(step["run"]).encode(),
                    stderr=subprocess.DEVNULL).returncode != 0:
                bad.append("%s: bash -n refuses the script" % where)
        for e in expressions({k: v for k, v in step.items() if k != "run"}):
            m = re.match(r"^inputs\.([A-Za-z0-9_-]+)$", e)
            s = re.match(r"^steps\.([A-Za-z0-9_-]+)\.outputs\.[A-Za-z0-9_-]+$",
                         e)
            if m and m.group(1) not in inputs:
                bad.append("%s: no input %s" % (where, m.group(1)))
            elif s and s.group(1) not in ids:
                bad.append("%s: no earlier step %s" % (where, s.group(1)))
            elif not m and not s and e not in CONTEXTS:
                bad.append("%s: expression %r not understood" % (where, e))
        if "id" in step:
            if not ID.match(str(step["id"])) or step["id"] in ids:
                bad.append("%s: id %r" % (where, step["id"]))
            ids.append(step["id"])
    outputs = meta.get("outputs") or {}
    for name, spec in outputs.items():
        if not isinstance(spec, dict) or not isinstance(
                spec.get("description"), str):
            bad.append("output %s has no description" % name)
            continue
        if not isinstance(spec.get("value"), str):
            bad.append("output %s has no value" % name)
            continue
        for e in expressions(spec["value"]):
            s = re.match(r"^steps\.([A-Za-z0-9_-]+)\.outputs\.[A-Za-z0-9_-]+$",
                         e)
            if not s or s.group(1) not in ids:
                bad.append("output %s: %r names no step" % (name, e))
    branding = meta.get("branding")
    if branding is not None and (not isinstance(branding, dict) or
                                 branding.get("color") not in COLOURS):
        bad.append("branding.color")
    return bad


def selftest(meta):
    """Faults check() must find, each applied to a copy of meta."""
    def first_run(m):
        return next(s for s in m["runs"]["steps"] if "run" in s)

    def first_input(m):
        return next(iter(m["inputs"].values()))

    faults = {
        "no description": lambda m: m.pop("description"),
        "no name": lambda m: m.pop("name"),
        "input without description":
            lambda m: first_input(m).pop("description"),
        "not composite": lambda m: m["runs"].update(using="node20"),
        "run without shell": lambda m: first_run(m).pop("shell"),
        "input spliced into run": lambda m: first_run(m).update(
            run=first_run(m)["run"] + "\necho ${{ inputs.files }}\n"),
        "unknown input named": lambda m: first_run(m).setdefault(
            "env", {}).update(X="${{ inputs.no-such-input }}"),
        "output without value":
            lambda m: next(iter(m["outputs"].values())).pop("value"),
        "run and uses": lambda m: first_run(m).update(uses="actions/x@v1"),
        "not bash": lambda m: first_run(m).update(
            run=first_run(m)["run"] + "\nif then fi\n"),
    }
    missed = []
    for name, fault in faults.items():
        m = copy.deepcopy(meta)
        fault(m)
        if not check(m):
            missed.append(name)
    return len(faults), missed


def evaluate(text, ctx):
    def one(match):
        e = match.group(1)
        if e not in ctx:
            raise SystemExit("composite: cannot evaluate %r" % e)
        return ctx[e]
    return EXPR.sub(one, str(text))


def read_outputs(path):
    """NAME=VALUE and NAME<<DELIMITER lines, as the runner reads them."""
    out = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or
                             line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            body = []
            while i < len(lines) and lines[i] != delim:
                body.append(lines[i])
                i += 1
            i += 1
            out[name] = "\n".join(body)
        else:
            name, _, value = line.partition("=")
            out[name] = value
    return out


def run(action_dir, workspace, outputs_file, assignments):
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        meta = yaml.safe_load(f)
    inputs = {name: spec.get("default", "")
              for name, spec in (meta.get("inputs") or {}).items()}
    for a in assignments:
        name, sep, value = a.partition("=")
        if not sep or name not in inputs:
            raise SystemExit("composite: no input %r" % name)
        inputs[name] = value
    temp = os.environ.get("RUNNER_TEMP") or tempfile.mkdtemp()
    ctx = {"inputs." + k: v for k, v in inputs.items()}
    ctx.update({"github.action_path": os.path.abspath(action_dir),
                "github.workspace": os.path.abspath(workspace),
                "runner.temp": temp, "runner.os": "Linux"})
    status = 0
    scratch = tempfile.mkdtemp()
    try:
        for i, step in enumerate(meta["runs"]["steps"]):
            # What this runner does not do, it refuses rather than ignores.
            for key in ("if", "working-directory", "continue-on-error"):
                if key in step:
                    raise SystemExit("composite: step %d: cannot run %s:" %
                                     (i + 1, key))
            if "uses" in step:
                if not step["uses"].startswith("actions/cache@"):
                    raise SystemExit("composite: cannot run %s" % step["uses"])
                for v in (step.get("with") or {}).values():
                    evaluate(v, ctx)
                print("composite: %s skipped (a cache miss)" % step["uses"])
                continue
            env = dict(os.environ)
            out = os.path.join(scratch, "output.%d" % i)
            open(out, "w").close()
            env.update(GITHUB_OUTPUT=out,
                       GITHUB_PATH=os.path.join(scratch, "path"),
                       GITHUB_ACTION_PATH=ctx["github.action_path"],
                       GITHUB_WORKSPACE=ctx["github.workspace"],
                       RUNNER_TEMP=temp, RUNNER_OS="Linux")
            for k, v in (step.get("env") or {}).items():
                env[k] = evaluate(v, ctx)
            script = os.path.join(scratch, "step.%d.sh" % i)
            with open(script, "w", encoding="utf-8") as f:
                f.write(step["run"])
            sys.stdout.flush()
            status = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                cwd=workspace, env=env, timeout=300).returncode
            if "id" in step:
                for k, v in read_outputs(out).items():
                    ctx["steps.%s.outputs.%s" % (step["id"], k)] = v
            if status != 0:
                print("composite: step %d (%s) exited %d" %
                      (i + 1, step.get("name", ""), status))
                break
        with open(outputs_file, "w", encoding="utf-8") as f:
            for name, spec in (meta.get("outputs") or {}).items():
                value = EXPR.sub(lambda m: ctx.get(m.group(1), ""),
                                 spec["value"])
                f.write("%s=%s\n" % (name, value))
        path = os.path.join(scratch, "path")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f, \
                    open(outputs_file, "a", encoding="utf-8") as o:
                for line in f.read().split("\n"):
                    if line:
                        o.write("GITHUB_PATH=%s\n" % line)
    finally:
        subprocess.run(["rm", "-rf", scratch])
    return status


def main(argv):
    if len(argv) == 3 and argv[1] in ("check", "selftest"):
        with open(argv[2], encoding="utf-8") as f:
            meta = yaml.safe_load(f)
        if argv[1] == "check":
            bad = check(meta)
            for b in bad:
                print("%s: %s" % (argv[2], b))
            return 1 if bad else 0
        n, missed = selftest(meta)
        for name in missed:
            print("%s: check missed the fault: %s" % (argv[2], name))
        print("composite: %d faults, %d missed" % (n, len(missed)))
        return 1 if missed else 0
    if len(argv) >= 5 and argv[1] == "run":
        return run(argv[2], argv[3], argv[4], argv[5:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
