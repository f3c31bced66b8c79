"""Charts as SVG geometry for the templates (``oversight/_bars.html``, ``_columns.html``).

Server-rendered with presentation attributes only — no ``style``, no script — so the strict
Content-Security-Policy holds and the PDF renders them the same. A chart is the picture of the
table beside it, never the only carrier of a number: every bar has its value written as text,
and the template gives the chart a one-sentence summary as its accessible name.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 250
BAR_AREA = 300
ROW_HEIGHT = 26
COLUMN_AREA_HEIGHT = 140


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float
    # The 95 % interval drawn as a line over the bar (as x positions), when there is one.
    low_x: float | None = None
    high_x: float | None = None

    @property
    def text_y(self) -> int:
        return self.y + 15

    @property
    def line_y(self) -> int:
        return self.y + 9


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    area: int = BAR_AREA

    @property
    def bar_x(self) -> int:
        return self.label_width

    @property
    def value_x(self) -> int:
        return self.label_width + self.area + 8


def bars(rows, *, maximum: float | None = None) -> BarChart:
    """``rows``: (label, value or None, text[, (low, high)]) — a bar per row, longest value at
    ``maximum`` (default the largest value)."""
    rows = list(rows)
    top = maximum or max((row[1] or 0 for row in rows), default=0) or 1
    result = []
    for index, row in enumerate(rows):
        label, value, text = row[0], row[1], row[2]
        interval = row[3] if len(row) > 3 else None
        scale = BAR_AREA / top
        result.append(
            Bar(
                label=_short(str(label)),
                text=str(text),
                y=index * ROW_HEIGHT + 4,
                width=round((value or 0) * scale, 1),
                low_x=round(LABEL_WIDTH + interval[0] * scale, 1) if interval else None,
                high_x=round(LABEL_WIDTH + interval[1] * scale, 1) if interval else None,
            )
        )
    return BarChart(tuple(result), height=len(result) * ROW_HEIGHT + 8)


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Column:
    label: str
    text: str
    x: float
    y: float
    height: float
    width: float

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class ColumnChart:
    columns: tuple[Column, ...]
    # Gridlines at 0, half and the top of the scale: (y, label).
    grid: tuple
    width: int = WIDTH
    height: int = COLUMN_AREA_HEIGHT + 40
    base_y: int = COLUMN_AREA_HEIGHT + 4


def _nice(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … that is at least ``value``: a scale's top."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def columns(rows, *, maximum: int | None = None) -> ColumnChart:
    """``rows``: (label, value or None, text) — a column per month. Without ``maximum`` the
    values are percentages on a 0-100 % scale; with it, counts on a scale from 0 to a round
    number at least ``maximum``. An empty month has no column; its text says so."""
    rows = list(rows)
    top = 100 if maximum is None else _nice(max(maximum, 1))
    suffix = " %" if maximum is None else ""
    slot = (WIDTH - 50) / max(len(rows), 1)
    result = []
    for index, (label, value, text) in enumerate(rows):
        height = round((value or 0) / top * COLUMN_AREA_HEIGHT, 1)
        result.append(
            Column(
                label=str(label),
                text=str(text),
                x=round(50 + index * slot + slot * 0.15, 1),
                y=round(COLUMN_AREA_HEIGHT + 4 - height, 1),
                height=height,
                width=round(slot * 0.7, 1),
            )
        )
    half = top / 2
    grid = (
        (COLUMN_AREA_HEIGHT + 4, f"0{suffix}"),
        (COLUMN_AREA_HEIGHT // 2 + 4, f"{half:g}".replace(".", ",") + suffix),
        (4, f"{top}{suffix}"),
    )
    return ColumnChart(tuple(result), grid)
