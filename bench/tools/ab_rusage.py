#!/usr/bin/env python3
"""What each variant of a run costs the machine, not only how long it takes: CPU time, page
faults and context switches per run, from the kernel's accounting of each child (wait4).

    ab_rusage.py --port PORT --key KEY --runs N NAME='[VAR=value ...] COMMAND ...' ...

Runs the variants interleaved, one run of each in turn (the order rotating every pass), so that
a drift in the machine's load hits all of them alike; KEY is deleted on the Redis server at
127.0.0.1:PORT before every run, so every run acquires. Each COMMAND is split as a shell would
(leading VAR=value words go into its environment) but run without one, so no shell's cost is
counted. Prints the medians per variant and their ratios to the first. bench/ab.sh calls it;
standard library only. It speaks just enough of Redis's protocol to send one DEL: it measures,
it is not part of the product.
"""

import argparse
import os
import resource
import shlex
import socket
import statistics
import subprocess
import time


def parse_variant(text):
    name, _, command = text.partition("=")
    words = shlex.split(command)
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith("="):
        k, _, v = words.pop(0).partition("=")
        env[k] = v
    return name, words, env


def delete(sock, key):
    k = key.encode()
    sock.sendall(b"*2\r\n$3\r\nDEL\r\n$%d\r\n%s\r\n" % (len(k), k))
    reply = b""
    while not reply.endswith(b"\r\n"):
        reply += sock.recv(64)


def run_once(argv, env):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000.0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": (ru.ru_utime + ru.ru_stime) * 1000.0, "faults": ru.ru_minflt,
            "voluntary": ru.ru_nvcsw, "involuntary": ru.ru_nivcsw, "code": proc.returncode}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("variants", nargs="+")
    args = ap.parse_args()
    variants = [parse_variant(v) for v in args.variants]
    sock = socket.create_connection(("127.0.0.1", args.port))
    results = {name: [] for name, _, _ in variants}
    for i in range(args.runs):
        order = variants[i % len(variants):] + variants[:i % len(variants)]
        for name, argv, env in order:
            delete(sock, args.key)
            results[name].append(run_once(argv, env))
    base = variants[0][0]
    cols = ("wall", "cpu", "faults", "voluntary", "involuntary")
    med = {n: {c: statistics.median(r[c] for r in rs) for c in cols} for n, rs in results.items()}
    print(f"interleaved, {args.runs} runs each (kernel accounting via wait4; medians; ratio to {base}):")
    print(f"{'variant':<16} {'wall ms':>14} {'CPU ms':>14} {'minor faults':>14} {'vol. ctxsw':>11} "
          f"{'invol. ctxsw':>12}  exit")
    for n, rs in results.items():
        m, b = med[n], med[base]
        codes = sorted({r["code"] for r in rs})
        print(f"{n:<16} {m['wall']:7.2f} {m['wall'] / b['wall']:5.3f}× {m['cpu']:7.2f} {m['cpu'] / b['cpu']:5.3f}× "
              f"{m['faults']:14.0f} {m['voluntary']:11.0f} {m['involuntary']:12.0f}  {codes}")


if __name__ == "__main__":
    main()
