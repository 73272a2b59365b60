"""The bars of the hourly chart on a petition's page, drawn as SVG by the
template (no script): geometry only, the figures come from counts.Counts."""

from dataclasses import dataclass

WIDTH, HEIGHT, GAP = 480, 120, 1


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    start: object  # the hour's start (aware datetime)
    count: int


def bars(window, width=WIDTH, height=HEIGHT):
    """One bar per (hour start, count) of `window`, scaled to the highest."""
    if not window:
        return []
    highest = max(count for _start, count in window) or 1
    step = width / len(window)
    return [
        Bar(
            x=round(index * step, 1),
            y=round(height - count * height / highest, 1),
            width=round(max(step - GAP, 1), 1),
            height=round(count * height / highest, 1),
            start=start,
            count=count,
        )
        for index, (start, count) in enumerate(window)
    ]
