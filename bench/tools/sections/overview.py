"""The document's opening (title, targets, machine and method) and its closing parts."""

from parsers import is_handshake

from .common import fmt, median_of, megabytes, verdict

# Issue 17's targets: golock is what CronLock replaces, so its per-run cost is the yardstick.
TARGET_PEER = "golock-peer"
TARGET_RATIO = 1.0
TARGET_RSS_MB = 10.0
TARGET_COMMANDS = 4

HEADLINE_LABELS = {
    "golock-peer": "`golock-peer`: golock's sequence in Go (redigo)",
    "floor-peer": "`floor-peer`: the C floor (hiredis, two round trips)",
    "pair": "the `redis-cli` pair (secondary: two processes, its cost varies with the machine)",
}


def header(m, t):
    return t.lines("header", quick_flag=" --quick" if m.quick else "", date=m.env.get("date", "?"))


def headline_row(m, t, name):
    """One row of the ratios table: cronlock's median over NAME's, pooled and per round."""
    missing = m.peers.get(name)
    if missing or name not in m.med:
        return t.text("targets-ratio-missing", label=HEADLINE_LABELS[name], reason=missing or "no timings")
    r = m.ratio("cronlock", name)
    return t.text("targets-ratio", label=HEADLINE_LABELS[name], ms=fmt(m.med[name]), ratio=fmt(r[0]),
                  ratio_min=fmt(r[1]), ratio_max=fmt(r[2]))


def targets(m, t):
    rows = [headline_row(m, t, n) for n in ("golock-peer", "floor-peer", "pair")]
    rss = median_of(m.rss, "cronlock")
    peers_rss = ", ".join(f"{p} {fmt(median_of(m.rss, p), 1)} MB" for p in m.peers if m.rss.get(p))
    sent = m.monitors["cronlock"][0]
    handshake = sum(1 for _, n, a in sent if is_handshake(n, a))
    if m.peers.get(TARGET_PEER) is None and TARGET_PEER in m.med:
        r = m.ratio("cronlock", TARGET_PEER)
        time_measured = t.text("targets-time", ratio=fmt(r[0]), cronlock_ms=fmt(m.med.get("cronlock")),
                               peer_ms=fmt(m.med[TARGET_PEER]), ratio_min=fmt(r[1]), ratio_max=fmt(r[2]))
        time_verdict = verdict(r[0] <= TARGET_RATIO)
    else:
        time_measured = t.text("targets-time-missing", reason=m.peers.get(TARGET_PEER) or "no timings")
        time_verdict = "**not measured**"
    out = t.lines(
        "targets", ratio_rows=rows, target_ratio=f"{TARGET_RATIO:g}", time_measured=time_measured,
        time_verdict=time_verdict, target_rss=f"{TARGET_RSS_MB:g}", rss=fmt(rss, 1),
        peers_rss=f" ({peers_rss})" if peers_rss else "", rss_verdict=verdict(rss <= TARGET_RSS_MB),
        target_commands=TARGET_COMMANDS, sent=len(sent), handshake=handshake, lock=len(sent) - handshake,
        commands_verdict=verdict(0 < len(sent) <= TARGET_COMMANDS))
    if "flock" in m.med and "hello" in m.med:
        rf, rh = m.ratio("cronlock", "flock"), m.ratio("cronlock", "hello")
        out += t.lines("targets-also", flock_ratio=fmt(rf[0], 1), flock_ratio_min=fmt(rf[1], 1),
                       flock_ratio_max=fmt(rf[2], 1), hello_ratio=fmt(rh[0], 1), hello_ratio_min=fmt(rh[1], 1),
                       hello_ratio_max=fmt(rh[2], 1))
    return out


def method(m, t):
    env = m.env
    return t.lines(
        "method", cpu=env.get("cpu", "?"), cores=env.get("cores", "?"), os=env.get("os", "?"),
        kernel=env.get("kernel", "?"), dotnet=env.get("dotnet", "?"), redis=env.get("redis", "?"),
        hyperfine=env.get("hyperfine", "?"), cronlock=env.get("cronlock", "?"),
        cronlock_mb=megabytes(env.get("cronlock_size", "0")), hello_mb=megabytes(env.get("hello_size", "0")),
        load_before=env.get("load_before", "?"), load_after=env.get("load_after", "?"), rounds=len(m.rounds),
        runs=len(m.rounds[0]["cronlock"]["times"]) if m.rounds else "?")




def levers(m, t):
    # Measured with bench/ab.sh, A/B, which bench/run.sh does not do: the block keeps the figures as measured.
    return t.lines("levers")


def safety_cost(m, t):
    # Measured build to build, which bench/run.sh does not do: the block keeps the figures as measured.
    return t.lines("safety-cost")


def rerunning(m, t):
    return t.lines("rerunning")
