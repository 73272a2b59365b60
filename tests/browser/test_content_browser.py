"""A web editor writes a news item with the live preview, submits it, a
reviewer publishes it; the editor translates it into Russian, the reviewer
publishes that too, and a reader switching language lands on the
translation. Every page on the way passes an accessibility scan."""

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REVIEWER = "reviewer@gov.kz"


@pytest.fixture
def reviewer(make_user):
    make_user(REVIEWER, "Roza", "Reviewer", roles=("reviewer",))
    return REVIEWER


def take_step(page, path, step_name, assert_accessible):
    page.goto(path + "@@workflow")
    assert_accessible(page)
    page.get_by_role("button", name=step_name).click()
    expect(page.locator(".messages")).to_be_visible()


def test_write_review_publish_translate(editor, reviewer, new_context, sign_in, assert_accessible):
    writer = new_context().new_page()
    sign_in(writer, editor[0], PASSWORD)
    writer.goto("/pages/")
    writer.get_by_role("link", name="Add a news item").click()
    assert_accessible(writer)
    writer.get_by_label("Title", exact=True).fill("The White Paper is open")
    writer.get_by_label("Language of the text").select_option("en")
    writer.get_by_label("Text", exact=True).fill("Comments are open **until 30 April**.")
    # The live preview shows the text as readers will see it, as it is typed.
    expect(writer.locator("#live-preview strong")).to_have_text("until 30 April")
    writer.get_by_role("button", name="Save").click()
    expect(writer.get_by_role("heading", name="The White Paper is open")).to_be_visible()
    assert_accessible(writer)
    take_step(writer, "/pages/the-white-paper-is-open/", "Submit for review", assert_accessible)
    expect(writer.get_by_role("button", name="Publish")).to_have_count(0)

    checker = new_context().new_page()
    sign_in(checker, reviewer, PASSWORD)
    take_step(checker, "/pages/the-white-paper-is-open/", "Publish", assert_accessible)

    writer.goto("/pages/the-white-paper-is-open/")
    writer.get_by_role("link", name="Translate").click()
    assert_accessible(writer)
    writer.get_by_label("Language of the text").select_option("ru")
    writer.get_by_label("Title", exact=True).fill("Белая книга открыта")
    writer.get_by_label("Text", exact=True).fill("Замечания принимаются **до 30 апреля**.")
    writer.get_by_role("button", name="Save").click()
    expect(writer.get_by_role("heading", name="Белая книга открыта")).to_be_visible()
    take_step(writer, "/pages/belaia-kniga-otkryta/", "Submit for review", assert_accessible)
    take_step(checker, "/pages/belaia-kniga-otkryta/", "Publish", assert_accessible)

    reader = new_context().new_page()
    reader.goto("/pages/the-white-paper-is-open/?_LOCALE_=en")
    assert_accessible(reader)
    reader.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    expect(reader.get_by_role("heading", name="Белая книга открыта")).to_be_visible()
    assert reader.evaluate("document.documentElement.lang") == "ru"
    assert "/pages/belaia-kniga-otkryta/" in reader.url
    expect(reader.locator(".body strong")).to_have_text("до 30 апреля")
    assert_accessible(reader)
