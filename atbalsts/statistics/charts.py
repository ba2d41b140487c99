"""Charts drawn on the server by matplotlib as SVG: the same picture in the page and the PDF.

Drawn only from published (protected) values: a suppressed cell is a gap, never a bar or a point.
Text stays text in the SVG (readable, translatable, searchable); numbers the Latvian way.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .layout import ProtectedTable

_STYLE = {
    "svg.fonttype": "none",  # text as <text>, in the page's font
    "svg.hashsalt": "atbalsts",  # the same ids on every drawing: deterministic output
    "font.family": "DejaVu Sans",
    "font.size": 10,
}
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#6f72af")


def _number(value, _position=None) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _svg(fig) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]
    # matplotlib's inline <style> would break the pages' Content-Security-Policy (no inline
    # styles); it only sets line joins, which the drawing does not need.
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    # The same for style="..." attributes: written as SVG presentation attributes instead, which
    # the policy does not govern, so the colours and text alignment survive.
    svg = re.sub(r'style="([^"]*)"', _attributes, svg)
    # Scale with the page: keep the viewBox, let CSS decide the size.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)
    return svg.replace("<svg", '<svg aria-hidden="true" focusable="false" class="atb-chart__svg"', 1)


def _attributes(found: re.Match) -> str:
    pairs = []
    for declaration in found.group(1).split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip(), value.strip().replace("'", "").replace('"', "")
        if re.fullmatch(r"[a-z-]+", name) and value:
            pairs.append(f'{name}="{value}"')
    return " ".join(pairs)


def _known(value) -> float | None:
    return float(value) if isinstance(value, int) else None


def trend(table: ProtectedTable, published: dict[int, int | None], *, system_label: str,
          published_label: str) -> str:
    """Identified persons per year (the system's, protected) and the published UNODC figures."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 3.2))
        years = [int(r) for r in table.rows]
        ax.plot(years, [_known(line[0]) for line in table.cells], marker="o", color=COLOURS[0], label=system_label)
        if published:
            pub_years = sorted(published)
            ax.plot(pub_years, [published[y] for y in pub_years], marker="s", linestyle="--", color=COLOURS[1],
                    label=published_label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(_number))
        ax.set_ylim(bottom=0)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, loc="upper left", fontsize=9)
        return _svg(fig)


def bars(table: ProtectedTable, column: int = 0) -> str:
    """Horizontal bars of one column; suppressed and unknown cells are left out."""
    shown = [(label, line[column]) for label, line in zip(table.rows, table.cells, strict=True)
             if isinstance(line[column], int)]
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 0.35 * max(len(shown), 1) + 0.8))
        labels = [label if len(label) <= 40 else label[:39] + "…" for label, _v in shown]
        ax.barh(range(len(shown)), [v for _l, v in shown], color=COLOURS[0])
        ax.set_yticks(range(len(shown)), labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(_number))
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)
