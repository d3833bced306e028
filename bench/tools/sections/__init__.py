"""The sections of docs/performance.md, in the document's order."""

from .memory import memory
from .overview import header, levers, method, rerunning, safety_cost, targets
from .redis_commands import redis_commands
from .reporting import run_reporting
from .run_cost import build, ladder, probe, wall_time
from .scaling import scaling
from .time_split import in_process, phases, syscalls, time_split

SECTIONS = [header, targets, method, wall_time, ladder, build, probe, memory, run_reporting, redis_commands, time_split,
            syscalls, phases, in_process, scaling, levers, safety_cost, rerunning]


def render(m, blocks):
    """The document's lines: every section's, in order."""
    lines = []
    for section in SECTIONS:
        lines += section(m, blocks)
    return lines
