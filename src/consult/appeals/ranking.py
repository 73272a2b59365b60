"""The public ranking of systemic problems, read from the monthly tallies
(appeals.tally): one entry per (category, region) of a month with its
count, its growth against the previous month and against the average of
the three before, the share overdue and the share rated "not resolved";
and the month's biggest clusters of near-duplicate appeals.

A page reads the month's cells (at most categories × regions), the same
cells of the three months before (one BTree lookup each) and, for the
cells with running appeals, the overdue part of their due-date index: no
appeal is loaded. "Overdue" is the appeals answered after their due date
plus the running ones past it on the day the page is made, so a month's
share can still grow while its appeals are open."""

from dataclasses import dataclass

from .tally import FIELDS

ORDERS = ("count", "growth", "overdue", "not_resolved")
HISTORY = 3  # months the growth compares with
SERIES = 12  # months of the top entry's chart


def previous_month(key, back=1):
    year, month = int(key[:4]), int(key[5:7]) - back
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}"


def _share(part, whole):
    return None if not whole else part / whole


def _growth(now, before):
    """The change against `before` as a fraction, None when there was none."""
    return None if not before else (now - before) / before


@dataclass
class Entry:
    month: str
    category: str
    region: str
    counts: dict  # FIELDS -> int
    previous: list  # counts filed in the HISTORY months before, the nearest first
    overdue: int
    answer: object  # tally.SystemicAnswer or None

    @property
    def count(self):
        return self.counts["filed"]

    @property
    def growth(self):
        return self.count - self.previous[0]

    @property
    def growth_share(self):
        return _growth(self.count, self.previous[0])

    @property
    def average(self):
        return sum(self.previous) / len(self.previous)

    @property
    def growth_vs_average(self):
        return _growth(self.count, self.average)

    @property
    def overdue_share(self):
        return _share(self.overdue, self.count)

    @property
    def not_resolved_share(self):
        return _share(self.counts["not_resolved"], self.counts["rated"])


def entries(ranking, key, today):
    """Every Entry of month `key` (unordered); [] for a month with none."""
    month = ranking.months.get(key)
    if month is None:
        return []
    before = [ranking.months.get(previous_month(key, back)) for back in range(1, HISTORY + 1)]
    found = []
    for cell, counts in month.cells.items():
        earlier = []
        for other in before:
            counted = None if other is None else other.cells.get(cell)
            earlier.append(0 if counted is None else counted.filed)
        values = {field: getattr(counts, field) for field in FIELDS}
        found.append(
            Entry(
                key,
                cell[0],
                cell[1],
                values,
                earlier,
                values["late"] + month.overdue_open(cell, today),
                ranking.answers.get((key, *cell)),
            )
        )
    return found


def _sort_key(order):
    if order == "growth":
        return lambda entry: (-entry.growth, -entry.count, entry.category, entry.region)
    if order in ("overdue", "not_resolved"):

        def by_share(entry):
            share = getattr(entry, f"{order}_share")
            return (-(share or 0), -entry.count, entry.category, entry.region)

        return by_share
    return lambda entry: (-entry.count, entry.category, entry.region)


def ranked(found, order="count"):
    """`found` ordered for the ranking: by count (the default), by growth
    against the previous month, by share overdue or by share "not
    resolved" (ties by count, then by codes, so the order is stable)."""
    return sorted(found, key=_sort_key(order if order in ORDERS else "count"))


def series(ranking, key, cell, length=SERIES):
    """[(month, appeals filed)] of `cell` for the `length` months up to `key`."""
    found = []
    for back in range(length - 1, -1, -1):
        other = previous_month(key, back)
        month = ranking.months.get(other)
        counts = None if month is None else month.cells.get(cell)
        found.append((other, 0 if counts is None else counts.filed))
    return found


def listed(ranking, key, cell):
    """The numbers of the public appeals of an entry (a BTree set)."""
    month = ranking.months.get(key)
    return () if month is None else month.listed.get(cell, ())


def page_of(numbers, start, size):
    """(total, the `size` numbers from `start`) of a BTree set, newest first."""
    total = len(numbers)
    last = total - start
    if last <= 0:
        return total, []
    keys = numbers.keys() if hasattr(numbers, "keys") else list(numbers)
    return total, [keys[index] for index in range(last - 1, max(last - size, 0) - 1, -1)]


# -- the chart (SVG drawn by the template, no script) ------------------------

WIDTH, BAR, GAP, LABEL, SERIES_HEIGHT = 480, 16, 8, 16, 120
ROW = LABEL + BAR + GAP  # a label above each bar


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def bars(pairs, width=WIDTH):
    """Horizontal bars, one per (label, value), scaled to the highest, each
    under its label (its `y` - GAP is the label's baseline)."""
    highest = max((value for _label, value in pairs), default=0) or 1
    return [
        Bar(0, index * ROW + LABEL, round(max(value * width / highest, 1), 1), BAR, label, value)
        for index, (label, value) in enumerate(pairs)
    ]


def columns(pairs, width=WIDTH, height=SERIES_HEIGHT):
    """Vertical bars, one per (label, value), scaled to the highest."""
    if not pairs:
        return []
    highest = max(value for _label, value in pairs) or 1
    step = width / len(pairs)
    return [
        Bar(
            round(index * step, 1),
            round(height - value * height / highest, 1),
            round(max(step - 2, 1), 1),
            round(value * height / highest, 1),
            label,
            value,
        )
        for index, (label, value) in enumerate(pairs)
    ]
