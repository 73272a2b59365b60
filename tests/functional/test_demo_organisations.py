"""The demo creates its organisations: each consultation links the one its
ministry's name means, whose page lists it."""

from pathlib import Path

import pytest

from consult.clock import SystemClock


@pytest.fixture
def clock():
    """The demo was built with the real clock."""
    return SystemClock()


@pytest.fixture
def settings(settings, demo):
    """The app's settings on the demo's copy (tests/functional/conftest.py)."""
    folder = Path(demo).parent
    return dict(
        settings, **{"zodbconn.uri": f"file://{folder}/Data.fs", "consult.hash_secret": "y"}
    )


def test_each_demo_consultation_links_its_organisation(app, database):
    with database() as root:
        linked = {slug: c.organisation for slug, c in root["consultations"].items()}
        kinds = {name: o.kind for name, o in root["organisations"].items()}
    assert linked["citizens-juries"] == linked["online-petitions"] == "culture-information"
    assert kinds == {
        "culture-information": "ministry",
        linked["electoral-reform"]: "other",
        "astana-akimat": "akimat",  # the demo's appeals go there (demo/appeals.py)
    }
    page = app.get("/consultations/citizens-juries/")
    link = page.html.select_one("a.organisation-link")
    assert link["href"] == "http://localhost/organisations/culture-information/"
    ministry = app.get("/organisations/culture-information/")
    for slug in ("citizens-juries", "online-petitions"):
        assert ministry.html.find("a", href=f"http://localhost/consultations/{slug}/")
    assert "Ministry of Culture and Information" in ministry.html.h1.get_text()
    listing = app.get("/organisations/")
    assert listing.html.find("a", href="http://localhost/organisations/culture-information/")
