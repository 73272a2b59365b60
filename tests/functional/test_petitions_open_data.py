"""A petition's counts as open data (counts.json, regions.csv, hours.csv,
docs/open-data.md), and no personal data on any public petition page or
open-data file: no e-mail address, no IIN, no full surname, no account id."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from petition_signers import ASTANA, KARAGANDA, YESIL, open_petition, verify

from consult.petitions.models import SPONSORING

SURNAME = "Tokhtarbayeva"
PEOPLE = {
    "gulnara@example.kz": (YESIL, True),
    "saule@example.kz": (None, False),
    "marat@example.kz": (ASTANA, True),
}


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.petitions.counts_seconds": "0"})


@pytest.fixture
def signed(database, clock, make_user, browser):
    """Three people sign over two hours; a fourth, verified in Karaganda
    Region, too. Returns (the petition's path, the account ids)."""
    ids = {email: make_user(email, email.split("@")[0].title(), SURNAME) for email in PEOPLE}
    ids["author"] = make_user("author@example.kz", "Author", SURNAME)
    ids["dana"] = make_user("dana@example.kz", "Dana", SURNAME)
    with database() as root:
        for userid in ids.values():
            verify(root["principals"][userid], clock.now())
        verify(root["principals"][ids["dana"]], clock.now(), kato=KARAGANDA)
        path = f"/petitions/{open_petition(root, ids['author'], clock.now(), threshold=10)}/"
    for email, (region, listed) in PEOPLE.items():
        app = browser(email)
        token = app.get(path).html.select_one('input[name="csrf_token"]')["value"]
        fields = {
            "csrf_token": token,
            "region": region or "",
            **({"listed": "yes"} if listed else {}),
        }
        app.post(path + "sign", fields)
        clock.advance(timedelta(minutes=50))
    dana = browser("dana@example.kz")
    token = dana.get(path).html.select_one('input[name="csrf_token"]')["value"]
    dana.post(path + "sign", {"csrf_token": token})
    return path, ids


def test_counts_json(browser, signed, clock):
    path, _ids = signed
    response = browser().get(path + "counts.json")
    data = response.json
    assert response.content_type == "application/json"
    assert (data["signatures"], data["counted"], data["required_level"]) == (4, 4, 2)
    assert data["levels"] == {"0": 0, "1": 0, "2": 4, "3": 0}
    assert data["state"] == "open" and data["threshold"] == 10
    assert data["unplaced"] == 1
    assert [(r["kato"], r["verified"], r["stated"], r["total"]) for r in data["regions"]] == [
        (KARAGANDA, 1, 0, 1),
        (ASTANA, 0, 2, 2),
        (YESIL, 0, 1, 1),
    ]
    assert data["regions"][1]["name"]["kk"] == "Астана қаласы"
    # 09:00 (factories.NOW), 09:50, 10:40 and 11:30.
    assert [h["signatures"] for h in data["hours"]] == [2, 1, 1]
    assert data["hours"][0]["hour"].endswith(":00:00Z")
    assert data["as_of"] == clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")


def test_regions_and_hours_csv(browser, signed):
    path, _ids = signed
    response = browser().get(path + "regions.csv")
    assert response.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["kato"], r["parent"], r["verified"], r["stated"], r["total"]) for r in rows] == [
        (KARAGANDA, "", "1", "0", "1"),
        (ASTANA, "", "0", "2", "2"),
        (YESIL, ASTANA, "0", "1", "1"),
    ]
    assert rows[2]["name_en"] == "Yesil District"
    hours = list(csv.DictReader(io.StringIO(browser().get(path + "hours.csv").text)))
    assert [int(h["signatures"]) for h in hours] == [2, 1, 1]


def test_the_page_shows_the_chart_and_its_table(browser, signed):
    path, _ids = signed
    page = browser().get(path)
    svg = page.html.select_one("figure.hourly svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "hourly-caption"
    assert len(svg.select("rect")) == 48
    rows = page.html.select("table.hours tbody tr")
    assert [row.select_one("td").text for row in rows] == ["2", "1", "1"]


def test_a_petition_not_open_yet_has_no_open_data(browser, signed, database):
    path, _ids = signed
    with database() as root:
        root["petitions"][path.strip("/").split("/")[-1]].state = SPONSORING
    for name in ("counts.json", "regions.csv", "hours.csv", "signers"):
        browser().get(path + name, status=404)


def test_no_personal_data_on_public_petition_pages_or_open_data(browser, signed):
    path, ids = signed
    anonymous = browser()
    pages = [
        anonymous.get(path + name).text
        for name in ("", "signers", "counts.json", "regions.csv", "hours.csv")
    ]
    pages.append(anonymous.get("/petitions/").text)
    assert "Gulnara T." in pages[1] and "Marat T." in pages[1]
    for text in pages:
        assert SURNAME not in text
        assert "Saule" not in text  # not listed
        assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text)
        assert not re.search(r"(?<!\d)\d{12}(?!\d)", text)  # an IIN
        assert not any(userid in text for userid in ids.values())
    assert json.loads(pages[2])["signatures"] == 4
