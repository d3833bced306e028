"""What one run sends to Redis, and what Redis executes for it."""

from parsers import is_handshake

from .common import fmt

MONITOR_LABELS = {
    "cronlock": "uncontended run (scripts cached)",
    "cronlock-cold": "first run after `SCRIPT FLUSH` / a Redis restart",
    "cronlock-held": "lock held elsewhere (exit 200)",
    "reset": "`CRONLOCK_RESET=yes`",
    "pair": "the `redis-cli` pair",
}

# The commands a client sends itself; the others in INFO commandstats run inside its scripts.
TOP_LEVEL = ("evalsha", "eval", "hello", "ping", "script|load")



def redis_commands(m, t):
    rows = []
    for name in ("cronlock", "cronlock-cold", "cronlock-held", "reset", "pair"):
        sent, inside = m.monitors[name]
        hs = sum(1 for _, n, a in sent if is_handshake(n, a))
        seq = " → ".join(f"{n} {a[0]}" if n in ("HELLO",) and a else n for _, n, a in sent) or "(none captured)"
        rows.append(f"| {MONITOR_LABELS[name]} | {len(sent)} | {hs} | {len(sent) - hs} | {inside} | {seq} |")
    out = t.lines("commands", rows=rows)
    stats = m.per_run_stats
    if stats:
        rows = [f"| {k.upper()} | {fmt(v, 2)} |" for k, v in sorted(stats.items(), key=lambda kv: (-kv[1], kv[0]))]
        top = sum(v for k, v in stats.items() if k in TOP_LEVEL)
        out += t.lines("commands-server", runs=m.commandstats_runs, rows=rows, total=fmt(sum(stats.values()), 2),
                       top=fmt(top, 2))
    return out


