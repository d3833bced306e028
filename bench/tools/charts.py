"""The two SVG charts of docs/performance.md, drawn by hand (standard library only)."""

import html
import math
import statistics

from measurements import pct


def svg_time_chart(pooled, names, target_ms, target_label, path):
    rows = [n for n in names if n in pooled]
    width, left, right, bar, gap, top = 760, 150, 40, 18, 10, 52
    height = top + len(rows) * (bar + gap) + 50
    hi = max(pct(pooled[n], 0.75) for n in rows) * 1.1
    scale = (width - left - right) / hi
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14" font-weight="bold">Wall time per run, median (bar) '
           f'and 25th-75th percentile (line), ms</text>']
    step = 10 ** math.floor(math.log10(hi / 4)) if hi > 0 else 1
    for mult in (1, 2, 5, 10):
        if hi / (step * mult) <= 8:
            step *= mult
            break
    x = 0.0
    while x <= hi:
        px = left + x * scale
        out.append(f'<line x1="{px:.1f}" y1="{top - 5}" x2="{px:.1f}" y2="{height - 40}" stroke="#ddd"/>')
        out.append(f'<text x="{px:.1f}" y="{height - 25}" text-anchor="middle">{x:g}</text>')
        x += step
    for i, n in enumerate(rows):
        y = top + i * (bar + gap)
        med, q1, q3 = statistics.median(pooled[n]), pct(pooled[n], 0.25), pct(pooled[n], 0.75)
        colour = "#d9534f" if n == "cronlock" else "#5b8def" if n.startswith("cronlock") or n in (
            "version", "bad-setting", "reset", "reset-key") else "#3c9d5d" if n.endswith("-peer") else "#999"
        out.append(f'<text x="{left - 8}" y="{y + bar - 4}" text-anchor="end">{html.escape(n)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{med * scale:.1f}" height="{bar}" fill="{colour}"/>')
        out.append(f'<line x1="{left + q1 * scale:.1f}" y1="{y + bar / 2}" x2="{left + q3 * scale:.1f}" '
                   f'y2="{y + bar / 2}" stroke="black" stroke-width="1.5"/>')
        out.append(f'<text x="{left + max(med, q3) * scale + 6:.1f}" y="{y + bar - 4}">{med:.2f}</text>')
    if target_ms and not math.isnan(target_ms):
        px = left + target_ms * scale
        out.append(f'<line x1="{px:.1f}" y1="{top - 8}" x2="{px:.1f}" y2="{height - 40}" stroke="#d9534f" '
                   f'stroke-dasharray="4,3"/>')
        out.append(f'<text x="{px + 4:.1f}" y="{top - 12}" fill="#d9534f">{html.escape(target_label)}</text>')
    out.append(f'<text x="{left}" y="{height - 8}">ms</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def svg_scaling_chart(series, path):
    """series: list of (label, colour, [(n, ms)])."""
    width, height, left, right, top, bottom = 760, 420, 70, 30, 40, 60
    pts = [p for _, _, s in series for p in s if p[1] > 0]
    if not pts:
        return
    xmin, xmax = 1, max(p[0] for p in pts)
    ymin = 10 ** math.floor(math.log10(min(p[1] for p in pts)))
    ymax = 10 ** math.ceil(math.log10(max(p[1] for p in pts)))
    xmax = 10 ** math.ceil(math.log10(max(xmax, 10)))

    def px(n):
        return left + (math.log10(n) - math.log10(xmin)) / (math.log10(xmax) - math.log10(xmin)) * (width - left - right)

    def py(v):
        return height - bottom - (math.log10(v) - math.log10(ymin)) / (math.log10(ymax) - math.log10(ymin)) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">Scaling: time until every run has exited '
           f'(log-log)</text>']
    n = xmin
    while n <= xmax:
        out.append(f'<line x1="{px(n):.1f}" y1="{top}" x2="{px(n):.1f}" y2="{height - bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{px(n):.1f}" y="{height - bottom + 16}" text-anchor="middle">{n:,}</text>')
        n *= 10
    v = ymin
    while v <= ymax:
        out.append(f'<line x1="{left}" y1="{py(v):.1f}" x2="{width - right}" y2="{py(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
        v *= 10
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 20}" text-anchor="middle">runs (N)</text>')
    out.append(f'<text x="16" y="{(top + height - bottom) / 2}" transform="rotate(-90 16 {(top + height - bottom) / 2})" '
               f'text-anchor="middle">ms</text>')
    for i, (label, colour, s) in enumerate(series):
        s = [p for p in s if p[1] > 0]
        if not s:
            continue
        d = " ".join(f"{'M' if j == 0 else 'L'}{px(p[0]):.1f},{py(p[1]):.1f}" for j, p in enumerate(s))
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in s:
            out.append(f'<circle cx="{px(p[0]):.1f}" cy="{py(p[1]):.1f}" r="3.5" fill="{colour}"/>')
        ly = top + 14 + i * 18
        out.append(f'<rect x="{left + 12}" y="{ly - 10}" width="14" height="4" fill="{colour}"/>')
        out.append(f'<text x="{left + 32}" y="{ly - 4}">{html.escape(label)}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
