"""The document's opening (title, targets, machine and method) and its closing parts."""

from parsers import is_handshake

from .common import fmt, median_of, megabytes, verdict

TARGET_RATIO = 0.75
TARGET_RSS_MB = 12.0
TARGET_COMMANDS = 5


def header(m, t):
    return t.lines("header", quick_flag=" --quick" if m.quick else "", date=m.env.get("date", "?"))


def targets(m, t):
    med = m.med
    r_pair = m.ratio("cronlock", "pair")
    rss = median_of(m.rss, "cronlock")
    sent = m.monitors["cronlock"][0]
    handshake = sum(1 for _, n, a in sent if is_handshake(n, a))
    out = t.lines(
        "targets", target_ratio=str(TARGET_RATIO), pair_ratio=fmt(r_pair[0]), cronlock_ms=fmt(med.get("cronlock")),
        pair_ms=fmt(med.get("pair")), pair_ratio_min=fmt(r_pair[1]), pair_ratio_max=fmt(r_pair[2]),
        time_verdict=verdict(r_pair[0] <= TARGET_RATIO), target_rss=f"{TARGET_RSS_MB:g}", rss=fmt(rss, 1),
        rss_verdict=verdict(rss <= TARGET_RSS_MB), target_commands=TARGET_COMMANDS, sent=len(sent),
        handshake=handshake, lock=len(sent) - handshake, commands_verdict=verdict(0 < len(sent) <= TARGET_COMMANDS))
    if "flock" in med and "hello" in med:
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




def safety_cost(m, t):
    # Measured build to build, which bench/run.sh does not do: the block keeps the figures as measured.
    return t.lines("safety-cost")


def rerunning(m, t):
    return t.lines("rerunning")
