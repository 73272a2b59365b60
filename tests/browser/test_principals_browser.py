"""The people and roles page fits a desktop window and a phone, in the three
languages, passes an accessibility scan, and the administrator role goes
through its confirmation page."""

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN = "admin@example.kz"
WINDOWS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def people(make_user):
    make_user(ADMIN, "Dana", "Admin", roles=("administrator",))
    make_user(
        "a.very.long.address.of.a.ministry.clerk@department-of-legislation.gov.kz",
        "Жанар",
        "Тулегенова-Абдрахманова",
        roles=("editor", "moderator", "organiser"),
    )
    for number in range(30):
        make_user(f"person{number:02}@example.kz", "Person", f"Number {number}")
    return make_user("nurlan@gov.kz", "Nurlan", "Bekov")


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("window", sorted(WINDOWS))
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_page_fits_and_is_accessible(
    people, new_context, sign_in, assert_accessible, window, language
):
    width, height = WINDOWS[window]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    sign_in(page, ADMIN, PASSWORD)
    page.goto(f"/principals/?_LOCALE_={language}")
    expect(page.get_by_text("nurlan@gov.kz")).to_be_visible()
    assert fits(page), page.evaluate("document.documentElement.scrollWidth")
    assert_accessible(page)
    page.goto(f"/principals/?role=editor&_LOCALE_={language}")
    assert fits(page)


@pytest.mark.parametrize("window", sorted(WINDOWS))
def test_granting_administrator_asks_first(people, new_context, sign_in, assert_accessible, window):
    width, height = WINDOWS[window]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    sign_in(page, ADMIN, PASSWORD)
    page.goto("/principals/")
    page.get_by_label("Name or e-mail address").fill("nurlan")
    page.get_by_role("search", name="Search people").get_by_role("button", name="Search").click()
    form = page.get_by_role("group", name="Roles of Nurlan Bekov")
    form.get_by_label("Administrator").check()
    form.get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("heading", name="Make Nurlan Bekov an administrator?")).to_be_visible()
    assert fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Yes, make Nurlan Bekov an administrator").click()
    expect(page.get_by_text("Roles of Nurlan B. updated.")).to_be_visible()
    person = page.locator("li.person", has_text="nurlan@gov.kz")
    expect(person.locator(".person-roles")).to_contain_text("Administrator")
    assert fits(page)
