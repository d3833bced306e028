"""What the sections share: how figures are written."""

import math
import re
import statistics

NAN = float("nan")


def fmt(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.{digits}f}"


def megabytes(size):
    """A size in bytes, as written in env.txt, in MB with one decimal."""
    return f"{int(size) / 1e6:.1f}"


def median_of(values_by_name, name):
    return statistics.median(values_by_name[name]) if values_by_name.get(name) else NAN


def verdict(ok):
    return "**met**" if ok else "**missed**"


def duration(text):
    """BenchmarkDotNet's "2,258,919.6 ns" as "2.26 ms"."""
    m = re.match(r"^\s*([\d,]+(?:\.\d+)?)\s*(ns|us|μs|ms|s)\s*$", text or "")
    if not m:
        return text or "?"
    ns = float(m.group(1).replace(",", "")) * {"ns": 1, "us": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9}[m.group(2)]
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"
