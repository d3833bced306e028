#!/usr/bin/env python3
"""Bad-input fuzz for the reliability suite: random CRONLOCK_* variables and flags, valid and not.

    fuzz.py --binary PATH --port REDIS_PORT --closed-port PORT --cases N [--parallel P]
            [--seed S] --work DIR --out RESULT.json

The settings and their value types come from the binary's own --help (flag, <value name>,
[CRONLOCK_VAR; default ...]), so new settings are fuzzed without touching this file. Each case
runs `cronlock [random flags] [--] sh -c 'touch "$0"' MARKER` with random variables on top of a
base that keeps valid runs short (REDIS_TIMEOUT 2, one connect try). The marker path makes every
case's key unique, so cases never contend. Invariants, checked for every case:

  - no stack trace, on stderr or stdout;
  - it ends within 30 s (a crontab must never hang);
  - the exit code is one of CronLock's: 0 (the job, `touch`, exits 0), 200, 201, 202, 203, 204;
  - exit 201 (an error): the job never started (no marker) and stderr has exactly one line
    that is not a debug line;
  - exit 200: the job never started;
  - the job ran exactly when the exit code is 0, unless a mode option was given (an option
    without a CRONLOCK_ variable, such as --status, --list, --acquire, --unlock: those run no job);
  - stdout stays empty unless a mode option was given;
  - no password given to it (pw-… tokens) appears in its output.
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import subprocess
import sys
import time

TRACE = re.compile(r"^\s+at \S+|Unhandled exception|^\s*System\.[A-Za-z.]+Exception", re.M)


def catalogue(binary):
    """[(flag, value_name or None, env var or None)] parsed from --help."""
    text = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30).stdout
    options = text.split("Options:", 1)[1] if "Options:" in text else text
    blocks = re.split(r"\n(?=  -)", options)
    result = []
    for block in blocks:
        m = re.match(r"\s*((?:-[-\w?]+, )*)(--[\w-]+)(?: <([^>]+)>)?", block)
        if not m:
            continue
        flag, value = m.group(2), m.group(3)
        if flag in ("--help", "--version"):
            continue
        env = re.search(r"\[(CRONLOCK_[A-Z_]+);", re.sub(r"\s+", " ", block))
        result.append((flag, value, env.group(1) if env else None))
    return result


class Values:
    def __init__(self, rnd, port, closed, work):
        self.rnd, self.port, self.closed, self.work = rnd, port, closed, work
        self.secret_file = os.path.join(work, "secret")
        with open(self.secret_file, "w", encoding="utf-8") as f:
            f.write("pw-filesecret\n")
        os.chmod(self.secret_file, 0o600)

    def password(self):
        return f"pw-{self.rnd.getrandbits(40):010x}"

    def pick(self, value_name, env_var):
        r, port, closed = self.rnd, self.port, self.closed
        v = (value_name or "").lower()
        name = (env_var or "").upper()
        if v in ("s",):
            return r.choice(["0", "1", "2", "-1", "1.5", "5s", " 5", "+5", "abc", "99999999999999", "",
                             "0x10", "\uff11", "2 "])
        if v in ("n",):
            return r.choice(["0", "1", "2", "15", "16", "-1", "three", "1e3", "99999999999999999999", "2.0", ""])
        if v == "port":
            return r.choice([str(port), str(port), str(closed), "0", "70000", "abc", "-1", "65536", ""])
        if v == "host":
            return r.choice(["127.0.0.1", "127.0.0.1", "localhost", "::1", "bad host", "", "a" * 300])
        if v == "password":
            return r.choice([self.password(), self.password(), ""])
        if v == "prefix":
            return r.choice(["x.", "", "\u00fc.", " ", "{p}"])
        if v == "style":
            return r.choice(["golock", "cronlock", "GOLOCK", "bash", ""])
        if v == "sig":
            return r.choice(["KILL", "TERM", "9", "15", "HUP", "", "sigterm"])
        if v == "what":
            return r.choice(["kill", "warn", "maybe", ""])
        if v == "url":
            pw = self.password()
            return r.choice([f"redis://127.0.0.1:{port}", f"redis://127.0.0.1:{port}/3",
                             f"redis://:{pw}@127.0.0.1:{port}", f"redis://u:{pw}@127.0.0.1:{port}/1",
                             f"rediss://127.0.0.1:{port}", "http://example", "garbage", "",
                             f"127.0.0.1:{port},abortConnect=false", "redis://127.0.0.1:notaport",
                             f"redis://127.0.0.1:{closed}"])
        if v == "list":
            return r.choice([f"127.0.0.1:{closed}", "a:b", "", f"127.0.0.1:{port}", "127.0.0.1"])
        if v == "token":
            return r.choice(["", "x", "a\nb", "\u00fc", "0" * 64, "-1"])
        if v == "text":
            return r.choice(["nightly backup", "", "\u00fc" * 50, "x" * 2000, "a\nb"])
        if v == "path":
            return r.choice(["/nonexistent", "/etc/hostname", "", "/tmp", self.secret_file])
        if v in ("name", "host name"):
            return r.choice(["job", "", "a b", "\u00fc", "x" * 500, "$(touch /tmp/pwn)", "{tag}", "-dash"])
        # Anything else: a mix of plausible and hostile text.
        return r.choice(["", "1", "yes", "-1", "abc", "\u00fc", "x" * 1000, "a\nb"])

    def switch_env(self):
        return self.rnd.choice(["yes", "no", "maybe", "1", "0", "ON", "", "true ", "TRUE", "off"])


def make_case(i, rnd, cat, values, work):
    marker = os.path.join(work, f"mark-{i}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRONLOCK_")}
    env.update({
        "CRONLOCK_HOST": "127.0.0.1", "CRONLOCK_PORT": str(values.port), "CRONLOCK_REDIS_TIMEOUT": "2",
        "CRONLOCK_RECONNECT_ATTEMPTS": "1", "CRONLOCK_RECONNECT_BACKOFF": "0", "CRONLOCK_GRACE": "0",
    })
    secrets = []
    for flag, value, var in rnd.sample(cat, k=min(len(cat), rnd.choice([0, 1, 1, 2, 2, 3, 4]))):
        if var is None:
            continue
        env[var] = values.switch_env() if value is None else values.pick(value, var)
    args = []
    modes = []
    for flag, value, var in rnd.sample(cat, k=min(len(cat), rnd.choice([0, 0, 1, 1, 2, 3]))):
        if var is None and flag != "--json":
            modes.append(flag)
        if value is None:
            args.append(flag)
        else:
            v = values.pick(value, var)
            args += [f"{flag}={v}"] if rnd.random() < 0.3 else [flag, v]
    # --dry-run (or CRONLOCK_DRY_RUN set true) is a mode too: it prints its answer and runs nothing.
    if "--dry-run" in args or env.get("CRONLOCK_DRY_RUN", "").lower() in ("yes", "true", "1", "on"):
        modes.append("--dry-run")
    roll = rnd.random()
    if roll < 0.06:
        args.append(rnd.choice(["--bogus", "--host-name", "-x", "--port=", "--grace=-1", "---", "--=x"]))
    for text in list(env.values()) + args:
        secrets += re.findall(r"pw-[0-9a-f]{10}", text)
    job = ["sh", "-c", 'touch "$0"', marker]
    if rnd.random() < 0.08:
        # Words the job gets that the command-line library must not interpret: a response
        # file, a directive, options that are CronLock's own.
        job.append(rnd.choice(["@response.rsp", "[directive]", "-", "--verbose", "--port", "abc", "--help"]))
    roll = rnd.random()
    if roll < 0.05:
        command = args  # no command at all
    elif roll < 0.15:
        command = args + ["--"] + job
    else:
        command = args + job
    return {"i": i, "env": {k: v for k, v in env.items() if k.startswith("CRONLOCK_")}, "full_env": env,
            "args": command, "marker": marker, "secrets": secrets, "modes": modes}


def run_case(binary, case):
    asked = case["modes"]
    started = time.monotonic()
    try:
        p = subprocess.run([binary] + case["args"], env=case["full_env"], capture_output=True, timeout=30,
                           stdin=subprocess.DEVNULL)
        rc, out, err = p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        rc, out, err = None, (e.stdout or b"").decode("utf-8", "replace"), (e.stderr or b"").decode("utf-8", "replace")
    elapsed = time.monotonic() - started
    ran = os.path.exists(case["marker"])
    problems = []
    if rc is None:
        problems.append("did not end within 30 s")
    if TRACE.search(err) or TRACE.search(out):
        problems.append("stack trace in the output")
    if rc is not None and rc not in (0, 200, 201, 202, 203, 204):
        problems.append(f"exit code {rc} is not one of CronLock's (0 from the job, 200-204)")
    lines = [line for line in err.splitlines() if line.strip()]
    non_debug = [line for line in lines if " debug: " not in line]
    if rc == 201:
        if ran:
            problems.append("exit 201 but the job started")
        # One error line says what was wrong; a warning about something else (a cronlock flag after
        # the command, an unreachable Redlock master) may come before it, nothing more.
        errors = [line for line in non_debug if " error: " in line]
        others = [line for line in non_debug if " error: " not in line and " warning: " not in line]
        if len(errors) != 1 or others:
            problems.append(f"exit 201 with {len(errors)} error and {len(others)} other non-debug stderr lines (want exactly 1 error line)")
    if rc == 200 and ran:
        problems.append("exit 200 but the job started")
    if rc == 0 and not ran and not asked:
        problems.append("exit 0 but the job did not run")
    if ran and asked:
        problems.append(f"the job ran although {asked[0]} was given")
    if ran and rc not in (0, None):
        problems.append(f"the job ran but the exit code is {rc}")
    if out and not asked:
        problems.append("wrote to stdout")
    for secret in case["secrets"]:
        if secret in err or secret in out:
            problems.append(f"password {secret} appears in the output")
    return {"i": case["i"], "rc": rc, "elapsed": elapsed, "ran": ran, "problems": problems,
            "env": case["env"], "args": case["args"], "stderr": err[-600:], "modes": asked}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--closed-port", type=int, required=True)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=6)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rnd = random.Random(args.seed)
    cat = catalogue(args.binary)
    values = Values(rnd, args.port, args.closed_port, args.work)
    cases = [make_case(i, rnd, cat, values, args.work) for i in range(args.cases)]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.parallel) as pool:
        results = list(pool.map(lambda c: run_case(args.binary, c), cases))
    wall = time.monotonic() - started
    codes = {}
    for r in results:
        codes[str(r["rc"])] = codes.get(str(r["rc"]), 0) + 1
    bad = [r for r in results if r["problems"]]
    elapsed = sorted(r["elapsed"] for r in results)
    summary = {
        "cases": len(results), "seed": args.seed, "settings_fuzzed": len(cat), "wall_s": wall,
        "codes": codes, "ran": sum(1 for r in results if r["ran"]),
        "errors_201_one_line": sum(1 for r in results if r["rc"] == 201 and not r["problems"]),
        "elapsed_s": {"median": elapsed[len(elapsed) // 2], "max": elapsed[-1]},
        "violations": len(bad), "examples": bad[:15],
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
