#!/usr/bin/env python3
"""Turns the raw data of one bench/run.sh run into docs/performance.md and its two SVG charts.

    report.py RESULTS_DIR DOCS_DIR

Reads what bench/run.sh left in RESULTS_DIR (measurements.py says which files) and writes
DOCS_DIR/performance.md, performance-time.svg and performance-scaling.svg. The document's prose
is bench/tools/performance.md.tmpl; sections/ fills it in, one module per part of the document;
charts.py draws the charts. Standard library only.
"""

import os
import sys

from blocks import Blocks
from charts import svg_scaling_chart, svg_time_chart
from measurements import Measurements
from sections import render
from sections.overview import TARGET_PEER, TARGET_RATIO

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "performance.md.tmpl")

# The time chart's bars, top to bottom: from the process floor, through the peers, up to the
# two-process pair.
CHART_NAMES = ["hello", "flock", "floor-peer", "golock-peer", "version", "bad-setting", "reset-key", "reset",
               "cronlock-held", "cronlock-key", "cronlock", "cronlock-pie", "pair"]


def charts(m, docs):
    target = m.med.get(TARGET_PEER, float("nan")) * TARGET_RATIO
    svg_time_chart(m.pooled, CHART_NAMES, target, f"target: {TARGET_RATIO:g} × {TARGET_PEER} = {target:.2f} ms",
                   os.path.join(docs, "performance-time.svg"))
    svg_scaling_chart([
        ("one job, N copies started at once: until all exited", "#d9534f",
         [(r["n"], r["wall_ms"]) for r in m.concurrent]),
        (f"N distinct jobs, {m.distinct[0]['parallel'] if m.distinct else '?'} at a time: total", "#5b8def",
         [(r["launched"], r["wall_ms"]) for r in m.distinct]),
    ], os.path.join(docs, "performance-scaling.svg"))


def main():
    results, docs = sys.argv[1], sys.argv[2]
    m = Measurements(results)
    os.makedirs(docs, exist_ok=True)
    charts(m, docs)
    with open(os.path.join(docs, "performance.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(render(m, Blocks(TEMPLATE))))


if __name__ == "__main__":
    main()
