"""A verified territory from the census list, through the real app: an
administrator loads a census file with a KATO column, people verify on
their account page, and their petition signatures count under the
territory the list gives (a village's code under its oblast) as verified,
whatever they state; those without one count as stated. The counts on the
page and in the open data say which is which, and hold no personal data."""

import csv
import io
from datetime import date

import pytest
from petition_signers import ASTANA, KARAGANDA, YESIL, open_petition

from consult import iin

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
BOLAT = iin.make(date(1984, 1, 2), "m", 345)
# A village of Karaganda Region (the classifier shipped has the oblast only).
KARAGANDA_VILLAGE = "354035100"
CENSUS = f"ИИН;Фамилия;КАТО\n{ALIYA};Serikova;{KARAGANDA_VILLAGE}\n{BOLAT};Bekov;\n".encode()


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.petitions.counts_seconds": "0"})


@pytest.fixture
def people(make_user, browser):
    make_user("admin@example.kz", "Asel", "Admin", roles=("administrator",))
    ids = {
        name: make_user(f"{name}@example.kz", first, last)
        for name, first, last in (
            ("author", "Aigerim", "Author"),
            ("aliya", "Aliya", "Serikova"),
            ("bolat", "Bolat", "Bekov"),
            ("dana", "Dana", "Omarova"),
        )
    }
    return ids, {name: browser(f"{name}@example.kz") for name in ("admin", *ids)}


def load_census(admin):
    form = admin.get("/census").forms["deform"]
    form["upload"] = ("census.csv", CENSUS, "text/csv")
    return form.submit("load", status=303)


def verify_census(app, number):
    form = app.get("/account").forms["verify-census"]
    form["iin"] = number
    return form.submit("verify", status=303)


def sign(app, path, region=""):
    page = app.get(path)
    form = next(form for form in page.forms.values() if form.action.endswith("/sign"))
    if "region" in form.fields:
        form["region"] = region
    return form.submit("sign").follow()


def cells(page):
    return {
        row.select_one("th").text.strip(): [td.text.strip() for td in row.select("td")]
        for row in page.html.select(".regions tbody tr")
    }


def test_the_census_territory_counts_as_verified_and_the_stated_one_as_stated(
    people, database, clock, browser
):
    ids, apps = people
    load_census(apps["admin"])
    verify_census(apps["aliya"], ALIYA)
    verify_census(apps["bolat"], BOLAT)
    with database() as root:
        principals = root["principals"]
        assert principals[ids["aliya"]].verifications["census"].data["kato"] == (KARAGANDA_VILLAGE)
        assert "kato" not in principals[ids["bolat"]].verifications["census"].data
        path = f"/petitions/{open_petition(root, ids['author'], clock.now())}/"
    aliya = apps["aliya"]
    # The form does not ask Aliya: her verification gave her territory.
    assert "Karaganda Region" in aliya.get(path).html.select_one(".known-region").text
    sign(aliya, path)
    sign(apps["bolat"], path, region=YESIL)  # on the list without a code: stated
    sign(apps["dana"], path, region=ASTANA)  # not on the list: stated
    page = browser().get(path)
    # Territory: from a verification, as stated, total.
    assert cells(page) == {
        "Karaganda Region": ["1", "0", "1"],
        "Astana": ["0", "2", "2"],
        "Yesil District": ["0", "1", "1"],
    }
    counts = browser().get(path + "counts.json").json
    regions = {row["kato"]: (row["verified"], row["stated"]) for row in counts["regions"]}
    assert regions == {KARAGANDA: (1, 0), ASTANA: (0, 2), YESIL: (0, 1)}
    table = list(csv.DictReader(io.StringIO(browser().get(path + "regions.csv").text)))
    assert {row["kato"]: (row["verified"], row["stated"]) for row in table} == {
        KARAGANDA: ("1", "0"),
        ASTANA: ("0", "2"),
        YESIL: ("0", "1"),
    }
    # Counts only: no signer, no IIN, no e-mail, not the code the list gave.
    for public in (page.text, str(counts), browser().get(path + "regions.csv").text):
        for private in (ALIYA, BOLAT, "Serikova", "aliya@", "Bekov", KARAGANDA_VILLAGE):
            assert private not in public
