"""Applying to a jury and accepting an invitation as a person does it: the
same thanks whether or not the IIN had applied, a mistake back with the text
but an empty IIN field, and the choice of how one's name is shown, with the
name each option would show; every page passes an accessibility scan."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from consult import iin
from consult.juries.recruitment.identity import make_token
from consult.juries.services import JuryService

pytestmark = pytest.mark.browser

SECRET = "browser-testing-hash-secret"
AIGERIM_IIN = iin.make(date(1988, 11, 23), "f", 4021)


@pytest.fixture
def jury(make_user, make_consultation, database, clock):
    make_consultation()
    organiser = make_user("organiser@example.kz", "Dana", "Organiser", roles=("organiser",))
    with database() as root:
        now = clock.now()
        JuryService(clock, SECRET).create(
            root["juries"],
            "pension-jury",
            "citizens-juries",
            {
                "remit": {"en": "How should pensions be indexed?"},
                "panel_size": 15,
                "recruitment_opens": now - timedelta(days=1),
                "recruitment_closes": now + timedelta(days=10),
                "sessions": [],
                "features": ("gender",),
            },
            root["principals"][organiser],
        )
    return "/juries/pension-jury"


def fill_application(page, iin_value, name="Aigerim Serikova"):
    page.get_by_label("Full name").fill(name)
    page.get_by_label("E-mail address").fill("aigerim.s@example.kz")
    page.get_by_label("Phone number").fill("+7 701 123 45 67")
    page.get_by_label("IIN").fill(iin_value)
    page.get_by_label("Home address").fill("Astana, Abai avenue 10, flat 5")
    page.get_by_label("Gender").select_option(label="Female")
    page.get_by_label("Consent").check()


def apply_once(page, url, iin_value):
    page.goto(f"{url}/apply")
    fill_application(page, iin_value)
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    return page.locator("main").inner_text()


def test_applying_twice_reads_the_same_and_the_iin_is_not_shown_back(
    jury, page, new_context, assert_accessible
):
    page.goto(f"{jury}/apply")
    assert_accessible(page)
    # A mistake in the number: the message, the rest of the form, no number.
    fill_application(page, AIGERIM_IIN[:-1] + str((int(AIGERIM_IIN[-1]) + 1) % 10))
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("alert")).to_contain_text("This IIN is not valid")
    expect(page.get_by_label("Full name")).to_have_value("Aigerim Serikova")
    expect(page.get_by_label("IIN")).to_have_value("")
    assert_accessible(page)

    first = apply_once(page, jury, AIGERIM_IIN)
    assert "Thank you: we have received your application" in first
    assert_accessible(page)
    again = apply_once(new_context().new_page(), jury, AIGERIM_IIN)
    assert again == first


def test_an_invited_person_chooses_how_their_name_is_shown(
    jury, database, clock, page, assert_accessible
):
    with database() as root:
        service = JuryService(clock, SECRET)
        found = root["juries"]["pension-jury"]
        applicant = service.apply(
            found,
            {
                "name": "Aigerim Serikova",
                "email": "aigerim.s@example.kz",
                "phone": "+77011234567",
                "iin": AIGERIM_IIN,
                "address": "Astana, Abai avenue 10",
                "answers": {"gender": "female"},
            },
            "en",
        )
        applicant.status = "selected"
        service.invite(found)
        token = make_token(SECRET, found, applicant)
    page.goto(f"{jury}/respond?token={token}&answer=accept")
    expect(page.locator("main")).to_contain_text("Your name on the jury's public page")
    expect(page.get_by_role("radio", name="Do not show my name")).to_be_checked()
    expect(page.get_by_role("radio", name="Show my full name: Aigerim Serikova")).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "radio", name="Show my first name and the initial of my surname: Aigerim S."
    ).check()
    page.get_by_label("Password for your new account").fill("a long enough password")
    page.get_by_role("textbox", name="Confirm Password").fill("a long enough password")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept and join the jury").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome to the jury!")
    named = page.get_by_role("heading", name="Jurors who agreed to be named")
    expect(named.locator("xpath=following-sibling::ul[1]")).to_have_text("Aigerim S.")
    expect(page.locator("main")).not_to_contain_text("Serikova")
    assert_accessible(page)
