"""Reads what one bench/run.sh run left in its results directory into one Measurements object.

The files, by the part of bench/run.sh that writes them: env.txt (the machine), hyperfine-N.json
and probe-N.json (wall time, one per round), rss.tsv (GNU time), smaps.txt, commandstats-*.txt and
monitor-*.txt (Redis commands), strace-*.txt (where the time goes), syscalls-NAME-N.txt (what each
program asks of the kernel), peers.txt (which peers were built), concurrent-N.* and distinct-N.*
(scaling), micro/results/*-report.csv (BenchmarkDotNet), phases.tsv (phase by phase). Standard library only.
"""

import csv
import glob
import json
import math
import os
import re
import statistics

from parsers import parse_commandstats, parse_monitor, parse_strace, parse_syscall_counts

# The peers bench/run.sh builds (bench/peers), in the order the document gives them.
PEERS = ("golock-peer", "floor-peer")

# The MONITOR captures bench/run.sh takes, one file each.
MONITORED = ("cronlock-cold", "cronlock", "cronlock-held", "reset", "pair")


def read(path, default=None):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return default


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def load_env(d):
    env = {}
    for line in (read(os.path.join(d, "env.txt"), "") or "").splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k] = v
    return env


def load_hyperfine(d):
    """The rounds as read; per command: pooled times (ms), per-round medians, exit codes seen and
    per-round mean CPU ms (user + system)."""
    rounds = []
    for path in sorted(glob.glob(os.path.join(d, "hyperfine-*.json")),
                       key=lambda p: int(re.search(r"-(\d+)\.json$", p).group(1))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        rounds.append({r["command"]: r for r in data["results"]})
    pooled, per_round, codes, cpu = {}, {}, {}, {}
    for r in rounds:
        for name, res in r.items():
            times = [t * 1000.0 for t in res["times"]]
            cpu.setdefault(name, []).append((res.get("user", 0.0) + res.get("system", 0.0)) * 1000.0)
            pooled.setdefault(name, []).extend(times)
            per_round.setdefault(name, []).append(statistics.median(times))
            for c in res.get("exit_codes") or []:
                codes.setdefault(name, {}).setdefault(c, 0)
                codes[name][c] += 1
    return rounds, pooled, per_round, codes, cpu


def load_rss(d):
    """Per command: peak RSS (MB) and minor page faults (GNU time %M and %R) of each run."""
    rss, faults = {}, {}
    for line in (read(os.path.join(d, "rss.tsv"), "") or "").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip().isdigit():
            rss.setdefault(parts[0], []).append(int(parts[1]) / 1024.0)
            if len(parts) >= 3 and parts[2].strip().isdigit():
                faults.setdefault(parts[0], []).append(int(parts[2]))
    return rss, faults


def load_probe(d):
    """Per probe part: pooled wall times (ms) and mean CPU ms, from hyperfine -N rounds."""
    times, cpu = {}, {}
    for path in glob.glob(os.path.join(d, "probe-*.json")):
        with open(path, encoding="utf-8") as f:
            for r in json.load(f)["results"]:
                times.setdefault(r["command"], []).extend(t * 1000.0 for t in r["times"])
                cpu.setdefault(r["command"], []).append((r.get("user", 0.0) + r.get("system", 0.0)) * 1000.0)
    return times, cpu


def load_commandstats(d):
    """The runs the INFO commandstats dump covers, and each command's calls per run once the
    script's own commands are taken out: the DEL before each run and the RESETSTAT / INFO pair."""
    runs = int((read(os.path.join(d, "commandstats-runs.txt"), "0") or "0").strip() or 0)
    stats = parse_commandstats(read(os.path.join(d, "commandstats-cronlock.txt")))
    own = {"del": runs, "config|resetstat": 1, "info": 1}
    per_run = {k: (v - own.get(k, 0)) / runs for k, v in stats.items() if runs and v - own.get(k, 0) > 0}
    return runs, per_run


def load_traces(d):
    """The strace of each timed run, cut into segments (runs that cannot be cut are left out).
    Redis's port is read from the first trace's connect()."""
    port = None
    traces = []
    for path in glob.glob(os.path.join(d, "strace-[0-9]*.txt")):
        text = read(path)
        if port is None:
            pm = re.search(r"connect\(\d+, \{sa_family=AF_INET, sin_port=htons\((\d+)\)", text or "")
            port = pm.group(1) if pm else None
        if port:
            t = parse_strace(text, port)
            if t:
                traces.append(t)
    return traces


def load_peers(d):
    """Each peer: None when it was built and measured, else the reason it was not. A run from
    before the peers existed has no peers.txt: the peers are then "not part of this run"."""
    text = read(os.path.join(d, "peers.txt"))
    if text is None:
        return {p: "not part of this run" for p in PEERS}
    status = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {p: None if status.get(p) == "built" else status.get(p, "not part of this run") for p in PEERS}


def load_syscalls(d):
    """Per program: the {syscall: calls} of each run `strace -f -c` counted."""
    runs = {}
    for path in sorted(glob.glob(os.path.join(d, "syscalls-*-[0-9]*.txt"))):
        name = re.match(r"syscalls-(.+)-\d+\.txt$", os.path.basename(path)).group(1)
        counts = parse_syscall_counts(read(path))
        if counts:
            runs.setdefault(name, []).append(counts)
    return runs


def load_concurrent(d):
    """The bursts of one job, by N; each with the commands Redis executed during it."""
    concurrent = []
    for path in glob.glob(os.path.join(d, "concurrent-*.json")):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        cs = parse_commandstats(read(path.replace(".json", ".commandstats")))
        r["commands"] = sum(v for k, v in cs.items() if k not in ("config|resetstat", "info"))
        r["client_commands"] = sum(cs.get(k, 0) for k in ("evalsha", "eval", "hello", "ping", "script|load"))
        concurrent.append(r)
    concurrent.sort(key=lambda r: r["n"])
    return concurrent


def load_distinct(d):
    """The bursts of N distinct jobs, by N; each with what the server held afterwards."""
    distinct = []
    for path in glob.glob(os.path.join(d, "distinct-*.json")):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        mem = read(path.replace(".json", ".memory"), "") or ""
        used = [int(x) for x in re.findall(r"used_memory:(\d+)", mem)]
        keys = re.search(r"keys:(\d+)", mem)
        r["memory_delta"] = used[-1] - used[0] if len(used) >= 2 else None
        r["keys"] = int(keys.group(1)) if keys else None
        distinct.append(r)
    distinct.sort(key=lambda r: r["n"])
    return distinct


def load_bdn(d):
    rows = []
    for path in glob.glob(os.path.join(d, "micro", "results", "*-report.csv")):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter=","):
                rows.append(row)
    return rows


def load_phases(d):
    """phases.tsv (bench/tools/phases.py): per phase, in order, the median ms since the spawn, the
    median bytes allocated by then (None for "exit") and the number of runs."""
    rows = []
    for line in (read(os.path.join(d, "phases.tsv"), "") or "").splitlines():
        name, ms, allocated, runs = line.split("\t")
        rows.append({"name": name, "ms": float(ms), "allocated": float(allocated) if allocated else None, "runs": int(runs)})
    return rows


class Measurements:
    """One run's data, as the sections of the document use it."""

    def __init__(self, d):
        self.phases = load_phases(d)
        self.dir = d
        self.env = load_env(d)
        self.quick = self.env.get("quick") == "1"
        self.rounds, self.pooled, self.per_round, self.codes, self.cpu = load_hyperfine(d)
        self.rss, self.faults = load_rss(d)
        self.med = {n: statistics.median(t) for n, t in self.pooled.items()}
        self.commandstats_runs, self.per_run_stats = load_commandstats(d)
        self.monitors = {name: parse_monitor(read(os.path.join(d, f"monitor-{name}.txt"))) for name in MONITORED}
        self.traces = load_traces(d)
        self.peers = load_peers(d)
        self.syscalls = load_syscalls(d)
        self.concurrent = load_concurrent(d)
        self.distinct = load_distinct(d)
        self.bdn = load_bdn(d)

    def file(self, name):
        """The text of a file of the run, or None."""
        return read(os.path.join(self.dir, name))

    def ratio(self, a, b):
        """a's median time over b's, pooled, and the lowest and highest of the per-round ratios."""
        rs = [x / y for x, y in zip(self.per_round.get(a, []), self.per_round.get(b, [])) if y > 0]
        med = self.med
        pooled_ratio = med[a] / med[b] if a in med and b in med and med[b] > 0 else float("nan")
        return pooled_ratio, (min(rs) if rs else float("nan")), (max(rs) if rs else float("nan"))
