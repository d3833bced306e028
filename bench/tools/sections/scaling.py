"""How the cost grows with many hosts (one job, N copies at once) and many jobs (N distinct ones)."""

from .common import NAN, fmt


def scaling(m, t):
    out = t.lines("scaling")
    if m.concurrent:
        out += concurrent(m.concurrent, t)
    if m.distinct:
        out += distinct(m.distinct, t)
    return out


def concurrent(bursts, t):
    rows = []
    for r in bursts:
        lat = r["latency_ms"]
        cs = ", ".join(f"{k}×{v}" for k, v in sorted(r["codes"].items(), key=lambda kv: int(kv[0])))
        note = "" if r["launched"] == r["n"] else f" (only {r['launched']} started within the time budget)"
        rows.append(f"| {r['n']:,} | {fmt(r['wall_ms'], 0)} | {fmt(lat['median'], 1)} / {fmt(lat['p90'], 1)} / "
                    f"{fmt(lat['max'], 1)} | {cs}{note} | {r['commands']:,} | {r['client_commands']:,} |")
    ok = all(r["codes"].get("0", 0) == 1 and r["codes"].get("0", 0) + r["codes"].get("200", 0) == r["launched"]
             for r in bursts)
    return t.lines("scaling-concurrent", rows=rows,
                   one_per_burst=t.text("scaling-one-per-burst-yes" if ok else "scaling-one-per-burst-no"))


def distinct(bursts, t):
    rows = []
    for r in bursts:
        n = r["launched"]
        per = r["wall_ms"] / n if n else NAN
        rate = 1000.0 * n / r["wall_ms"] if r["wall_ms"] else NAN
        mem = f"{r['memory_delta'] / n:,.0f} B" if r.get("memory_delta") is not None and n else "n/a"
        ran = f"{r['codes'].get('0', 0):,}" + ("" if n == r["n"] else f" of {r['n']:,} (budget)")
        rows.append(f"| {r['n']:,} | {ran} | {fmt(r['wall_ms'], 0)} | {fmt(per)} | {fmt(rate, 0)} | "
                    f"{fmt(r['latency_ms']['median'], 1)} / {fmt(r['latency_ms']['p90'], 1)} | "
                    f"{r['keys'] if r['keys'] is not None else 'n/a':,} | {mem} |")
    return t.lines("scaling-distinct", parallel=bursts[0]["parallel"], rows=rows)
