"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the
appeals: each endpoint answers the spec's fields with the spec's types, the
spec's error format (a JSON array of {code, description}) with the HTTP
status, only public appeals and never the author, contact data or the
coordinates more exact than published (test_appeals_location); a partner files with the key an administrator issued, of
which only a keyed hash is stored."""

from datetime import timedelta

import pytest
from functional import test_appeals
from functional.test_appeals import ADMIN, ASTANA, AUTHOR, CLERK, TEXT, file, press

world = test_appeals.world  # the people, organisations and category of the appeals' tests

PARTNER = "partner@example.kz"
SERVICE_FIELDS = {
    "service_code": str,
    "service_name": str,
    "description": str,
    "metadata": bool,
    "type": str,
    "keywords": str,
    "group": str,
}
# The spec's fields of a service request, each a string or null ("lat" and
# "long" numbers or null: the point as its author chose to publish it).
POINT_FIELDS = {"lat", "long"}
REQUEST_FIELDS = POINT_FIELDS | {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "media_url",
}


def is_error(response, status):
    body = response.json
    assert response.status_int == status and response.content_type == "application/json"
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"} and body[0]["code"] == status
    assert isinstance(body[0]["description"], str) and body[0]["description"]
    return body[0]["description"]


def conforms(request):
    assert set(request) == REQUEST_FIELDS
    assert all(
        value is None or isinstance(value, float if name in POINT_FIELDS else str)
        for name, value in request.items()
    )
    assert request["status"] in ("open", "closed")
    assert request["requested_datetime"][-6:] in ("+00:00", "+05:00")


def issue_key(browser, make_user, partner="City app"):
    make_user(PARTNER, "City", "Application")
    page = browser(ADMIN).get("/appeals/api-keys")
    form = [f for f in page.forms.values() if "partner" in f.fields][0]
    form["partner"] = partner
    form["email"] = PARTNER
    return form.submit().html.select_one(".api-key").text


def test_services_are_the_categories_in_the_request_s_language(app, world):
    services = app.get("/open311/v2/services.json").json
    assert services == [
        {
            "service_code": "roads",
            "service_name": "Roads",
            "description": "Roads",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "",
        }
    ]
    for service in services:
        assert {name: type(value) for name, value in service.items()} == SERVICE_FIELDS
    russian = app.get("/open311/v2/services.json", headers={"Accept-Language": "ru"}).json
    assert russian[0]["service_name"] == "Дороги"


def test_a_service_definition_is_minimal_and_an_unknown_one_is_404(app, world):
    assert app.get("/open311/v2/services/roads.json").json == {
        "service_code": "roads",
        "attributes": [],
    }
    is_error(app.get("/open311/v2/services/nothing.json", status=404), 404)


def test_requests_are_the_public_appeals_only_without_personal_data(browser, world, app):
    public = file(browser(AUTHOR), latitude="51.12").follow().request.path.strip("/")
    file(browser(AUTHOR), text="Call me at 87010000000, private", public=False)
    number = public.split("/")[-1]
    found = app.get("/open311/v2/requests.json").json
    assert [request["service_request_id"] for request in found] == [number]
    request = found[0]
    conforms(request)
    assert request["status"] == "open" and request["service_code"] == "roads"
    assert request["description"] == TEXT and request["agency_responsible"] == "Akimat of Astana"
    shown = str(found)
    for private in ("87010000000", "author@example.kz", "Aigerim", "Serikova", "51.12", "71.43"):
        assert private not in shown
    assert request["lat"] is None and request["long"] is None  # not chosen to be published
    assert app.get(f"/open311/v2/requests/{number}.json").json == [request]
    is_error(app.get("/open311/v2/requests/2.json", status=404), 404)  # the private one
    is_error(app.get("/open311/v2/requests/99.json", status=404), 404)


def test_the_spec_s_filters(browser, world, app, clock):
    first = file(browser(AUTHOR)).follow().request.path.strip("/").split("/")[-1]
    clock.advance(timedelta(days=2))
    second = file(browser(AUTHOR), text="Broken street lights on the avenue").follow()
    second = second.request.path.strip("/").split("/")[-1]
    press(browser(CLERK), f"/appeals/{second}/", "register")

    def ids(**params):
        return [r["service_request_id"] for r in app.get("/open311/v2/requests.json", params).json]

    assert ids() == [second, first]
    assert ids(service_request_id=f"{first},{second}") == [second, first]
    assert ids(service_code="roads") == [second, first] and ids(service_code="water") == []
    assert ids(status="open") == [second, first] and ids(status="closed") == []
    now = clock.now()
    assert ids(start_date=(now - timedelta(days=1)).isoformat()) == [second]
    assert ids(end_date=(now - timedelta(days=1)).isoformat()) == [first]
    assert ids(start_date=(now + timedelta(days=1)).isoformat()) == []
    assert ids(start_date=(now + timedelta(days=1)).isoformat().replace("+00:00", "Z")) == []
    expected = app.get(f"/open311/v2/requests/{second}.json").json[0]["expected_datetime"]
    assert expected.endswith("T23:59:59+05:00")
    for bad in ({"start_date": "yesterday"}, {"end_date": "2026-01-01"}, {"status": "fixed"}):
        is_error(app.get("/open311/v2/requests.json", bad, status=400), 400)


def test_a_partner_files_an_appeal_with_its_key(browser, world, app, make_user, database):
    key = issue_key(browser, make_user)
    with database() as root:
        stored = list(root["appeals"].api_keys.items())
    assert len(stored) == 1 and key not in repr(stored) and stored[0][0] != key
    answer = app.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "roads",
            "jurisdiction_id": ASTANA,
            "lat": "51.12",
            "long": "71.43",
            "description": "A pothole in front of school 12",
            "email": "someone@example.kz",
            "first_name": "Someone",
            "phone": "87010000000",
        },
    ).json
    assert [set(item) for item in answer] == [
        {"service_request_id", "service_notice", "account_id"}
    ]
    number = answer[0]["service_request_id"]
    request = app.get(f"/open311/v2/requests/{number}.json").json[0]
    conforms(request)
    assert request["description"] == "A pothole in front of school 12"
    assert "87010000000" not in str(request) and "someone@" not in str(request)
    assert request["lat"] is None  # no publish_location: the point is not published
    with database() as root:
        appeal = root["appeals"][number]
        assert appeal.organisation == "astana-akimat" and appeal.coordinates == (51.12, 71.43)
        author = root["principals"][appeal.author]
        assert author.email == PARTNER
        assert "87010000000" not in repr(vars(appeal))
    # The appeals' own pages show it as filed by the partner's account.
    assert browser(CLERK).get(f"/appeals/{number}/").status_int == 200


@pytest.mark.parametrize(
    "change, status",
    [
        ({"api_key": ""}, 400),
        ({"api_key": "not-a-key"}, 403),
        ({"service_code": "water"}, 400),
        ({"service_code": ""}, 400),
        ({"jurisdiction_id": ""}, 400),
        ({"description": ""}, 400),
        ({"lat": "", "long": ""}, 400),
        ({"lat": "north"}, 400),
        ({"lat": "10.0"}, 400),  # outside Kazakhstan: the appeals service refuses it
        ({"publish_location": "everywhere"}, 400),
    ],
)
def test_a_bad_post_is_refused_in_the_spec_s_format_and_files_nothing(
    browser, world, app, make_user, database, change, status
):
    key = issue_key(browser, make_user)
    params = {
        "api_key": key,
        "service_code": "roads",
        "jurisdiction_id": ASTANA,
        "lat": "51.12",
        "long": "71.43",
        "description": "A pothole",
    }
    is_error(app.post("/open311/v2/requests.json", dict(params, **change), status=status), status)
    with database() as root:
        assert len(root["appeals"]) == 0


def test_a_revoked_key_files_nothing_and_only_administrators_issue_keys(
    browser, world, app, make_user
):
    key = issue_key(browser, make_user)
    page = browser(ADMIN).get("/appeals/api-keys")
    assert "City app" in page.text and key not in page.text
    form = [f for f in page.forms.values() if "prefix" in f.fields][0]
    form.submit("revoke").follow()
    params = {"api_key": key, "service_code": "roads", "jurisdiction_id": ASTANA}
    is_error(app.post("/open311/v2/requests.json", params, status=403), 403)
    browser(CLERK).get("/appeals/api-keys", status=403)


def test_a_key_issued_to_no_account_is_refused_on_the_form(browser, world):
    page = browser(ADMIN).get("/appeals/api-keys")
    form = [f for f in page.forms.values() if "partner" in f.fields][0]
    form["partner"] = "City app"
    form["email"] = "nobody@example.kz"
    page = form.submit()
    assert "No account has this e-mail address" in page.html.select_one(".alert").text
    assert page.html.select_one("#key-partner")["value"] == "City app"
