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


# What happens between one mark and the next (src/CronLock/Logging/PhaseMarks.cs), as the table says it.
PHASES = {
    "main": "process start → `Main`: exec, the dynamic loader, the C constructor (one malloc arena; the watcher forked), the .NET runtime's start (GC, statics)",
    "settings": "argv and environment bytes read, settings read and validated, the md5 key",
    "signals": "the logger (built later, only if a line is written), the signal handlers (.NET's signal thread)",
    "connected": "connect with StackExchange.Redis: its configuration and command maps, socket, handshake (HELLO 2, PING), thread pool and sockets engine start",
    "acquired": "the lock built (its keys, the holder), the acquire script (EVALSHA) and its answer",
    "spawned": "the job's environment and argv, vfork and exec of the job (`true`), the watcher told its target",
    "reaped": "the job runs (`true`) and is reaped",
    "supervised": "its exit status back to the run (a hand-off from the main thread)",
    "left": "the history entry (JSON), the leave script (EVALSHA) and its answer",
    "end": "back to `Main`",
    "exit": "runtime shutdown, exit, the kernel's teardown of threads and memory, until the parent's wait returns",
}


def phases(m, t):
    """The run, phase by phase, from the instrumented build's marks."""
    if not m.phases:
        return []
    rows, before, before_alloc = [], 0.0, 0.0
    for p in m.phases:
        alloc = "" if p["allocated"] is None else f"{(p['allocated'] - before_alloc) / 1024:.0f}"
        rows.append(f"| {PHASES.get(p['name'], p['name'])} | {fmt(p['ms'])} | {fmt(p['ms'] - before)} | {alloc} |")
        before = p["ms"]
        if p["allocated"] is not None:
            before_alloc = p["allocated"]
    return t.lines("phases", runs=m.phases[0]["runs"], total=fmt(m.phases[-1]["ms"]),
                   untraced=fmt(m.med.get("cronlock", NAN)), rows=rows)


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


