"""What each run-reporting setting adds to a run, next to the plain `cronlock` run of the same rounds."""

import statistics

from measurements import pct

from .common import fmt, median_of

# The reporting runs bench/run.sh times next to `cronlock`: the setting each adds, and what it costs.
REPORTING = [
    ("cronlock-ping", "`CRONLOCK_PING_URL=http://127.0.0.1:…/ping/bench`",
     "an HttpClient (SocketsHttpHandler) and two requests to the local server: `/start` in the background as the "
     "job starts, and `/0` with the output's tail as the run ends; the job's output goes through pipes to feed it"),
    ("cronlock-quiet", "`CRONLOCK_QUIET=yes`",
     "the job's stdout and stderr through pipes into a spool file (in $TMPDIR, unlinked at once), held back and dropped on "
     "success"),
    ("cronlock-metrics", "`CRONLOCK_METRICS_DIR=…`",
     "a turn on the job's `.lock` file (flock), the previous `.prom` file read for its counters, the new one "
     "written to a temporary file and renamed into place"),
    ("cronlock-json", "`CRONLOCK_LOG_FORMAT=json`",
     "the JSON formatter for cronlock's own stderr lines, and the run's one summary event written through it"),
]


def signed(ms):
    """A difference in ms with its sign: on a loaded machine a small cost can come out below zero."""
    return f"{ms:+.2f}" if ms == ms else "n/a"


def pings(text):
    """The requests the ping server answered, by the path's last segment."""
    counts = {}
    for line in (text or "").splitlines():
        parts = line.split()
        if len(parts) == 2:
            counts[parts[1]] = counts.get(parts[1], 0) + 1
    return counts


def run_reporting(m, t):
    if "cronlock" not in m.med or not any(n in m.med for n, _, _ in REPORTING):
        return []
    base = m.med["cronlock"]

    def row(name, setting, extra, ratio, per_round):
        times = m.pooled[name]
        codes = ", ".join(f"{c}×{k}" for c, k in sorted((m.codes.get(name) or {}).items()))
        return (f"| {name} | {setting} | {fmt(m.med[name])} | {fmt(pct(times, .25))}–{fmt(pct(times, .75))} | "
                f"{extra} | {ratio} | {per_round} | {fmt(median_of(m.rss, name), 1)} | {codes} |")

    rows = [row("cronlock", "none of them", "", "1.00×", "")]
    costs = []
    for name, setting, cost in REPORTING:
        if name not in m.med:
            continue
        r = m.ratio(name, "cronlock")
        delta = signed(m.med[name] - base)
        rows.append(row(name, setting, delta, f"**{fmt(r[0])}×**", f"{fmt(r[1])}–{fmt(r[2])}×"))
        costs.append(t.text("reporting-cost", command=name, ms=delta, cost=cost))
    out = t.lines("reporting", rows=rows, costs=costs)
    seen = pings(m.file("pings.log"))
    if seen and "cronlock-ping" in m.med:
        # Each round runs it 3 times as warm-up before its timed runs.
        runs = sum(len(r["cronlock-ping"]["times"]) + 3 for r in m.rounds if "cronlock-ping" in r)
        runs += len(m.rss.get("cronlock-ping", []))
        start, success = seen.get("start", 0), seen.get("0", 0)
        verdict = t.text("reporting-pings-all" if start == success == runs else "reporting-pings-missing")
        out += t.lines("reporting-pings", start=start, success=success, runs=runs, verdict=verdict,
                       other=sum(v for k, v in seen.items() if k not in ("start", "0")))
    return out
