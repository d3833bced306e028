#!/usr/bin/env python3
"""The managed methods one cronlock run executes, in the order a run first reaches them.

    method_order.py CALLGRIND_OUT BINARY > src/CronLock/cronlock.order

Reads a callgrind profile of one run (bench/order/make.sh takes it) and BINARY's symbol table
(`nm`), and prints the name of every function of BINARY the run executed, once, in the order
callgrind first met it. Native functions (the runtime's C++, the C of Running/) are left out:
the compiler orders only the managed methods it generates (IlcOrderFile). Standard library only.
"""

import re
import subprocess
import sys


def executed(profile):
    """Function names in a callgrind profile, in first-seen order ("'2" recursion marks dropped)."""
    seen, order = set(), []
    with open(profile, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
            if m:
                name = re.sub(r"'\d+$", "", m.group(1))
                if name not in seen:
                    seen.add(name)
                    order.append(name)
    return order


def code_symbols(binary):
    out = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    return {p[2] for p in (line.split() for line in out.splitlines()) if len(p) == 3 and p[1] in "tT"}


def main():
    profile, binary = sys.argv[1], sys.argv[2]
    symbols = code_symbols(binary)
    # C++ names carry their signature, C names are the few of Running/*.c and libc's: neither is managed.
    managed = [n for n in executed(profile) if n in symbols and not re.search(r"[(): ]", n) and "_" in n
               and not n.startswith("cronlock_watch") and not n.startswith("cronlock_spawn")]
    if len(managed) < 100:
        sys.exit(f"only {len(managed)} managed methods in the profile: is {binary} the unstripped build of the run profiled?")
    sys.stdout.write("".join(n + "\n" for n in managed))


if __name__ == "__main__":
    main()
