"""Charts for the comparison report, drawn by Plotly in the browser from JSON the report embeds.

plotly.js comes from the installed `plotly` package and is written into the page, so the report
opens with no network. Every string from a document is HTML-escaped before it reaches Plotly,
whose labels understand a few HTML tags.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

# Okabe–Ito colours: distinguishable with the common forms of colour blindness
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
CONFIG = {"displayModeBar": False, "responsive": True}


def colours(partnerships: list[str]) -> dict[str, str]:
    return {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(partnerships)}


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundle shipped inside the Python package."""
    from plotly.offline import get_plotlyjs

    bundle: str = get_plotlyjs()  # plotly ships no types
    return bundle


def plain(text: object) -> str:
    """Document text made safe for a Plotly label (shown as written, never read as markup)."""
    return html.escape("" if text is None else str(text), quote=False)  # Plotly decodes &lt; &gt; &amp;, not &quot;


def lines(texts: list[str]) -> str:
    """Plain lines of text, escaped, one under another."""
    return "<br>".join(plain(line) for line in texts)


def metric_chart(points: list[dict[str, Any]], title: str, axis: str, periods: list[str], partnerships: list[str], palette: dict[str, str]) -> str:
    """Dots per partnership over the periods, one per figure stated, each labelled with its value.

    `points`: dicts with partnership, period, value, value_text, hover (lines of plain text)."""
    figure = go.Figure()
    for name in partnerships:
        mine = [point for point in points if point["partnership"] == name]
        if not mine:
            continue
        one_per_period = len({point["period"] for point in mine}) == len(mine)
        figure.add_trace(
            go.Scatter(
                x=[plain(point["period"]) for point in mine],
                y=[point["value"] for point in mine],
                name=plain(name),
                mode="lines+markers+text" if one_per_period and len(mine) > 1 else "markers+text",
                marker={"size": 13, "color": palette[name], "line": {"width": 1, "color": "white"}},
                line={"color": palette[name], "width": 2},
                text=[plain(point["value_text"]) for point in mine],
                textposition="middle right",
                textfont={"size": 13, "color": palette[name]},
                hovertext=[lines(point["hover"]) for point in mine],
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    values = [point["value"] for point in points]
    small_whole_numbers = bool(values) and all(float(value).is_integer() for value in values) and max(values) <= 10
    figure.update_layout(
        title={"text": plain(title), "x": 0, "xanchor": "left", "font": {"size": 16}},
        xaxis={
            "title": {"text": "Reporting period"},
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [plain(period) for period in periods],
        },
        yaxis={
            "title": {"text": plain(axis)},
            "rangemode": "tozero",
            "separatethousands": True,
            "tickformat": ",~r",
            **({"dtick": 1} if small_whole_numbers else {}),
        },
        scattermode="group",
        **_common(),
    )
    return _json(figure)


def theme_chart(counts: list[dict[str, Any]], themes: list[str], partnerships: list[str], palette: dict[str, str], title: str) -> str:
    """Horizontal bars: how many of each partnership's reviews have each theme."""
    figure = go.Figure()
    for name in partnerships:
        mine = {row["theme"]: row for row in counts if row["partnership"] == name}
        figure.add_trace(
            go.Bar(
                y=[plain(theme) for theme in themes],
                x=[mine[theme]["n"] if theme in mine else 0 for theme in themes],
                orientation="h",
                name=plain(name),
                marker={"color": palette[name]},
                text=[str(mine[theme]["n"]) if theme in mine else "" for theme in themes],
                textposition="outside",
                hovertext=[lines(mine[theme]["hover"]) if theme in mine else "" for theme in themes],
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    figure.update_layout(
        title={"text": plain(title), "x": 0, "xanchor": "left", "font": {"size": 16}},
        barmode="group",
        xaxis={"title": {"text": "Number of reviews"}, "dtick": 1, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(240, 150 + 26 * len(themes) * max(1, len(partnerships))),
        bargap=0.3,
        **{key: value for key, value in _common().items() if key != "height"},
    )
    return _json(figure)


def _json(figure: go.Figure) -> str:
    """The figure as the JSON a page hands to Plotly, checked against plotly's schema."""
    spec: str = pio.to_json(figure, validate=True)  # plotly ships no types
    return spec


def _common() -> dict[str, Any]:
    return {
        "height": 380,
        "margin": {"l": 70, "r": 40, "t": 70, "b": 60},
        "font": {"family": FONT, "size": 13, "color": "#1b1b1b"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 1, "xanchor": "right"},
        "showlegend": True,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hoverlabel": {"align": "left"},
    }
