"""What every page carries: language, switcher, skip link, licence notice."""

import pytest


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.source_url": "https://example.org/consult"})


def test_footer_links_to_the_source(app):
    page = app.get("/")
    assert page.html.find("a", href="https://example.org/consult") is not None


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_page_language_and_switcher(app, language):
    page = app.get("/", headers={"Accept-Language": language})
    assert page.html.html["lang"] == language
    current = page.html.find("a", attrs={"aria-current": "true"})
    assert current["lang"] == language
    assert page.html.find("a", class_="skip-link")["href"] == "#main"


def test_switching_language_is_remembered(app):
    response = app.get("/set-language", params={"lang": "kk", "came_from": "/consultations/"})
    assert response.headers["Location"] == "http://localhost/consultations/"
    assert app.get("/consultations/").html.html["lang"] == "kk"


def test_switcher_never_redirects_elsewhere(app):
    response = app.get("/set-language", params={"lang": "kk", "came_from": "//evil.example"})
    assert response.headers["Location"] == "http://localhost/"


def test_an_address_that_is_not_utf8_gets_a_clear_400(app):
    page = app.get("/search?q=%ff", status=400)
    assert "This address cannot be read" in page.text
    assert "not valid text" in page.text
    # A mangled language choice is ignored where nothing else is read.
    assert app.get("/consultations/?_LOCALE_=%c3").status_int == 200
