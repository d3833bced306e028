"""Wall time per run, and where it comes from: the ladder of invocations, the build, the probe."""

import statistics

from measurements import load_probe, pct
from parsers import parse_files

from .common import NAN, fmt, median_of, megabytes

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
    "golock-peer": "`golock-peer true`: golock's sequence in Go (PING, SET NX EX, GETSET, EXPIREAT)",
    "floor-peer": "`floor-peer true`: C with hiredis (SET NX EX, fork/exec, one EVAL)",
}

EXPECTED_CODES = {
    "cronlock": 0, "flock": 0, "pair": 0, "hello": 0, "cronlock-held": 200, "cronlock-key": 0,
    "version": 0, "bad-setting": 201, "reset-key": 200, "reset": 200, "cronlock-pie": 0, "golock-peer": 0,
    "floor-peer": 0, "cronlock-ping": 0, "cronlock-quiet": 0, "cronlock-metrics": 0, "cronlock-json": 0,
}

PROBE_PARTS = [
    ("hello", "AOT hello-world: the floor of a small AOT binary"),
    ("probe-idle", "nothing, in a binary that links what cronlock links (StackExchange.Redis, System.CommandLine, Serilog)"),
    ("probe-cli", "+ build a root command with 40 options and parse `true` (System.CommandLine)"),
    ("probe-logger", "+ create the Serilog stderr logger and write one line"),
    ("probe-md5-openssl", "+ `MD5.HashData` of a command line (loads OpenSSL)"),
    ("probe-md5-managed", "+ the same md5 in managed code (cronlock's own, src/CronLock/Options/Md5.cs)"),
    ("probe-libc-probed", "+ one `[LibraryImport(\"libc\")]` call, resolved at run time (as cronlock's posix_spawn)"),
    ("probe-libc-direct", "+ the same call bound at link time (`<DirectPInvoke>`)"),
    ("probe-raw-sync", "+ cronlock's handshake (HELLO 2, PING) over a bare socket, blocking calls: no client library, no thread pool"),
    ("probe-raw-async", "+ the same with async socket calls (the sockets engine's epoll thread and the thread pool start)"),
    ("probe-connect", "+ connect with StackExchange.Redis and the trimmed single-host handshake, PING, close"),
    ("probe-connect-sync", "+ the same with the library's blocking calls (`Connect`, `Ping`) instead of async ones"),
]


def wall_time(m, t):
    rows = []
    for n in ["cronlock", "golock-peer", "floor-peer", "cronlock-held", "pair", "flock", "hello"]:
        if n not in m.pooled:
            continue
        times = m.pooled[n]
        cs = ", ".join(f"{c}×{k}" for c, k in sorted((m.codes.get(n) or {}).items()))
        cpu = statistics.mean(m.cpu[n]) if m.cpu.get(n) else NAN
        vs_golock = fmt(m.ratio(n, "golock-peer")[0]) + "×" if "golock-peer" in m.med else "n/a"
        rows.append(f"| {n} | {DESCRIPTIONS[n]} | {fmt(m.med[n])} | {fmt(pct(times, .25))}–{fmt(pct(times, .75))} | "
                    f"{fmt(statistics.mean(times))} ± {fmt(statistics.stdev(times) if len(times) > 1 else 0)} | "
                    f"{vs_golock} | {fmt(cpu)} | {cs} |")
    out = t.lines("wall-time", rows=rows)
    # CPU next to golock's, or next to the pair's in a run without golock-peer.
    peer = next((n for n in ("golock-peer", "pair") if m.cpu.get(n)), None)
    if m.cpu.get("cronlock") and peer:
        c1, c2 = statistics.mean(m.cpu["cronlock"]), statistics.mean(m.cpu[peer])
        out += t.lines("wall-time-cpu", cronlock_cpu=fmt(c1), peer_cpu=fmt(c2), cpu_ratio=fmt(c1 / c2),
                       peer="`golock-peer`" if peer == "golock-peer" else "the pair")
    bad = [n for n, c in m.codes.items() if n in EXPECTED_CODES and set(c) != {EXPECTED_CODES[n]}]
    if bad:
        out += t.lines("wall-time-warning", commands=", ".join(bad))
    return out


def ladder(m, t):
    med, rss = m.med, m.rss
    rows = []
    prev = None
    for n in ["hello", "version", "bad-setting", "reset-key", "cronlock-key", "cronlock"]:
        if n not in med:
            continue
        delta = "" if prev is None else fmt(med[n] - med[prev])
        r = fmt(statistics.median(rss[n]), 1) if rss.get(n) else "n/a"
        rows.append(f"| {n} | {DESCRIPTIONS[n]} | {fmt(med[n])} | {delta} | {r} |")
        prev = n
    out = t.lines("ladder", rows=rows)
    if "reset" in med and "reset-key" in med and "cronlock-key" in med:
        md5_rss = (statistics.median(rss["cronlock"]) - statistics.median(rss["cronlock-key"])
                   if rss.get("cronlock") and rss.get("cronlock-key") else NAN)
        openssl = parse_files(m.file("strace-files.txt"))["openssl"]
        cause = t.text("ladder-md5-openssl" if openssl else "ladder-md5-no-openssl")
        out += t.lines("ladder-md5", key_ms=fmt(med["cronlock"] - med["cronlock-key"]), key_mb=fmt(md5_rss, 1),
                       reset_ms=fmt(med["reset"] - med["reset-key"]), cause=cause)
    return out


def build(m, t):
    med, rss, faults, env = m.med, m.rss, m.faults, m.env
    if not ("cronlock-pie" in med and rss.get("cronlock-pie") and faults.get("cronlock") and faults.get("cronlock-pie")):
        return []
    rp = m.ratio("cronlock-pie", "cronlock")
    f_pie, f_ours = statistics.median(faults["cronlock-pie"]), statistics.median(faults["cronlock"])
    per_fault_us = 1000.0 * (med["cronlock-pie"] - med["cronlock"]) / (f_pie - f_ours) if f_pie > f_ours else NAN
    return t.lines(
        "build", pie_faults=fmt(f_pie, 0), per_fault_us=fmt(per_fault_us, 0),
        ours_ms=fmt(med["cronlock"]), ours_mb=fmt(statistics.median(rss["cronlock"]), 1), ours_faults=fmt(f_ours, 0),
        ours_size=megabytes(env.get("cronlock_size", "0")), pie_ms=fmt(med["cronlock-pie"]),
        pie_mb=fmt(statistics.median(rss["cronlock-pie"]), 1), pie_size=megabytes(env.get("cronlock_pie_size", "0")),
        ratio=fmt(rp[0]), ratio_min=fmt(rp[1]), ratio_max=fmt(rp[2]), more_faults=fmt(f_pie - f_ours, 0))


def probe(m, t):
    ptimes, pcpu = load_probe(m.dir)
    if not ptimes.get("probe-idle"):
        return []
    idle = statistics.median(ptimes["probe-idle"])
    idle_rss = median_of(m.rss, "probe-idle")
    rows = []
    for name, what in PROBE_PARTS:
        if not ptimes.get(name):
            continue
        med = statistics.median(ptimes[name])
        r = median_of(m.rss, name)
        flt = median_of(m.faults, name)
        baseline = name in ("hello", "probe-idle")
        delta = "" if baseline else fmt(med - idle)
        rdelta = "" if baseline else fmt(r - idle_rss, 1)
        rows.append(f"| {what} | {fmt(med)} | {delta} | {fmt(statistics.mean(pcpu[name]))} | {fmt(r, 1)} | {rdelta} "
                    f"| {fmt(flt, 0)} |")
    floor = ""
    if ptimes.get("probe-connect") and m.med.get("golock-peer"):
        connect = statistics.median(ptimes["probe-connect"])
        floor = "\n" + t.text("probe-floor", connect_ms=fmt(connect), peer_ms=fmt(m.med["golock-peer"]),
                              floor_ratio=fmt(connect / m.med["golock-peer"]))
    return t.lines("probe", rows=rows, floor=floor)


