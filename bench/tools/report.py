#!/usr/bin/env python3
"""Turns the raw data of one bench/run.sh run into docs/performance.md and its two SVG charts.

    report.py RESULTS_DIR DOCS_DIR

Reads what bench/run.sh left in RESULTS_DIR (hyperfine JSON per round, rss.tsv, INFO
commandstats dumps, MONITOR captures, strace logs, burst JSON, BenchmarkDotNet CSV) and writes
DOCS_DIR/performance.md, performance-time.svg and performance-scaling.svg. Standard library only.
"""

import csv
import glob
import html
import json
import math
import os
import re
import statistics
import sys

TARGET_RATIO = 0.75
TARGET_RSS_MB = 12.0
TARGET_COMMANDS = 5

DESCRIPTIONS = {
    "cronlock": "`cronlock true`: md5-derived key, acquires, runs `true`, leaves the lock",
    "flock": "`flock -n F true`: a local lock file",
    "pair": "`redis-cli SET k v NX EX 60 && true; redis-cli DEL k`: the hand-written wrapper",
    "hello": "AOT hello-world (bench/hello): the floor of any .NET AOT process",
    "cronlock-held": "`cronlock true` when the lock is held elsewhere: exits 200, runs nothing",
    "cronlock-key": "`CRONLOCK_KEY=… cronlock true`: as `cronlock`, without the md5",
    "version": "`cronlock --version`: runtime start, command line, one line out",
    "bad-setting": "`CRONLOCK_GRACE=x cronlock true`: + settings, logger, one error line (201)",
    "reset-key": "`CRONLOCK_RESET=yes CRONLOCK_KEY=… cronlock true`: + connect, one script/DEL (200)",
    "reset": "`CRONLOCK_RESET=yes cronlock true`: as reset-key, with the md5-derived key (200)",
    "cronlock-pie": "`cronlock true`, by the same sources built as .NET's default: PIE, dehydrated type data",
}

EXPECTED_CODES = {
    "cronlock": 0, "flock": 0, "pair": 0, "hello": 0, "cronlock-held": 200, "cronlock-key": 0,
    "version": 0, "bad-setting": 201, "reset-key": 200, "reset": 200, "cronlock-pie": 0,
}

CPU = {}  # command -> per-round mean CPU ms (user + system), from hyperfine

HANDSHAKE = {"HELLO", "PING", "AUTH", "SELECT", "CLIENT", "INFO", "CONFIG", "CLUSTER", "ECHO",
             "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "COMMAND", "SENTINEL", "ROLE", "READONLY"}


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


def duration(text):
    """BenchmarkDotNet's "2,258,919.6 ns" as "2.26 ms"."""
    m = re.match(r"^\s*([\d,]+(?:\.\d+)?)\s*(ns|us|μs|ms|s)\s*$", text or "")
    if not m:
        return text or "?"
    ns = float(m.group(1).replace(",", "")) * {"ns": 1, "us": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9}[m.group(2)]
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def fmt(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.{digits}f}"


# ---------------------------------------------------------------------------------------- data


def load_env(d):
    env = {}
    for line in (read(os.path.join(d, "env.txt"), "") or "").splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k] = v
    return env


def load_hyperfine(d):
    """Per command: pooled times (ms), per-round medians, exit codes seen."""
    rounds = []
    for path in sorted(glob.glob(os.path.join(d, "hyperfine-*.json")),
                       key=lambda p: int(re.search(r"-(\d+)\.json$", p).group(1))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        rounds.append({r["command"]: r for r in data["results"]})
    pooled, per_round, codes = {}, {}, {}
    for r in rounds:
        for name, res in r.items():
            times = [t * 1000.0 for t in res["times"]]
            CPU.setdefault(name, []).append((res.get("user", 0.0) + res.get("system", 0.0)) * 1000.0)
            pooled.setdefault(name, []).extend(times)
            per_round.setdefault(name, []).append(statistics.median(times))
            for c in res.get("exit_codes") or []:
                codes.setdefault(name, {}).setdefault(c, 0)
                codes[name][c] += 1
    return rounds, pooled, per_round, codes


def round_ratios(per_round, a, b):
    return [x / y for x, y in zip(per_round.get(a, []), per_round.get(b, [])) if y > 0]


FAULTS = {}  # command -> minor page faults per run (GNU time %R)


def load_rss(d):
    rss = {}
    for line in (read(os.path.join(d, "rss.tsv"), "") or "").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip().isdigit():
            rss.setdefault(parts[0], []).append(int(parts[1]) / 1024.0)
            if len(parts) >= 3 and parts[2].strip().isdigit():
                FAULTS.setdefault(parts[0], []).append(int(parts[2]))
    return rss


def load_probe(d):
    """Per probe part: pooled wall times (ms) and mean CPU ms, from hyperfine -N rounds."""
    times, cpu = {}, {}
    for path in glob.glob(os.path.join(d, "probe-*.json")):
        with open(path, encoding="utf-8") as f:
            for r in json.load(f)["results"]:
                times.setdefault(r["command"], []).extend(t * 1000.0 for t in r["times"])
                cpu.setdefault(r["command"], []).append((r.get("user", 0.0) + r.get("system", 0.0)) * 1000.0)
    return times, cpu


PROBE_PARTS = [
    ("hello", "AOT hello-world: the floor of a small AOT binary"),
    ("probe-idle", "nothing, in a binary that links what cronlock links (StackExchange.Redis, System.CommandLine, Serilog)"),
    ("probe-cli", "+ build a root command with 40 options and parse `true` (System.CommandLine)"),
    ("probe-logger", "+ create the Serilog stderr logger and write one line"),
    ("probe-md5-openssl", "+ `MD5.HashData` of a command line (loads OpenSSL)"),
    ("probe-md5-managed", "+ the same md5 in managed code (cronlock's own, src/CronLock/Options/Md5.cs)"),
    ("probe-libc-probed", "+ one `[LibraryImport(\"libc\")]` call, resolved at run time (as cronlock's posix_spawn)"),
    ("probe-libc-direct", "+ the same call bound at link time (`<DirectPInvoke>`)"),
    ("probe-connect", "+ connect with the trimmed single-host handshake, PING, close"),
]


def parse_commandstats(text):
    stats = {}
    for line in (text or "").splitlines():
        m = re.match(r"cmdstat_([^:]+):calls=(\d+)", line.strip())
        if m:
            stats[m.group(1)] = int(m.group(2))
    return stats


def parse_monitor(text):
    """Client-sent commands in order as (client, NAME, args); and the count of script-internal ones."""
    sent, inside = [], 0
    for line in (text or "").splitlines():
        m = re.match(r"^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$", line.strip())
        if not m:
            continue
        client, rest = m.group(1), m.group(2)
        args = re.findall(r'"((?:[^"\\]|\\.)*)"', rest)
        if not args:
            continue
        if client == "lua":
            inside += 1
            continue
        if args[0].upper() == "ECHO" and len(args) > 1 and args[1].startswith("bench.monitor"):
            continue
        sent.append((client, args[0].upper(), args[1:]))
    return sent, inside


def is_handshake(name, args):
    if name in HANDSHAKE:
        return True
    return name == "GET" and any("TieBreak" in a for a in args)


# strace -f -ttt lines: "PID TIME call(...) = RET" / "PID TIME <... call resumed>...) = RET" /
# "PID TIME +++ exited with N +++"
LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")


def parse_strace(text, port):
    events = []
    for line in (text or "").splitlines():
        m = LINE.match(line)
        if m:
            events.append((int(m.group(1)), float(m.group(2)), m.group(3)))
    if not events:
        return None
    main = events[0][0]
    t0 = events[0][1]
    marks = {"start": t0}
    evalsha_sends = 0
    pending_reply = None
    child = None
    threads = 0
    for pid, t, rest in events:
        if rest.startswith("connect(") and f"htons({port})" in rest and "connect" not in marks:
            marks["connect"] = t
        elif "sendto(" in rest and "EVALSHA" in rest or ("sendto(" in rest and "\\r\\nEVAL\\r\\n" in rest):
            evalsha_sends += 1
            if evalsha_sends == 1:
                marks["acquire_sent"] = t
                pending_reply = "acquire_reply"
            elif evalsha_sends == 2 or ("leave_sent" not in marks and "child_exit" in marks):
                marks.setdefault("leave_sent", t)
                pending_reply = "leave_reply"
        elif pending_reply and "recvfrom" in rest and re.search(r"= [1-9]\d*$", rest):
            marks.setdefault(pending_reply, t)
            pending_reply = None
        elif rest.startswith("execve(") and pid != main and child is None:
            child = pid
            marks["child_exec"] = t
        elif child is not None and pid == child and rest.startswith("+++ exited"):
            marks["child_exit"] = t
        elif pid == main and rest.startswith("+++ exited"):
            marks["end"] = t
        if re.match(r"clone3?\(", rest) and "CLONE_THREAD" in rest:
            threads += 1
    order = ["start", "connect", "acquire_sent", "acquire_reply", "child_exec", "child_exit", "leave_reply", "end"]
    if not all(k in marks for k in order):
        return None
    seg = {
        "process start → connect()": marks["connect"] - marks["start"],
        "connect + handshake": marks["acquire_sent"] - marks["connect"],
        "acquire (EVALSHA round trip)": marks["acquire_reply"] - marks["acquire_sent"],
        "spawn (until the job's execve)": marks["child_exec"] - marks["acquire_reply"],
        "the job itself (`true`)": marks["child_exit"] - marks["child_exec"],
        "leave (reap + EVALSHA round trip)": marks["leave_reply"] - marks["child_exit"],
        "exit (until the process is gone)": marks["end"] - marks["leave_reply"],
    }
    seg = {k: v * 1000.0 for k, v in seg.items()}
    return {"segments": seg, "total": (marks["end"] - marks["start"]) * 1000.0, "threads": threads}


def parse_files(text):
    """From a strace of openat: files opened, failed opens while resolving "libc", OpenSSL loaded."""
    opened = failed_libc = 0
    openssl = False
    for line in (text or "").splitlines():
        if "openat(" not in line:
            continue
        opened += 1
        if "ENOENT" in line and re.search(r'/lib(lib)?c(\.so)?"', line):
            failed_libc += 1
        if "libcrypto" in line and "ENOENT" not in line:
            openssl = True
    return {"opened": opened, "failed_libc": failed_libc, "openssl": openssl}


def elf_sections(path):
    """{name: size} of an ELF64 little-endian file's sections; {} when it cannot be read."""
    import struct
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return {}
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return {}
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx]
    names = data[strtab[4]:strtab[4] + strtab[5]]
    result = {}
    for h in headers:
        end = names.find(b"\0", h[0])
        result[names[h[0]:end].decode()] = h[5]
    return result


def smaps_composition(text, binary):
    """Resident KB by what backs it: the binary, each library, anonymous memory."""
    parts = {}
    current = None
    for line in (text or "").splitlines():
        m = re.match(r"^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$", line)
        if m:
            path = m.group(2).strip()
            if binary and path == binary:
                current = "the cronlock binary (code, read-only data)" if "w" not in m.group(1) else "the cronlock binary (writable data)"
            elif path.startswith("/"):
                current = os.path.basename(path)
            else:
                current = "anonymous (heaps, stacks, start-up data written by the runtime)"
            continue
        if line.startswith("Rss:") and current:
            parts[current] = parts.get(current, 0) + int(line.split()[1])
    return parts


def load_bdn(d):
    rows = []
    for path in glob.glob(os.path.join(d, "micro", "results", "*-report.csv")):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter=","):
                rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------- SVG


def svg_time_chart(pooled, names, target_ms, path):
    rows = [n for n in names if n in pooled]
    width, left, right, bar, gap, top = 760, 150, 40, 18, 10, 52
    height = top + len(rows) * (bar + gap) + 50
    hi = max(pct(pooled[n], 0.75) for n in rows) * 1.1
    scale = (width - left - right) / hi
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14" font-weight="bold">Wall time per run, median (bar) '
           f'and 25th-75th percentile (line), ms</text>']
    step = 10 ** math.floor(math.log10(hi / 4)) if hi > 0 else 1
    for mult in (1, 2, 5, 10):
        if hi / (step * mult) <= 8:
            step *= mult
            break
    x = 0.0
    while x <= hi:
        px = left + x * scale
        out.append(f'<line x1="{px:.1f}" y1="{top - 5}" x2="{px:.1f}" y2="{height - 40}" stroke="#ddd"/>')
        out.append(f'<text x="{px:.1f}" y="{height - 25}" text-anchor="middle">{x:g}</text>')
        x += step
    for i, n in enumerate(rows):
        y = top + i * (bar + gap)
        med, q1, q3 = statistics.median(pooled[n]), pct(pooled[n], 0.25), pct(pooled[n], 0.75)
        colour = "#d9534f" if n == "cronlock" else "#5b8def" if n.startswith("cronlock") or n in (
            "version", "bad-setting", "reset", "reset-key") else "#999"
        out.append(f'<text x="{left - 8}" y="{y + bar - 4}" text-anchor="end">{html.escape(n)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{med * scale:.1f}" height="{bar}" fill="{colour}"/>')
        out.append(f'<line x1="{left + q1 * scale:.1f}" y1="{y + bar / 2}" x2="{left + q3 * scale:.1f}" '
                   f'y2="{y + bar / 2}" stroke="black" stroke-width="1.5"/>')
        out.append(f'<text x="{left + max(med, q3) * scale + 6:.1f}" y="{y + bar - 4}">{med:.2f}</text>')
    if target_ms and not math.isnan(target_ms):
        px = left + target_ms * scale
        out.append(f'<line x1="{px:.1f}" y1="{top - 8}" x2="{px:.1f}" y2="{height - 40}" stroke="#d9534f" '
                   f'stroke-dasharray="4,3"/>')
        out.append(f'<text x="{px + 4:.1f}" y="{top - 12}" fill="#d9534f">target: 0.75 × pair = {target_ms:.2f} ms</text>')
    out.append(f'<text x="{left}" y="{height - 8}">ms</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def svg_scaling_chart(series, path):
    """series: list of (label, colour, [(n, ms)])."""
    width, height, left, right, top, bottom = 760, 420, 70, 30, 40, 60
    pts = [p for _, _, s in series for p in s if p[1] > 0]
    if not pts:
        return
    xmin, xmax = 1, max(p[0] for p in pts)
    ymin = 10 ** math.floor(math.log10(min(p[1] for p in pts)))
    ymax = 10 ** math.ceil(math.log10(max(p[1] for p in pts)))
    xmax = 10 ** math.ceil(math.log10(max(xmax, 10)))

    def px(n):
        return left + (math.log10(n) - math.log10(xmin)) / (math.log10(xmax) - math.log10(xmin)) * (width - left - right)

    def py(v):
        return height - bottom - (math.log10(v) - math.log10(ymin)) / (math.log10(ymax) - math.log10(ymin)) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">Scaling: time until every run has exited '
           f'(log-log)</text>']
    n = xmin
    while n <= xmax:
        out.append(f'<line x1="{px(n):.1f}" y1="{top}" x2="{px(n):.1f}" y2="{height - bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{px(n):.1f}" y="{height - bottom + 16}" text-anchor="middle">{n:,}</text>')
        n *= 10
    v = ymin
    while v <= ymax:
        out.append(f'<line x1="{left}" y1="{py(v):.1f}" x2="{width - right}" y2="{py(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
        v *= 10
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 20}" text-anchor="middle">runs (N)</text>')
    out.append(f'<text x="16" y="{(top + height - bottom) / 2}" transform="rotate(-90 16 {(top + height - bottom) / 2})" '
               f'text-anchor="middle">ms</text>')
    for i, (label, colour, s) in enumerate(series):
        s = [p for p in s if p[1] > 0]
        if not s:
            continue
        d = " ".join(f"{'M' if j == 0 else 'L'}{px(p[0]):.1f},{py(p[1]):.1f}" for j, p in enumerate(s))
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in s:
            out.append(f'<circle cx="{px(p[0]):.1f}" cy="{py(p[1]):.1f}" r="3.5" fill="{colour}"/>')
        ly = top + 14 + i * 18
        out.append(f'<rect x="{left + 12}" y="{ly - 10}" width="14" height="4" fill="{colour}"/>')
        out.append(f'<text x="{left + 32}" y="{ly - 4}">{html.escape(label)}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


# ---------------------------------------------------------------------------------------- report


def main():
    d, docs = sys.argv[1], sys.argv[2]
    env = load_env(d)
    quick = env.get("quick") == "1"
    rounds, pooled, per_round, codes = load_hyperfine(d)
    rss = load_rss(d)
    port = None
    m = re.search(r"CRONLOCK_PORT=(\d+)", read(os.path.join(d, "hyperfine-1.log"), "") or "")
    med = {n: statistics.median(t) for n, t in pooled.items()}

    def ratio(a, b):
        rs = round_ratios(per_round, a, b)
        pooled_ratio = med[a] / med[b] if a in med and b in med and med[b] > 0 else float("nan")
        return pooled_ratio, (min(rs) if rs else float("nan")), (max(rs) if rs else float("nan"))

    # ----- commands
    runs = int((read(os.path.join(d, "commandstats-runs.txt"), "0") or "0").strip() or 0)
    stats = parse_commandstats(read(os.path.join(d, "commandstats-cronlock.txt")))
    own = {"del": runs, "config|resetstat": 1, "info": 1}
    per_run_stats = {k: (v - own.get(k, 0)) / runs for k, v in stats.items() if runs and v - own.get(k, 0) > 0}
    monitors = {}
    for name in ("cronlock-cold", "cronlock", "cronlock-held", "reset", "pair"):
        sent, inside = parse_monitor(read(os.path.join(d, f"monitor-{name}.txt")))
        monitors[name] = (sent, inside)

    # ----- strace
    hf_port = None
    traces = []
    for path in glob.glob(os.path.join(d, "strace-[0-9]*.txt")):
        text = read(path)
        if hf_port is None:
            pm = re.search(r"connect\(\d+, \{sa_family=AF_INET, sin_port=htons\((\d+)\)", text or "")
            hf_port = pm.group(1) if pm else None
        if hf_port:
            t = parse_strace(text, hf_port)
            if t:
                traces.append(t)

    # ----- scaling
    concurrent = []
    for path in glob.glob(os.path.join(d, "concurrent-*.json")):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        cs = parse_commandstats(read(path.replace(".json", ".commandstats")))
        r["commands"] = sum(v for k, v in cs.items() if k not in ("config|resetstat", "info"))
        r["client_commands"] = sum(cs.get(k, 0) for k in ("evalsha", "eval", "hello", "ping", "script|load"))
        concurrent.append(r)
    concurrent.sort(key=lambda r: r["n"])
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

    bdn = load_bdn(d)

    # ----- charts
    os.makedirs(docs, exist_ok=True)
    chart_names = ["hello", "flock", "version", "bad-setting", "reset-key", "reset", "cronlock-held",
                   "cronlock-key", "cronlock", "cronlock-pie", "pair"]
    target_ms = med.get("pair", float("nan")) * TARGET_RATIO
    svg_time_chart(pooled, chart_names, target_ms, os.path.join(docs, "performance-time.svg"))
    svg_scaling_chart([
        ("one job, N copies started at once: until all exited", "#d9534f",
         [(r["n"], r["wall_ms"]) for r in concurrent]),
        (f"N distinct jobs, {distinct[0]['parallel'] if distinct else '?'} at a time: total", "#5b8def",
         [(r["launched"], r["wall_ms"]) for r in distinct]),
    ], os.path.join(docs, "performance-scaling.svg"))

    # ----- targets
    r_pair = ratio("cronlock", "pair")
    rss_cronlock = statistics.median(rss["cronlock"]) if rss.get("cronlock") else float("nan")
    warm_sent = monitors["cronlock"][0]
    warm_total = len(warm_sent)
    warm_handshake = sum(1 for _, n, a in warm_sent if is_handshake(n, a))

    def verdict(ok):
        return "**met**" if ok else "**missed**"

    L = []
    w = L.append
    w("# Performance")
    w("")
    w("_Generated by `bash bench/run.sh`" + (" --quick" if quick else "") + f" on {env.get('date', '?')}; "
      "do not edit by hand, re-run the script._")
    w("")
    w("What one cronlock run costs next to the alternatives an operator would otherwise use (`flock` on "
      "one host, a `redis-cli` wrapper across hosts), what it sends to Redis, where its time goes, and how "
      "the cost grows with many hosts and many jobs. Every ratio below comes from the same run of the "
      "script, on the same machine, under the same load.")
    w("")
    w("## Targets")
    w("")
    w("| Target | Measured | |")
    w("|---|---|---|")
    w(f"| median wall time ≤ {TARGET_RATIO}× the `redis-cli` pair | {fmt(r_pair[0])}× "
      f"({fmt(med.get('cronlock'))} ms vs {fmt(med.get('pair'))} ms; per round {fmt(r_pair[1])}–{fmt(r_pair[2])}×) "
      f"| {verdict(r_pair[0] <= TARGET_RATIO)} |")
    w(f"| peak RSS ≤ {TARGET_RSS_MB:g} MB | {fmt(rss_cronlock, 1)} MB | {verdict(rss_cronlock <= TARGET_RSS_MB)} |")
    w(f"| ≤ {TARGET_COMMANDS} commands sent per uncontended run, handshake included | {warm_total} "
      f"({warm_handshake} handshake + {warm_total - warm_handshake} lock) | {verdict(0 < warm_total <= TARGET_COMMANDS)} |")
    w("")
    if "flock" in med and "hello" in med:
        rf, rh = ratio("cronlock", "flock"), ratio("cronlock", "hello")
        w(f"Also: cronlock takes {fmt(rf[0], 1)}× the time of `flock -n` (per round {fmt(rf[1], 1)}–{fmt(rf[2], 1)}×) "
          f"and {fmt(rh[0], 1)}× that of an AOT hello-world (per round {fmt(rh[1], 1)}–{fmt(rh[2], 1)}×).")
        w("")

    w("## Machine and method")
    w("")
    w(f"- {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('os', '?')}, {env.get('kernel', '?')}; "
      f".NET SDK {env.get('dotnet', '?')}, Redis {env.get('redis', '?')}, hyperfine {env.get('hyperfine', '?')}.")
    w(f"- Binary: {env.get('cronlock', '?')}, {int(env.get('cronlock_size', '0')) / 1e6:.1f} MB; "
      f"the AOT hello-world: {int(env.get('hello_size', '0')) / 1e6:.1f} MB.")
    w(f"- Load average (1, 5, 15 min) before: {env.get('load_before', '?')}; after: {env.get('load_after', '?')}. "
      "Absolute times depend on the machine and on whatever else it runs (the scaling part, which runs last, "
      "raises the load average it ends with); the ratios are the figures to compare, since every command saw "
      "the same load in the same rounds.")
    w(f"- Wall time: `hyperfine` in {len(rounds)} rounds of {len(rounds[0]['cronlock']['times']) if rounds else '?'} "
      "runs per command (3 warm-ups), all commands in each round, the order reversed every other round; "
      "the tables pool all runs, and each ratio is also given per round (min–max). Shell mode: hyperfine "
      "subtracts the cost of starting `sh`, which a crontab line pays for any of these commands.")
    w("- Each timed `cronlock` run acquires: `CRONLOCK_GRACE=0` and a `--prepare 'redis-cli DEL key'` "
      "before every run (untimed). GRACE 0 alone is not enough: a finished run still keeps its lock to the "
      "end of its second (`start + GRACE + 1`), and runs follow each other within milliseconds. The prepare "
      "step was preferred to a fresh key per run because the key must stay md5-derived from the same "
      "command line (the path crontabs use), and every command gets the same kind of prepare step, so "
      "none is favoured by what runs between the timed runs. The scripts are already loaded in Redis "
      "(one run before timing), as on any long-lived server.")
    w("- Redis: a throwaway `redis-server` on 127.0.0.1, no persistence, started and stopped by the script.")
    w("")
    w("![wall time per run](performance-time.svg)")
    w("")

    w("## Wall time per run")
    w("")
    w("| Command | What it does | median ms | 25th–75th pct ms | mean ± sd ms | vs pair | CPU ms (user+sys) | exit codes |")
    w("|---|---|---:|---:|---:|---:|---:|---|")
    for n in ["cronlock", "cronlock-held", "pair", "flock", "hello"]:
        if n not in pooled:
            continue
        t = pooled[n]
        rp = ratio(n, "pair")[0]
        cs = ", ".join(f"{c}×{k}" for c, k in sorted((codes.get(n) or {}).items()))
        cpu = statistics.mean(CPU[n]) if CPU.get(n) else float("nan")
        w(f"| {n} | {DESCRIPTIONS[n]} | {fmt(med[n])} | {fmt(pct(t, .25))}–{fmt(pct(t, .75))} | "
          f"{fmt(statistics.mean(t))} ± {fmt(statistics.stdev(t) if len(t) > 1 else 0)} | {fmt(rp)}× | {fmt(cpu)} | {cs} |")
    w("")
    if CPU.get("cronlock") and CPU.get("pair"):
        c1, c2 = statistics.mean(CPU["cronlock"]), statistics.mean(CPU["pair"])
        w(f"CPU time (hyperfine's user + system, mean; it includes the `sh` that runs each command) is less "
          f"sensitive to the machine's load than wall time: cronlock {fmt(c1)} ms against {fmt(c2)} ms for the pair "
          f"({fmt(c1 / c2)}×). On a loaded machine wall time also counts the waits for a core, at every hand-off "
          "between cronlock's threads (see the thread count below) as between the pair's two processes.")
        w("")
    bad = [n for n, c in codes.items() if n in EXPECTED_CODES and set(c) != {EXPECTED_CODES[n]}]
    if bad:
        w("**Warning:** unexpected exit codes for " + ", ".join(bad) + ": those timings do not measure "
          "what they claim (see the hyperfine logs in the raw data).")
        w("")

    w("### Where a run's cost comes from: a ladder of cronlock invocations")
    w("")
    w("Each rung does a little more than the one above it, so the differences between medians split the "
      "cost of a run without instrumenting the binary (same hyperfine rounds as above).")
    w("")
    w("| Rung | What it adds | median ms | + ms over the rung above | peak RSS MB |")
    w("|---|---|---:|---:|---:|")
    ladder = ["hello", "version", "bad-setting", "reset-key", "cronlock-key", "cronlock"]
    prev = None
    for n in ladder:
        if n not in med:
            continue
        delta = "" if prev is None else fmt(med[n] - med[prev])
        r = fmt(statistics.median(rss[n]), 1) if rss.get(n) else "n/a"
        w(f"| {n} | {DESCRIPTIONS[n]} | {fmt(med[n])} | {delta} | {r} |")
        prev = n
    w("")
    if "reset" in med and "reset-key" in med and "cronlock-key" in med:
        md5_rss = (statistics.median(rss["cronlock"]) - statistics.median(rss["cronlock-key"])
                   if rss.get("cronlock") and rss.get("cronlock-key") else float("nan"))
        files = parse_files(read(os.path.join(d, "strace-files.txt")))
        cause = ("This build loads OpenSSL's libcrypto and libssl for it (`MD5.HashData`); nothing else on the "
                 "plain-TCP path needs them." if files["openssl"] else
                 "This build does not load OpenSSL on the plain-TCP path (checked with strace below), so the md5 "
                 "costs next to nothing.")
        w(f"The md5-derived key, measured twice: `cronlock` − `cronlock-key` = "
          f"{fmt(med['cronlock'] - med['cronlock-key'])} ms and {fmt(md5_rss, 1)} MB; `reset` − `reset-key` = "
          f"{fmt(med['reset'] - med['reset-key'])} ms. {cause}")
        w("")

    if "cronlock-pie" in med and rss.get("cronlock-pie") and FAULTS.get("cronlock") and FAULTS.get("cronlock-pie"):
        rp = ratio("cronlock-pie", "cronlock")
        f_pie, f_ours = statistics.median(FAULTS["cronlock-pie"]), statistics.median(FAULTS["cronlock"])
        w("### How the binary is built: no PIE, no dehydration")
        w("")
        per_fault_us = 1000.0 * (med["cronlock-pie"] - med["cronlock"]) / (f_pie - f_ours) if f_pie > f_ours else float("nan")
        w(f"A run of the default native build takes {fmt(f_pie, 0)} page faults, and on this machine each costs about "
          f"{fmt(per_fault_us, 0)} µs (the time the two builds below differ by, divided by the faults they differ by): "
          "much of a run's time goes to faults, not to work. By default Native AOT stores its type "
          "data compressed (\"dehydrated\") and rebuilds it into fresh memory at every start, which touches all of "
          "it; a position-independent executable without dehydration would instead have the dynamic loader "
          "relocate all of it. cronlock is built with neither (`src/CronLock/NativeAot.props`): the data sits in "
          "the file ready to use, and a run touches only the pages it reads. The price is that the executable's "
          "own image is not address-randomised (as with Go binaries such as golock; libraries, heap and stacks "
          "still are). Same sources, same rounds:")
        w("")
        w("| Build | median ms | peak RSS MB | page faults | binary MB |")
        w("|---|---:|---:|---:|---:|")
        w(f"| cronlock as shipped (not PIE, not dehydrated) | {fmt(med['cronlock'])} | "
          f"{fmt(statistics.median(rss['cronlock']), 1)} | {fmt(f_ours, 0)} | {int(env.get('cronlock_size', '0')) / 1e6:.1f} |")
        w(f"| .NET's default (PIE, dehydrated) | {fmt(med['cronlock-pie'])} | "
          f"{fmt(statistics.median(rss['cronlock-pie']), 1)} | {fmt(f_pie, 0)} | {int(env.get('cronlock_pie_size', '0')) / 1e6:.1f} |")
        w("")
        w(f"The default build takes {fmt(rp[0])}× the time of the shipped one (per round {fmt(rp[1])}–{fmt(rp[2])}×) "
          f"and {fmt(f_pie - f_ours, 0)} more page faults per run.")
        w("")

    ptimes, pcpu = load_probe(d)
    if ptimes.get("probe-idle"):
        idle = statistics.median(ptimes["probe-idle"])
        idle_rss = statistics.median(rss["probe-idle"]) if rss.get("probe-idle") else float("nan")
        w("### Cold cost of each part: bench/probe")
        w("")
        w("A native AOT program built with cronlock's settings and libraries, that runs one part per process "
          "(`hyperfine -N`, same rounds). Each part's cost is its difference from `probe-idle`.")
        w("")
        w("| Part | median ms | − idle ms | CPU ms | peak RSS MB | − idle MB | page faults |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        for name, what in PROBE_PARTS:
            if not ptimes.get(name):
                continue
            m = statistics.median(ptimes[name])
            r = statistics.median(rss[name]) if rss.get(name) else float("nan")
            flt = statistics.median(FAULTS[name]) if FAULTS.get(name) else float("nan")
            delta = "" if name in ("hello", "probe-idle") else fmt(m - idle)
            rdelta = "" if name in ("hello", "probe-idle") else fmt(r - idle_rss, 1)
            w(f"| {what} | {fmt(m)} | {delta} | {fmt(statistics.mean(pcpu[name]))} | {fmt(r, 1)} | {rdelta} | {fmt(flt, 0)} |")
        w("")

    w("## Peak memory")
    w("")
    w("Maximum resident set size from GNU time (`/usr/bin/time -f %M`), median of "
      f"{len(rss.get('cronlock', []))} runs. It includes the few hundred KB that `time`'s own forked child "
      "holds before exec (see `true`).")
    w("")
    w("| Command | peak RSS MB | page faults |")
    w("|---|---:|---:|")
    for n in ["cronlock", "cronlock-held", "cronlock-key", "version", "bad-setting", "reset-key", "reset", "flock",
              "redis-cli", "hello", "true"]:
        if rss.get(n):
            label = {"redis-cli": "one `redis-cli SET` of the pair", "true": "`true` (GNU time's floor)"}.get(n, n)
            flt = statistics.median(FAULTS[n]) if FAULTS.get(n) else float("nan")
            w(f"| {label} | {fmt(statistics.median(rss[n]), 1)} | {fmt(flt, 0)} |")
    w("")

    comp = smaps_composition(read(os.path.join(d, "smaps.txt")), env.get("cronlock_path"))
    if comp:
        total = sum(comp.values())
        w(f"What the resident set of a running cronlock is made of (`/proc/PID/smaps` while its job runs; "
          f"{total / 1024:.1f} MB in all):")
        w("")
        w("| Backed by | resident MB |")
        w("|---|---:|")
        for k, v in sorted(comp.items(), key=lambda kv: -kv[1]):
            if v >= 64:
                w(f"| {k} | {v / 1024:.2f} |")
        w("")
    sections = elf_sections(env.get("cronlock_path", ""))
    if sections:
        mb = lambda n: f"{sections.get(n, 0) / 1048576:.2f} MB"
        hydrated = (f", and a `.hydrated` section of {mb('.hydrated')} that the runtime fills in at start-up, all "
                    "of it resident in every run" if sections.get(".hydrated") else
                    "; no `.hydrated` section (built without dehydration: the type data is in `.data`, and a run "
                    "reads only the pages it needs)")
        w(f"In the binary: managed code {mb('__managedcode')}, native code {mb('.text')}, read-only data "
          f"{mb('.rodata')}, writable data {mb('.data')}{hydrated}.")
        w("")

    w("## Redis commands per run")
    w("")
    w("What the client sends, from `MONITOR` (commands that CronLock's Lua scripts execute inside Redis "
      "show there as `lua` and are not counted as sent):")
    w("")
    w("| Scenario | sent | handshake | lock | executed inside scripts | sequence |")
    w("|---|---:|---:|---:|---:|---|")
    labels = {
        "cronlock": "uncontended run (scripts cached)",
        "cronlock-cold": "first run after `SCRIPT FLUSH` / a Redis restart",
        "cronlock-held": "lock held elsewhere (exit 200)",
        "reset": "`CRONLOCK_RESET=yes`",
        "pair": "the `redis-cli` pair",
    }
    for name in ("cronlock", "cronlock-cold", "cronlock-held", "reset", "pair"):
        sent, inside = monitors[name]
        hs = sum(1 for _, n, a in sent if is_handshake(n, a))
        seq = " → ".join(f"{n} {a[0]}" if n in ("HELLO",) and a else n for _, n, a in sent) or "(none captured)"
        w(f"| {labels[name]} | {len(sent)} | {hs} | {len(sent) - hs} | {inside} | {seq} |")
    w("")
    if per_run_stats:
        w(f"`INFO commandstats` deltas over {runs} uncontended runs, per run (the server's view: it counts the "
          "commands run inside scripts as well; the `DEL` that cleared the key between runs is subtracted):")
        w("")
        w("| Command | calls per run |")
        w("|---|---:|")
        for k, v in sorted(per_run_stats.items(), key=lambda kv: (-kv[1], kv[0])):
            w(f"| {k.upper()} | {fmt(v, 2)} |")
        total = sum(per_run_stats.values())
        top = sum(v for k, v in per_run_stats.items() if k in ("evalsha", "eval", "hello", "ping", "script|load"))
        w(f"| **all** | {fmt(total, 2)} (top-level: {fmt(top, 2)}) |")
        w("")

    w("## Where the time of one run goes")
    w("")
    if traces:
        tot = statistics.median([t["total"] for t in traces])
        untraced = med.get("cronlock", float("nan"))
        w(f"From `strace --seccomp-bpf -f -ttt` of {len(traces)} uncontended runs (medians per segment). Tracing "
          f"slows the traced calls: the traced total is {fmt(tot)} ms against {fmt(untraced)} ms untraced "
          "(hyperfine, above), so read the shares, not the absolute figures.")
        w("")
        w("| Segment | median ms | share |")
        w("|---|---:|---:|")
        segs = list(traces[0]["segments"].keys())
        seg_meds = {s: statistics.median([t["segments"][s] for t in traces]) for s in segs}
        sm = sum(seg_meds.values())
        for s in segs:
            w(f"| {s} | {fmt(seg_meds[s])} | {fmt(100 * seg_meds[s] / sm, 0)} % |")
        w(f"| total (median of totals) | {fmt(tot)} | |")
        w("")
        th = statistics.median([t["threads"] for t in traces])
        w(f"- Threads started per run: {th:g}.")
        files = parse_files(read(os.path.join(d, "strace-files.txt")))
        if files["opened"]:
            w(f"- Files opened per run: {files['opened']}; OpenSSL's libcrypto loaded: "
              f"{'yes' if files['openssl'] else 'no'}.")
            w(f"- Failed opens while resolving the library name `libc` of the P/Invokes: {files['failed_libc']} "
              "(without `DirectPInvoke`, the runtime tries `libc.so`, `liblibc.so` and `libc` in the app directory "
              "and along the library path before it settles; they fall in the spawn segment).")
        w("")
    else:
        w("(no usable strace data)")
        w("")

    if bdn:
        w("## In-process parts (BenchmarkDotNet)")
        w("")
        w("Warm, in one process (JIT, thread pool and sockets already up): the cost of each part itself. A real run "
          "pays these once, cold, which the sections above measure. Redis on loopback.")
        w("")
        w("| Part | mean ± error | median | allocated |")
        w("|---|---:|---:|---:|")
        for row in bdn:
            median = duration(row["Median"]) if row.get("Median") else "n/a"
            w(f"| {row.get('Method', '?').strip(chr(39))} | {duration(row.get('Mean'))} ± {duration(row.get('Error'))} | "
              f"{median} | {row.get('Allocated', '?')} |")
        w("")

    w("## Scaling")
    w("")
    w("![scaling](performance-scaling.svg)")
    w("")
    if concurrent:
        w("**One job, N copies started at once** (N hosts whose cron fires together; GRACE 40 so the winner's lock "
          "outlives the burst). Exactly one copy must run (exit 0), the others exit 200.")
        w("")
        w("| N | until all exited ms | per-copy latency median / p90 / max ms | exit codes | commands executed by Redis | top-level commands |")
        w("|---:|---:|---|---|---:|---:|")
        for r in concurrent:
            lat = r["latency_ms"]
            cs = ", ".join(f"{k}×{v}" for k, v in sorted(r["codes"].items(), key=lambda kv: int(kv[0])))
            note = "" if r["launched"] == r["n"] else f" (only {r['launched']} started within the time budget)"
            w(f"| {r['n']:,} | {fmt(r['wall_ms'], 0)} | {fmt(lat['median'], 1)} / {fmt(lat['p90'], 1)} / {fmt(lat['max'], 1)} "
              f"| {cs}{note} | {r['commands']:,} | {r['client_commands']:,} |")
        w("")
        ok = all(r["codes"].get("0", 0) == 1 and r["codes"].get("0", 0) + r["codes"].get("200", 0) == r["launched"]
                 for r in concurrent)
        w("Exactly one run per burst: " + ("yes, at every N." if ok else "**no** (see the exit codes above)."))
        w("")
    if distinct:
        w(f"**N distinct jobs** (N crontab lines with their own keys), {distinct[0]['parallel']} at a time "
          "(2 per core), on an empty server; launching stops after the time budget, and the row says so.")
        w("")
        w("| N | ran | total ms | per run ms (total ÷ N) | runs/s | latency median / p90 ms | Redis keys after | Redis memory after, per job |")
        w("|---:|---:|---:|---:|---:|---|---:|---:|")
        for r in distinct:
            n = r["launched"]
            per = r["wall_ms"] / n if n else float("nan")
            rate = 1000.0 * n / r["wall_ms"] if r["wall_ms"] else float("nan")
            mem = f"{r['memory_delta'] / n:,.0f} B" if r.get("memory_delta") is not None and n else "n/a"
            ran = f"{r['codes'].get('0', 0):,}" + ("" if n == r["n"] else f" of {r['n']:,} (budget)")
            w(f"| {r['n']:,} | {ran} | {fmt(r['wall_ms'], 0)} | {fmt(per)} | {fmt(rate, 0)} | "
              f"{fmt(r['latency_ms']['median'], 1)} / {fmt(r['latency_ms']['p90'], 1)} | "
              f"{r['keys'] if r['keys'] is not None else 'n/a':,} | {mem} |")
        w("")
        w("Every distinct job leaves keys behind after its lock has expired: the fencing counter "
          "(`{key}:fence`, kept forever so tokens keep increasing) and the last-run record (`{key}:last`). "
          "Redis memory grows linearly with the number of distinct jobs ever run; the table shows how much.")
        w("")

    # Measured separately (a build-to-build comparison bench/run.sh does not make); kept as measured.
    w('## What the safety costs')
    w('')
    w('_Measured separately from the run above (hyperfine `-N`, 3 rounds of 150 runs of `cronlock true` against a local redis-server, GRACE 0, the key flushed before each run, on 2026-11-29 on the development VM while it was about 4x slower than during the run above: `flock -n F true` took 7 ms there instead of 2.8). Compare the columns with each other, not with the tables above._')
    w('')
    w('| build | median per round (ms) | vs. before |')
    w('|---|---|---:|')
    w('| before the hardening (230e4a5) | 22.76 / 22.88 / 26.48 | 1.00x |')
    w('| + raw argv and environment bytes, the job started by `spawn.c` with a parent-death signal | 23.47 / 24.31 / 26.85 | 1.03x |')
    w("| + the `cronlock-watch` process that kills the job's group if cronlock is killed with SIGKILL | 29.41 / 33.54 / 32.66 | 1.33x |")
    w('')
    w("Reading the raw bytes from `/proc/self/cmdline` and `/proc/self/environ` and the parent-death signal cost under a millisecond. The watcher is the expensive part: it is a `fork` of the .NET process, so the fork copies its page tables and every page cronlock writes while the watcher lives takes a copy-on-write fault (about 23 us each on this VM, against 1-2 us on bare metal; a bare `fork` of a small C program took 0.75 ms here). cronlock does not wait for it to exit. A version that started the watcher as an exec of cronlock's own binary (`/proc/self/exe`, watcher mode entered in a C constructor before .NET starts) measured about 3 ms cheaper per run here, but under a user-mode emulator (`qemu-user`, as the arm64 tests run) `/proc/self/exe` is the emulator, so the exec'd watcher is not cronlock and a job could run unwatched or fail to start: it is not shipped until it can confirm that its watcher runs. `bash bench/run.sh` measures the current build as a whole.")
    w("")
    w("## Re-running")
    w("")
    w("```sh")
    w("bash bench/run.sh            # full run, about 10-15 minutes; rewrites this file and its charts")
    w("bash bench/run.sh --quick    # smoke run, a few minutes, rougher figures")
    w("```")
    w("")
    w("The raw data of each run (hyperfine JSON, MONITOR captures, strace logs, BenchmarkDotNet reports) stays in "
      "`artifacts/bench/run-*/`. The script needs a Debian/Ubuntu machine with the .NET 10 SDK; it installs "
      "hyperfine, redis-server, strace and GNU time with apt-get when missing.")
    w("")
    with open(os.path.join(docs, "performance.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
