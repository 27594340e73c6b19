"""Content health drawn as an inline SVG: one bar per area, split by review status.
Plain geometry here, the markup in templates/website/admin/health_chart.html; no JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from website.review import STATUS_COLOURS, STATUS_LABELS, STATUSES, AreaHealth

LABEL_WIDTH = 200
BAR_WIDTH = 380
TOTAL_WIDTH = 60
ROW_HEIGHT = 30
BAR_HEIGHT = 20
TOP = 8


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    colour: str
    count: int
    x: float
    width: float

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2

    @property
    def show_count(self) -> bool:
        return self.width >= 18


LABEL_CHARS = 26  # what fits in LABEL_WIDTH; longer titles are cut, the tooltip has them whole


@dataclass(frozen=True)
class Row:
    title: str
    slug: str
    total: int
    y: int
    segments: list[Segment]

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def label(self) -> str:
        if len(self.title) <= LABEL_CHARS:
            return self.title
        return self.title[: LABEL_CHARS - 1].rstrip() + "…"


def health_chart(health: list[AreaHealth]) -> dict:
    rows = []
    for index, area in enumerate(health):
        y = TOP + index * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for status in STATUSES:
            count = area.counts[status]
            if not count:
                continue
            width = BAR_WIDTH * count / area.total
            segments.append(
                Segment(status, str(STATUS_LABELS[status]), STATUS_COLOURS[status], count, x, width)
            )
            x += width
        rows.append(Row(area.title, area.slug, area.total, y, segments))
    return {
        "rows": rows,
        "width": LABEL_WIDTH + BAR_WIDTH + TOTAL_WIDTH,
        "height": TOP * 2 + len(rows) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "bar_x": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "total_x": LABEL_WIDTH + BAR_WIDTH + 8,
        "legend": [(STATUS_LABELS[s], STATUS_COLOURS[s]) for s in STATUSES],
    }
