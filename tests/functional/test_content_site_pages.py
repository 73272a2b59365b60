"""The pages every site has are ordinary pages editors change, and the
comment form links the rules of discussion in the reader's language."""

import factories
import pytest
from pages import thread_page
from webtest import TestApp

from consult.clock import FixedClock
from consult.content.services import ContentService


@pytest.fixture
def citizen(make_user, browser):
    make_user("asel@example.kz")
    return browser("asel@example.kz")


def rules_link(app, database, slug):
    with database() as root:
        target = root["consultations"][slug].current_draft()["3"].target
    link = thread_page(app, slug, target).html.select_one(".rules-link a")
    return link["href"] if link is not None else None


@pytest.mark.parametrize(
    "language, path",
    [("ru", "/pages/rules/"), ("kk", "/pages/rules-kk/"), ("en", "/pages/rules-en/")],
)
def test_the_comment_form_links_the_rules_in_the_readers_language(
    make_user, wsgi_app, login, make_consultation, database, language, path
):
    make_user("asel@example.kz")
    make_consultation("juries")
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": language})
    login(app, "asel@example.kz")
    assert rules_link(app, database, "juries") == f"http://localhost{path}"
    assert app.get(path).html.select_one("h1").text in {
        "Правила обсуждения",
        "Талқылау ережелері",
        "Rules of discussion",
    }


def test_a_retracted_rules_page_is_not_linked(citizen, make_consultation, database):
    make_consultation("juries")
    with database() as root:
        service = ContentService(root, FixedClock(factories.NOW))
        for name in ("rules", "rules-en", "rules-kk"):
            service.take_step(root["pages"][name], "retract", "admin", lambda permission: True)
    assert rules_link(citizen, database, "juries") is None


def test_the_starter_pages_are_public_in_three_languages(browser):
    reader = browser()
    for name in ("how-it-works", "rules", "privacy", "contact"):
        for suffix in ("", "-kk", "-en"):
            page = reader.get(f"/pages/{name}{suffix}/")
            assert page.html.select_one("article h1").text
