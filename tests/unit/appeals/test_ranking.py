"""Reading the ranking from real tallies: growth against the previous
month and the average of the three before (a year boundary crossed),
shares, the orders, the series of one entry, pages of an entry's numbers
and the chart's geometry."""

from datetime import date

from BTrees.IIBTree import IITreeSet

from consult.appeals import ranking
from consult.appeals.tally import Ranking

ROADS_ASTANA, LIGHTS_ALMATY = ("roads", "710000000"), ("lights", "750000000")


def counted(tallies, key, cell, **values):
    counts = tallies.month(key, create=True).counts(*cell, create=True)
    for field, value in values.items():
        counts.add(field, value)


def test_growth_and_shares_against_the_months_before():
    tallies = Ranking()
    counted(tallies, "2025-11", ROADS_ASTANA, filed=3)
    counted(tallies, "2025-12", ROADS_ASTANA, filed=2)
    counted(tallies, "2026-01", ROADS_ASTANA, filed=4)
    counted(tallies, "2026-02", ROADS_ASTANA, filed=10, late=2, rated=4, not_resolved=3)
    counted(tallies, "2026-02", LIGHTS_ALMATY, filed=5, rated=0)
    found = {e.region: e for e in ranking.entries(tallies, "2026-02", date(2026, 3, 2))}
    roads = found["710000000"]
    assert roads.previous == [4, 2, 3]
    assert (roads.growth, roads.growth_share) == (6, 1.5)
    assert roads.growth_vs_average == 10 / 3 - 1
    assert (roads.overdue, roads.overdue_share, roads.not_resolved_share) == (2, 0.2, 0.75)
    lights = found["750000000"]
    assert (lights.growth, lights.growth_share, lights.growth_vs_average) == (5, None, None)
    assert lights.not_resolved_share is None
    assert ranking.entries(tallies, "2024-01", date(2026, 3, 2)) == []


def test_the_orders():
    tallies = Ranking()
    counted(tallies, "2026-01", LIGHTS_ALMATY, filed=1)
    counted(tallies, "2026-02", ROADS_ASTANA, filed=10, late=1, rated=2, not_resolved=1)
    counted(tallies, "2026-02", LIGHTS_ALMATY, filed=5, late=4, rated=1, not_resolved=1)
    found = ranking.entries(tallies, "2026-02", date(2026, 3, 2))

    def order(name):
        return [entry.category for entry in ranking.ranked(found, name)]

    assert order("count") == order("unknown") == ["roads", "lights"]
    assert order("growth") == ["roads", "lights"]  # +10 against +4
    assert order("overdue") == ["lights", "roads"]  # 80 % against 10 %
    assert order("not_resolved") == ["lights", "roads"]  # 100 % against 50 %


def test_the_series_and_the_previous_month_across_a_year():
    tallies = Ranking()
    counted(tallies, "2025-12", ROADS_ASTANA, filed=2)
    counted(tallies, "2026-02", ROADS_ASTANA, filed=7)
    assert ranking.previous_month("2026-01") == "2025-12"
    assert ranking.previous_month("2026-03", 3) == "2025-12"
    assert ranking.series(tallies, "2026-02", ROADS_ASTANA, 4) == [
        ("2025-11", 0),
        ("2025-12", 2),
        ("2026-01", 0),
        ("2026-02", 7),
    ]


def test_an_entry_s_numbers_are_paged_newest_first():
    numbers = IITreeSet(range(1, 46))
    assert ranking.page_of(numbers, 0, 20) == (45, list(range(45, 25, -1)))
    assert ranking.page_of(numbers, 40, 20) == (45, [5, 4, 3, 2, 1])
    assert ranking.page_of(numbers, 45, 20) == (45, [])


def test_the_chart_s_bars_are_scaled_to_the_highest():
    bars = ranking.bars([("Roads", 10), ("Lights", 5)])
    assert [(bar.width, bar.value) for bar in bars] == [(ranking.WIDTH, 10), (ranking.WIDTH / 2, 5)]
    assert bars[1].y == bars[0].y + ranking.ROW
    columns = ranking.columns([("2026-01", 0), ("2026-02", 4)])
    assert [column.height for column in columns] == [0, ranking.SERIES_HEIGHT]
    assert ranking.columns([]) == []
