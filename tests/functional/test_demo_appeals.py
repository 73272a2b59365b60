"""The demo's appeals: a category tree in three languages, rules that
route them to the akimat of Astana, two public appeals of which one is
fixed, and nothing of their author but the public name."""

from pathlib import Path

import pytest

from consult.clock import SystemClock


@pytest.fixture
def clock():
    """The demo was built with the real clock."""
    return SystemClock()


@pytest.fixture
def settings(settings, demo):
    folder = Path(demo).parent
    return dict(
        settings, **{"zodbconn.uri": f"file://{folder}/Data.fs", "consult.hash_secret": "y"}
    )


def test_the_demo_has_public_appeals_routed_to_the_akimat(app, database):
    with database() as root:
        appeals = root["appeals"]
        assert [a.organisation for a in appeals.values()] == ["astana-akimat"] * 2
        assert appeals.categories.get("roads").title["kk"] == "Жолдар"
        author = root["principals"][appeals["1"].author]
    listing = app.get("/appeals/")
    assert len(listing.html.select(".appeals li")) == 2
    page = app.get("/appeals/1/")
    assert "Fixed" in page.html.select_one(".state").text
    assert author.last_name not in page.text and author.email not in page.text
    assert page.html.select_one(".author").text == author.public_name


def test_the_demo_appeals_are_counted_in_the_ranking(app, database):
    with database() as root:
        month = root["appeals"]["1"].created.strftime("%Y-%m")
    ranking = app.get("/appeals/ranking.json", params={"month": month}).json
    filed = {entry["category"]: entry["appeals"] for entry in ranking["entries"]}
    assert filed == {"roads": 1, "lighting": 1}
