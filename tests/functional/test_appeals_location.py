"""The point of an appeal's place as precise as its author chose to publish
it: not at all (the default), within about 1 km, or exact; the author and
the organisation's staff see the exact point; a private appeal publishes
none. Checked on the public page, the list, Open311's requests and the
search index."""

import pytest
from functional import test_appeals
from functional.test_appeals import AUTHOR, CLERK, NEIGHBOUR, file

world = test_appeals.world  # the people, organisations and category of the appeals' tests

LATITUDE, LONGITUDE = "51.128765", "71.430412"
EXACT = (LATITUDE, LONGITUDE)
APPROXIMATE = ("51.13", "71.43")


def filed(browser, location, public=True, text=test_appeals.TEXT):
    page = file(
        browser(AUTHOR),
        text=text,
        public=public,
        latitude=LATITUDE,
        longitude=LONGITUDE,
        location=location,
    )
    return page.follow().request.path


def leaks(text, digits=("51.12", "71.430")):
    """Whether `text` holds more of the point than 2 decimals."""
    return any(part in text for part in digits)


def open311(app, path):
    number = path.strip("/").split("/")[-1]
    found = app.get(f"/open311/v2/requests/{number}.json", status="*")
    return found.json[0] if found.status_int == 200 else None


@pytest.mark.parametrize(
    "location, shown",
    [("hidden", None), ("approximate", APPROXIMATE), ("exact", EXACT)],
)
def test_the_public_sees_the_point_as_the_author_chose(browser, world, app, location, shown):
    path = filed(browser, location)
    for reader in (browser(), browser(NEIGHBOUR)):
        page = reader.get(path)
        point = page.html.select_one(".location")
        assert not page.html.select(".coordinates, .location-choice")
        if shown is None:
            assert point is None and not leaks(page.text) and "51.13" not in page.text
            continue
        assert point.text.split(" (")[0] == ", ".join(shown)
        link = point.a["href"]
        assert link.startswith("https://www.openstreetmap.org/?mlat=" + shown[0])
        if location == "approximate":
            assert not leaks(page.text)
    request = open311(app, path)
    assert (request["lat"], request["long"]) == (
        tuple(float(value) for value in shown) if shown else (None, None)
    )
    listing = app.get("/open311/v2/requests.json").text
    assert leaks(listing) == (location == "exact")


@pytest.mark.parametrize("location", ["hidden", "approximate"])
def test_the_author_and_staff_see_the_exact_point(browser, world, location):
    path = filed(browser, location)
    for reader in (browser(AUTHOR), browser(CLERK)):
        page = reader.get(path)
        assert page.html.select_one(".coordinates").text == f"{LATITUDE}, {LONGITUDE}"
        assert page.html.select_one(".location-choice").text


def test_a_private_appeal_publishes_no_point_whatever_was_chosen(browser, world, app):
    path = filed(browser, "exact", public=False)
    page = browser(AUTHOR).get(path)
    assert page.html.select_one(".coordinates").text == f"{LATITUDE}, {LONGITUDE}"
    assert page.html.select_one(".location") is None
    assert "Do not publish the location" in page.html.select_one(".location-choice").text
    assert open311(app, path) is None
    assert not leaks(app.get("/open311/v2/requests.json").text)


def test_the_search_index_has_no_point(browser, world, app, search_sync):
    filed(browser, "exact")
    filed(browser, "approximate", text="Another pothole by the school gate fills with water")
    search_sync()
    found = app.get("/api/search", {"q": "pothole", "kind": "appeal"}).json
    assert found["total"] == 2
    assert not leaks(str(found)) and "51.13" not in str(found)
    for digits in ("51.128765", "51.13", "71.43"):
        assert app.get("/api/search", {"q": digits, "kind": "appeal"}).json["total"] == 0


def test_the_form_publishes_nothing_unless_the_person_chooses(browser, world, database):
    form = browser(AUTHOR).get("/appeals/new").forms["deform"]
    assert form["location"].value == "hidden"
    path = file(browser(AUTHOR), latitude=LATITUDE, longitude=LONGITUDE).follow().request.path
    assert browser().get(path).html.select_one(".location") is None
    with database() as root:
        assert root["appeals"]["1"].location == "hidden"


def test_a_partner_chooses_the_published_precision_through_open311(browser, world, app, make_user):
    from functional.test_open311 import issue_key

    key = issue_key(browser, make_user)
    params = {
        "api_key": key,
        "service_code": "roads",
        "jurisdiction_id": test_appeals.ASTANA,
        "lat": LATITUDE,
        "long": LONGITUDE,
        "description": "A pothole in front of school 12",
    }
    published = {}
    for location in ("", "approximate", "exact"):
        answer = app.post("/open311/v2/requests.json", dict(params, publish_location=location))
        number = answer.json[0]["service_request_id"]
        request = app.get(f"/open311/v2/requests/{number}.json").json[0]
        published[location] = (request["lat"], request["long"])
    assert published == {
        "": (None, None),
        "approximate": (51.13, 71.43),
        "exact": (51.128765, 71.430412),
    }
