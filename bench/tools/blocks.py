"""The named blocks of a document template (bench/tools/performance.md.tmpl explains the format)."""

import re
import string

BLOCK = re.compile(r"^<!-- block: ([a-z0-9-]+) -->$")
END = "<!-- end -->"
LIST = re.compile(r"^\$([_a-z][_a-z0-9]*)$")


class Blocks:
    def __init__(self, path):
        self._blocks = {}
        current = None
        with open(path, encoding="utf-8") as f:
            for line in f.read().splitlines():
                m = BLOCK.match(line)
                if m:
                    current = self._blocks.setdefault(m.group(1), [])
                elif line == END:
                    current = None
                elif current is not None:
                    current.append(line)

    def lines(self, name, **values):
        """The block's lines with its placeholders filled in; a list value given for a line that
        is only its placeholder becomes that many lines."""
        out = []
        for line in self._blocks[name]:
            m = LIST.match(line)
            if m and isinstance(values.get(m.group(1)), list):
                out.extend(values[m.group(1)])
            else:
                out.append(string.Template(line).substitute(values))
        return out

    def text(self, name, **values):
        """A fragment's text, to go into another block."""
        return "\n".join(self.lines(name, **values))
