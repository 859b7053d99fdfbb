"""Server-side SVG charts for the PDFs (WeasyPrint runs no JavaScript). Plain SVG text, Indonesian
number format, readable at A4 width."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import number_format

COLOURS = ["#1f6f8b", "#e39b2d", "#5b8c3a", "#b24a4a", "#6c5b9b", "#3d8f8f"]


def fmt(value: float | Decimal | int | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return number_format(Decimal(str(value)), places, use_l10n=True, force_grouping=True)


def hbar(
    labels: Sequence[str],
    values: Sequence[float | Decimal | None],
    *,
    maximum: float,
    width: int = 640,
    places: int = 2,
    colour: str = COLOURS[0],
) -> str:
    """Horizontal bars, one per label, value printed at the bar's end."""
    row, label_w, pad = 24, 280, 8
    height = pad * 2 + row * max(1, len(labels))
    bar_w = width - label_w - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = pad + i * row
        text = escape(label if len(label) <= 40 else label[:38] + "…")
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{text}</text>')
        length = 0 if value is None or maximum <= 0 else max(0.0, min(1.0, float(value) / maximum)) * bar_w
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + length + 4:.1f}" y="{y + 15}">{escape(fmt(value, places))}</text>')
    parts.append(f'<line x1="{label_w}" y1="{pad}" x2="{label_w}" y2="{height - pad}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)


def vbar(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | Decimal | None]]],
    *,
    maximum: float,
    width: int = 640,
    height: int = 240,
    places: int = 2,
) -> str:
    """Grouped vertical bars with a legend; labels under the groups."""
    left, bottom, top = 40, 40, 24
    plot_h = height - bottom - top
    groups = max(1, len(labels))
    group_w = (width - left - 10) / groups
    bar_w = min(70.0, max(4.0, (group_w - 12) / max(1, len(series))))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for tick in range(5):
        v = maximum * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{escape(fmt(v, 0))}</text>')
    for s, (name, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        for g, value in enumerate(values):
            if value is None:
                continue
            h = max(0.0, min(1.0, float(value) / maximum)) * plot_h if maximum > 0 else 0
            x = left + g * group_w + (group_w - bar_w * len(series)) / 2 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle">'
                f"{escape(fmt(value, places))}</text>"
            )
        parts.append(f'<rect x="{left + s * 150}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{left + s * 150 + 14}" y="13">{escape(name)}</text>')
    for g, label in enumerate(labels):
        x = left + g * group_w + group_w / 2
        text = escape(label if len(label) <= 18 else label[:16] + "…")
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 14}" text-anchor="middle">{text}</text>')
    parts.append("</svg>")
    return "".join(parts)
