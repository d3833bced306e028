#!/usr/bin/env python3
"""Start N copies of a command, at most P at a time (P = N: all at once), and time each one.

    burst.py --n 100 --parallel 100 --out result.json [--budget SECONDS] -- cmd args...

Every argument after "--" may contain {i}, replaced by the copy's number (0..N-1), so one
invocation can run N distinct jobs. The copies inherit the environment; their stdout goes to
/dev/null and their stderr to --stderr FILE (default /dev/null). The JSON written to --out holds
the wall time of the whole burst, each copy's latency (from its spawn to its exit, in ms), the
count of each exit code, and how many copies were started within --budget seconds (launching
stops when the budget is spent; the copies already started are still awaited).
"""

import argparse
import json
import os
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--parallel", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--budget", type=float, default=0.0)
    parser.add_argument("--stderr", default=os.devnull)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")

    devnull = os.open(os.devnull, os.O_WRONLY)
    errors = os.open(args.stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, errors, 2)]
    program = command[0]
    if "/" not in program:
        program = next((os.path.join(d, program) for d in os.environ.get("PATH", "").split(":")
                        if os.access(os.path.join(d, program), os.X_OK)), program)

    started = {}
    latencies = []
    codes = {}
    launched = 0
    t0 = time.perf_counter()

    def reap(block: bool) -> bool:
        try:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return False
        end = time.perf_counter()
        latencies.append((end - started.pop(pid)) * 1000.0)
        code = os.waitstatus_to_exitcode(status)
        code = 128 - code if code < 0 else code
        codes[str(code)] = codes.get(str(code), 0) + 1
        return True

    stopped_by_budget = False
    for i in range(args.n):
        if args.budget and time.perf_counter() - t0 > args.budget:
            stopped_by_budget = True
            break
        while len(started) >= args.parallel:
            reap(True)
        argv = [a.replace("{i}", str(i)) for a in command]
        t = time.perf_counter()
        pid = os.posix_spawn(program, argv, os.environ, file_actions=actions)
        started[pid] = t
        launched += 1
        while reap(False):
            pass
    while started:
        reap(True)
    wall = (time.perf_counter() - t0) * 1000.0

    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    result = {
        "n": args.n,
        "parallel": args.parallel,
        "launched": launched,
        "stopped_by_budget": stopped_by_budget,
        "wall_ms": wall,
        "codes": codes,
        "latency_ms": {"median": pct(0.5), "p90": pct(0.9), "max": latencies[-1] if latencies else float("nan"),
                       "min": latencies[0] if latencies else float("nan")},
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
