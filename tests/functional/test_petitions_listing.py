"""The list of petitions with its filters (state, addressee, topic, region
of the addressee), its sorting and its pages, as a plain GET form; and
petitions in the site's search, found only once listed."""

from datetime import timedelta

import pytest
from functional import test_petitions as life
from functional.test_petitions import MODERATOR, post, to_moderation

from consult.organisations.services import OrganisationService
from consult.petitions import listing
from consult.petitions.models import (
    ANSWERED,
    DRAFT,
    MODERATION,
    OPEN,
    REJECTED,
    SPONSORING,
    Petition,
)

settings, world = life.settings, life.world


def add_petition(root, now, title, addressee, topic, state, signatures=0, days_ago=1, closes=30):
    petitions = root["petitions"]
    petition = Petition("someone", title, "Some text.", "Something", addressee, topic, now)
    petitions.add(petitions.next_name(), petition)
    petition.state = state
    petition.decided = now - timedelta(days=days_ago)
    petition.closes = now + timedelta(days=closes)
    petition.threshold = 1000
    for number in range(signatures):
        petition.signatures[f"signer-{number}"] = now
    petition.signature_count.change(signatures)
    if state == ANSWERED:
        petition.answered = now - timedelta(hours=1)
    return petition.__name__


@pytest.fixture
def petitions(database, clock):
    """Three listed petitions to a ministry, Astana's akimat and the akimat
    of a district of Astana; four that are never listed."""
    now = clock.now()
    with database() as root:
        service = OrganisationService(root["organisations"])
        ministry = service.for_ministry({"en": "Ministry of Justice"})
        astana = service.create(
            "astana-akimat", {"en": "Akimat of Astana"}, "akimat", "city", "710000000"
        )
        district = service.create(
            "almaty-district",
            {"en": "Akimat of Almaty District"},
            "akimat",
            "district",
            "711110000",
        )
        names = {
            "buses": add_petition(
                root, now, "Buses for Astana", astana.name, "Transport", OPEN, 30, 3, 2
            ),
            "parks": add_petition(
                root, now, "District parks", district.name, "Parks", OPEN, 5, 1, 5
            ),
            "courts": add_petition(
                root, now, "Open courts", ministry.name, "Justice", ANSWERED, 100, 10
            ),
        }
        for state in (DRAFT, SPONSORING, MODERATION, REJECTED):
            add_petition(root, now, f"Hidden {state}", ministry.name, "Justice", state, 500)
        names["ministry"] = ministry.name
    return names


def titles(page):
    return [a.text for a in page.html.select("ul.petitions li > a")]


def test_only_listed_petitions_most_signed_first(app, petitions):
    page = app.get("/petitions/")
    assert titles(page) == ["Open courts", "Buses for Astana", "District parks"]
    assert "3 petitions" in page.html.select_one(".total").text


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("newest", ["District parks", "Buses for Astana", "Open courts"]),
        ("closing", ["Buses for Astana", "District parks", "Open courts"]),
        ("answered", ["Open courts", "District parks", "Buses for Astana"]),
    ],
)
def test_sorting(app, petitions, sort, expected):
    assert titles(app.get("/petitions/", {"sort": sort})) == expected


def filters(page):
    return next(form for form in page.forms.values() if "region" in form.fields)


def test_filters_through_the_form(app, petitions):
    form = filters(app.get("/petitions/"))
    form["region"] = "710000000"  # Astana, with its district
    page = form.submit()
    assert titles(page) == ["Buses for Astana", "District parks"]
    form = filters(page)
    assert form["region"].value == "710000000"
    form["topic"] = "Parks"
    assert titles(form.submit()) == ["District parks"]
    assert titles(app.get("/petitions/", {"state": "answered"})) == ["Open courts"]
    assert titles(app.get("/petitions/", {"addressee": petitions["ministry"]})) == ["Open courts"]
    assert titles(app.get("/petitions/", {"region": "republic"})) == ["Open courts"]
    # Unknown choices are ignored, not an error.
    assert len(titles(app.get("/petitions/", {"state": "draft", "sort": "x"}))) == 3


def test_pages_keep_the_filters(app, petitions, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    page = app.get("/petitions/", {"sort": "newest"})
    assert titles(page) == ["District parks", "Buses for Astana"]
    following = page.html.select_one('a[rel="next"]')["href"]
    assert "sort=newest" in following
    page = app.get(following)
    assert titles(page) == ["Open courts"]
    assert not page.html.select('a[rel="next"]')
    assert "sort=newest" in page.html.select_one('a[rel="prev"]')["href"]


def search(app, text):
    return app.get("/api/search", {"q": text, "kind": "petition"}).json


def test_a_petition_is_searchable_once_listed(browser, world, app, search_sync):
    path = to_moderation(browser, world)
    rejected = to_moderation(browser, world)
    search_sync()
    assert search(app, "courts")["total"] == 0
    post(browser(MODERATOR), path + "approve", "approve")
    form = browser(MODERATOR).get(rejected).forms["deform"]
    form["reason"] = "duplicate"
    form.submit("reject")
    search_sync()
    found = search(app, "courts")
    assert [hit["url"] for hit in found["results"]] == ["http://localhost" + path]
    assert found["results"][0]["kind"] == "petition"
    page = app.get("/search", {"q": "courts"})
    assert "Petition" in page.text and path in page.text
