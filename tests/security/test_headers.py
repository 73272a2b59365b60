"""Every response carries the security headers; every response to a
signed-in person, every staff or private page and export, and every page
reached with a token is `no-store`; what anonymous readers see of public
consultations stays cacheable."""

from datetime import timedelta

import pytest
from webob import Request

from consult.clock import FixedClock
from consult.juries.services import JuryService

SLUG = "citizens-juries"
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_secure(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.request.url)
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def no_store(response):
    return "no-store" in response.headers.get("Cache-Control", "")


@pytest.fixture
def site(make_consultation, make_user, database, clock):
    make_consultation()
    make_consultation("closed-one", stage_open="closed")
    make_user("citizen@example.kz")
    make_user("admin@example.kz", "Asel", "Admin", roles=("administrator",))
    organiser = make_user("organiser@example.kz", "Dana", "Organiser", roles=("organiser",))
    with database() as root:
        JuryService(FixedClock(clock.now()), "testing-hash-secret").create(
            root["juries"],
            "jury",
            SLUG,
            {
                "remit": {"en": "How should pensions be indexed?"},
                "panel_size": 15,
                "recruitment_opens": clock.now() - timedelta(days=10),
                "recruitment_closes": clock.now() + timedelta(days=5),
                "sessions": [],
                "features": ("gender",),
            },
            root["principals"][organiser],
        )
        draft = root["consultations"][SLUG].current_draft()
        draft_url = f"/consultations/{SLUG}/drafts/{draft.version}/3/"
    return draft_url


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/consultations/",
        f"/consultations/{SLUG}/",
        "article",
        "/juries/jury",
        "/search?q=jury",
        "/consultations/closed-one/report",
        "/consultations/closed-one/report.json",
    ],
)
def test_public_pages_for_anonymous_readers_are_secured_and_cacheable(browser, site, path):
    response = browser().get(site if path == "article" else path)
    assert response.status_int == 200
    assert_secure(response)
    assert not no_store(response) and "Set-Cookie" not in response.headers


def test_the_api_is_secured_and_cacheable_for_anonymous_readers(browser, site, search_sync):
    search_sync()
    response = browser().get("/api/search", params={"q": "jury"})
    assert response.content_type == "application/json"
    assert_secure(response)
    assert not no_store(response)


def test_static_files_stay_cacheable_even_for_a_signed_in_person(browser, site):
    response = browser("citizen@example.kz").get("/static/consult.css")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=3600" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/", f"/consultations/{SLUG}/", "article", "/account", "/juries/jury", "/no-such-page"]
)
def test_every_response_to_a_signed_in_person_is_no_store(browser, site, path):
    response = browser("citizen@example.kz").get(
        site if path == "article" else path, expect_errors=True
    )
    assert_secure(response)
    assert no_store(response) and "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "who, path",
    [
        ("admin@example.kz", "/principals/"),  # every e-mail address
        ("organiser@example.kz", "/juries/jury/applicants"),  # phone numbers
        ("admin@example.kz", f"/consultations/{SLUG}/export-comments.csv"),
        ("admin@example.kz", f"/consultations/{SLUG}/export-comments.xlsx"),
        ("admin@example.kz", f"/api/consultations/{SLUG}/signals"),
        ("admin@example.kz", "/census"),
    ],
)
def test_staff_pages_and_exports_are_no_store(browser, site, who, path):
    response = browser(who).get(path)
    assert response.status_int == 200
    assert_secure(response)
    assert no_store(response)


@pytest.mark.parametrize(
    "path",
    [
        "/reset-password?token=abc",
        "/confirm?token=abc",
        "/juries/jury/respond?token=abc&answer=accept",
    ],
)
def test_pages_reached_with_a_token_are_no_store(app, site, path):
    response = app.get(path, expect_errors=True)
    assert_secure(response)
    assert no_store(response)


def test_a_response_that_sets_a_cookie_is_no_store(app, site):
    response = app.get("/login")  # the form's CSRF token starts a session
    assert "Set-Cookie" in response.headers
    assert_secure(response)
    assert no_store(response)


def test_a_context_that_is_not_public_is_no_store_without_a_session(wsgi_app, site, database):
    with database() as root:
        root["consultations"][SLUG].published_at = None
    # No cookie at all: decided by the context's ACL, which denies Everyone.
    response = Request.blank(f"/consultations/{SLUG}/").get_response(wsgi_app)
    assert response.status_int == 303  # to the sign-in page
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-store" in response.headers["Cache-Control"]


def test_error_pages_carry_the_headers(app, wsgi_app, site):
    assert_secure(app.get("/no-such-page", status=404))
    bad = Request.blank("/%ff").get_response(wsgi_app)
    assert bad.status_int == 400 and bad.headers["Content-Security-Policy"]
    assert_secure(app.post("/login", {"email": "a" * 2_000_000}, status=413))
