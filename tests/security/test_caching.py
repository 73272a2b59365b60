"""Anonymous pages are shared (public, with an ETag, answered 304 without
rendering when the reader holds it); nothing that depends on the person is
(consult.caching, consult.headers)."""

import gzip
import re
from datetime import timedelta

import pytest
from webob import Request

SLUG = "citizens-juries"


@pytest.fixture
def site(make_consultation, make_user, database):
    make_consultation()
    make_consultation("closed-one", stage_open="closed")
    make_user("citizen@example.kz")
    with database() as root:
        draft = root["consultations"][SLUG].current_draft()
        return f"/consultations/{SLUG}/drafts/{draft.version}/3/"


def article_form(page):
    return next(f for f in page.forms.values() if f.action.endswith("/comments/post"))


PAGES = [
    "/",
    "/consultations/",
    f"/consultations/{SLUG}/",
    "article",
    f"/consultations/{SLUG}/green/",
    "/consultations/closed-one/report",
    "/search?q=jury",
]


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_page_is_public_with_an_etag_and_varies_by_language(browser, site, path):
    response = browser().get(site if path == "article" else path)
    assert response.status_int == 200 and "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == ("public, max-age=5, stale-while-revalidate=30")
    assert re.fullmatch(r'W/"[0-9a-f]{24}"', response.headers["ETag"])
    assert {"Accept-Language", "Cookie", "Accept-Encoding"} <= set(response.vary)


def raw_get(wsgi_app, url, **headers):
    """The response as consult sends it (WebTest would decompress it)."""
    return Request.blank(url, headers=headers).get_response(wsgi_app)


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_page_is_gzipped_for_a_reader_who_accepts_it(wsgi_app, site, path):
    url = site if path == "article" else path
    plain = raw_get(wsgi_app, url)
    assert plain.status_int == 200 and plain.content_encoding is None  # none asked
    for accepted in ("gzip", "gzip, deflate, br"):
        packed = raw_get(wsgi_app, url, **{"Accept-Encoding": accepted})
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.body) == plain.body
        assert packed.headers["ETag"] == plain.headers["ETag"]
        assert int(packed.headers["Content-Length"]) == len(packed.body) < len(plain.body)
    for refused in ("identity", "br", "gzip;q=0"):
        answer = raw_get(wsgi_app, url, **{"Accept-Encoding": refused})
        assert answer.content_encoding is None and answer.body == plain.body


def test_a_private_page_is_never_gzipped_by_consult(wsgi_app, site):
    """A page with a CSRF token is not compressed (BREACH): only shared pages are."""
    login = raw_get(wsgi_app, "/login", **{"Accept-Encoding": "gzip"})
    assert login.headers["Cache-Control"] == "private, no-store"
    assert login.content_encoding is None and b"csrf_token" in login.body
    cookie = login.headers["Set-Cookie"].split(";", 1)[0]
    page = raw_get(wsgi_app, site, **{"Accept-Encoding": "gzip", "Cookie": cookie})
    assert page.headers["Cache-Control"] == "private, no-store"
    assert page.content_encoding is None


@pytest.mark.parametrize("path", PAGES)
def test_if_none_match_is_answered_304_without_rendering(browser, site, path, monkeypatch):
    reader = browser()
    url = site if path == "article" else path
    etag = reader.get(url).headers["ETag"]
    rendered = []
    monkeypatch.setattr(
        "pyramid.renderers.RendererHelper.render_view",
        lambda *args, **kwargs: rendered.append(args) or pytest.fail("rendered"),
    )
    again = reader.get(url, headers={"If-None-Match": etag}, status=304)
    assert again.body == b"" and again.headers["ETag"] == etag and not rendered
    assert again.headers["Cache-Control"].startswith("public, max-age=5")
    monkeypatch.undo()
    other = reader.get(url, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_int == 200


def test_a_signed_in_persons_page_is_private_without_an_etag(browser, site):
    citizen = browser("citizen@example.kz")
    page = citizen.get(site)
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in page.headers
    # Even with an anonymous page's ETag, the person gets their own page.
    etag = browser().get(site).headers["ETag"]
    assert citizen.get(site, headers={"If-None-Match": etag}).status_int == 200


def test_a_request_with_a_session_cookie_is_private(browser, site):
    visitor = browser()
    visitor.get("/login")  # the form's CSRF token starts a session
    assert "session" in visitor.cookies
    page = visitor.get(site)
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in page.headers


def test_the_etag_changes_when_a_comment_is_added(browser, site):
    reader = browser()
    before = reader.get(site).headers["ETag"]
    assert reader.get(site).headers["ETag"] == before  # nothing changed
    citizen = browser("citizen@example.kz")
    form = article_form(citizen.get(site))
    form["text"] = "Article 3 should say who pays for the jurors' travel."
    form[f"{form.id}-stance"] = "for"
    assert form.submit("post").status_int == 303
    after = reader.get(site, headers={"If-None-Match": before})
    assert after.status_int == 200 and after.headers["ETag"] != before
    assert "who pays for the jurors" in after.text


def test_a_comment_in_another_consultation_leaves_the_etag(
    browser, site, make_consultation, database
):
    """The article page counts its own consultation's revisions, not every
    write: a reader who holds it still gets a 304."""
    other = make_consultation("other-one")
    with database() as root:
        version = root["consultations"][other].current_draft().version
    reader = browser()
    before = reader.get(site).headers["ETag"]
    citizen = browser("citizen@example.kz")
    form = article_form(citizen.get(f"/consultations/{other}/drafts/{version}/3/"))
    form["text"] = "This other draft should publish its cost estimate."
    form[f"{form.id}-stance"] = "for"
    assert form.submit("post").status_int == 303
    assert reader.get(site, headers={"If-None-Match": before}).status_int == 304


def test_the_site_settings_change_every_pages_etag(browser, site, make_user):
    make_user("admin@example.kz", "Dana", "Admin", roles=("administrator",))
    reader = browser()
    before = reader.get(site).headers["ETag"]
    form = browser("admin@example.kz").get("/@@site-settings").forms["deform"]
    form["site_name_en"] = "Open consultations of the Republic"
    assert "saved" in form.submit("save").follow().text
    after = reader.get(site, headers={"If-None-Match": before})
    assert after.status_int == 200 and after.headers["ETag"] != before
    assert "Open consultations of the Republic" in after.text


def test_the_etag_differs_by_language(browser, site):
    reader = browser()
    english = reader.get(site).headers["ETag"]
    russian = reader.get(site, headers={"Accept-Language": "ru"})
    assert russian.headers["ETag"] != english
    assert (
        reader.get(site, headers={"Accept-Language": "ru", "If-None-Match": english}).status_int
        == 200
    )
    assert reader.get(f"{site}?_LOCALE_=kk").headers["ETag"] not in (
        english,
        russian.headers["ETag"],
    )


@pytest.mark.parametrize(("path", "seconds"), [("/", 60), ("article", 600)])
def test_the_etag_changes_with_time_alone(browser, site, clock, path, seconds):
    """etag_seconds outside a consultation, counted_etag_seconds within one."""
    reader = browser()
    url = site if path == "article" else path
    before = reader.get(url).headers["ETag"]
    clock.advance(timedelta(seconds=seconds + 1))
    assert reader.get(url).headers["ETag"] != before


def test_within_a_consultation_the_etag_changes_when_its_stage_closes(
    browser, site, clock, database
):
    with database() as root:
        closes = root["consultations"][SLUG].stages["white"].closes_at
    reader = browser()
    clock.when = closes - timedelta(seconds=2)
    open_page = reader.get(site)
    assert "Sign in to comment" in open_page.text and "closed on" not in open_page.text
    clock.when = closes + timedelta(seconds=1)
    closed = reader.get(site, headers={"If-None-Match": open_page.headers["ETag"]})
    assert closed.status_int == 200 and "Sign in to comment" not in closed.text
    assert "closed on" in closed.text


def test_static_files_keep_their_own_headers(browser, site):
    reader = browser()
    page_etag = reader.get("/").headers["ETag"]
    response = reader.get("/static/consult.css", headers={"If-None-Match": page_etag})
    assert response.status_int == 200 and response.headers["Cache-Control"] == "max-age=3600"
    assert "ETag" not in response.headers and response.headers["Last-Modified"]
