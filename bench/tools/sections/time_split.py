"""Where the time of one run goes (strace), and the in-process parts (BenchmarkDotNet)."""

import statistics

from parsers import parse_files

from .common import NAN, duration, fmt


def time_split(m, t):
    traces = m.traces
    if not traces:
        return t.lines("time-split-missing")
    segs = list(traces[0]["segments"].keys())
    seg_meds = {s: statistics.median([tr["segments"][s] for tr in traces]) for s in segs}
    sm = sum(seg_meds.values())
    rows = [f"| {s} | {fmt(seg_meds[s])} | {fmt(100 * seg_meds[s] / sm, 0)} % |" for s in segs]
    files = parse_files(m.file("strace-files.txt"))
    file_lines = t.lines("time-split-files", opened=files["opened"], openssl="yes" if files["openssl"] else "no",
                         failed_libc=files["failed_libc"]) if files["opened"] else []
    return t.lines(
        "time-split", traces=len(traces), traced=fmt(statistics.median([tr["total"] for tr in traces])),
        untraced=fmt(m.med.get("cronlock", NAN)), rows=rows,
        threads=f"{statistics.median([tr['threads'] for tr in traces]):g}", files=file_lines)


# What `strace -f -c` counts, by column: a thread or a process started, a wait on another thread,
# a yield of the core while spinning for one.
SYSCALL_COLUMNS = (("clone", "clone3", "vfork", "fork"), ("futex",), ("sched_yield",))


def syscalls(m, t):
    """Per program (cronlock and the peers): the median calls per run of each column, and of all."""
    rows = []
    for name in ["cronlock", *m.peers]:
        runs = m.syscalls.get(name)
        if not runs:
            continue
        cols = [statistics.median([sum(r.get(c, 0) for c in group) for r in runs]) for group in SYSCALL_COLUMNS]
        total = statistics.median([sum(r.values()) for r in runs])
        flt = statistics.median(m.faults[name]) if m.faults.get(name) else NAN
        rows.append(f"| {name} | {' | '.join(f'{c:g}' for c in cols)} | {total:g} | {fmt(flt, 0)} |")
    if not rows:
        return []
    return t.lines("time-split-syscalls", runs=len(m.syscalls.get("cronlock", [])), rows=rows)


def in_process(m, t):
    if not m.bdn:
        return []
    rows = []
    for row in m.bdn:
        median = duration(row["Median"]) if row.get("Median") else "n/a"
        rows.append(f"| {row.get('Method', '?').strip(chr(39))} | {duration(row.get('Mean'))} ± "
                    f"{duration(row.get('Error'))} | {median} | {row.get('Allocated', '?')} |")
    return t.lines("in-process", rows=rows)


