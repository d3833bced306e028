"""Peak memory, and what the resident set and the binary are made of."""

import statistics

from parsers import elf_sections, smaps_composition

from .common import fmt, median_of

MEMORY_ROWS = ["cronlock", "golock-peer", "floor-peer", "cronlock-held", "cronlock-key", "version", "bad-setting", "reset-key", "reset",
               "flock", "redis-cli", "hello", "true"]
MEMORY_LABELS = {"redis-cli": "one `redis-cli SET` of the pair", "true": "`true` (GNU time's floor)"}


def memory(m, t):
    rows = [f"| {MEMORY_LABELS.get(n, n)} | {fmt(statistics.median(m.rss[n]), 1)} | {fmt(median_of(m.faults, n), 0)} |"
            for n in MEMORY_ROWS if m.rss.get(n)]
    out = t.lines("memory", runs=len(m.rss.get("cronlock", [])), rows=rows)
    comp = smaps_composition(m.file("smaps.txt"), m.env.get("cronlock_path"))
    if comp:
        rows = [f"| {k} | {v / 1024:.2f} |" for k, v in sorted(comp.items(), key=lambda kv: -kv[1]) if v >= 64]
        out += t.lines("memory-smaps", total_mb=f"{sum(comp.values()) / 1024:.1f}", rows=rows)
    sections = elf_sections(m.env.get("cronlock_path", ""))
    if sections:
        def mb(name):
            return f"{sections.get(name, 0) / 1048576:.2f} MB"
        hydrated = (t.text("memory-hydrated", hydrated=mb(".hydrated")) if sections.get(".hydrated")
                    else t.text("memory-not-hydrated"))
        out += t.lines("memory-sections", managed=mb("__managedcode"), native=mb(".text"), rodata=mb(".rodata"),
                       data=mb(".data"), hydrated=hydrated)
    return out


