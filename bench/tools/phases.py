#!/usr/bin/env python3
"""Where one uncontended run's time goes, phase by phase, without a tracer in the way.

    phases.py BINARY REDIS_PORT RUNS OUT.tsv

BINARY is cronlock built with -p:CronLockPhases=true (bench/run.sh builds it): it records the
monotonic clock and the bytes allocated so far at each phase boundary (src/CronLock/Logging/
PhaseMarks.cs) and writes them to the file CRONLOCK_PHASES names. This script starts it RUNS
times with `true` as the job (the lock key deleted before each run, so each acquires), taking
the same clock just before the spawn and just after the wait, and writes one line per phase:
name, the median time since the spawn (ms), the median allocated bytes. The last line, "exit",
is the process's end as its parent sees it.
"""

import hashlib
import os
import socket
import statistics
import sys
import tempfile
import time


def delete_key(port, key):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"*2\r\n$3\r\nDEL\r\n${len(key)}\r\n{key}\r\n".encode())
        s.recv(64)


def main():
    binary, port, runs, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    key = "cronlock." + hashlib.md5(b"true").hexdigest()
    marks_file = os.path.join(tempfile.mkdtemp(prefix="cronlock-phases-"), "marks.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRONLOCK_")}
    env.update(CRONLOCK_HOST="127.0.0.1", CRONLOCK_PORT=str(port), CRONLOCK_GRACE="0", CRONLOCK_PHASES=marks_file)
    times, allocated, order = {}, {}, []
    for i in range(runs + 3):  # 3 warm-ups
        delete_key(port, key)
        if os.path.exists(marks_file):
            os.remove(marks_file)
        started = time.monotonic_ns()
        pid = os.posix_spawn(binary, [binary, "true"], env)
        _, status = os.waitpid(pid, 0)
        ended = time.monotonic_ns()
        if i < 3 or os.waitstatus_to_exitcode(status) != 0:
            continue
        with open(marks_file) as f:
            lines = [line.split() for line in f]
        frequency = int(lines[0][1])
        for name, ticks, bytes_ in lines[1:]:
            if name not in times:
                times[name], allocated[name] = [], []
                order.append(name)
            times[name].append((int(ticks) * 1e9 / frequency - started) / 1e6)
            allocated[name].append(int(bytes_))
        times.setdefault("exit", []).append((ended - started) / 1e6)
    if "exit" not in order:
        order.append("exit")
    with open(out, "w") as f:
        for name in order:
            if not times.get(name):
                continue
            alloc = statistics.median(allocated[name]) if allocated.get(name) else ""
            f.write(f"{name}\t{statistics.median(times[name]):.3f}\t{alloc}\t{len(times[name])}\n")


if __name__ == "__main__":
    main()
