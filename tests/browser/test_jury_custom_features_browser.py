"""An organiser adds a feature of the jury's own from the organiser page,
with the keyboard; a mistake comes back with the text kept and the reason
beside the field; both pages pass an accessibility scan."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.juries.services import JuryService

pytestmark = pytest.mark.browser


@pytest.fixture
def jury(make_user, make_consultation, database, clock):
    make_consultation()
    organiser = make_user("organiser@example.kz", "Dana", "Organiser", roles=("organiser",))
    with database() as root:
        now = clock.now()
        JuryService(clock, "browser-testing-hash-secret").create(
            root["juries"],
            "transport-jury",
            "citizens-juries",
            {
                "remit": {"en": "How should buses run?"},
                "panel_size": 15,
                "recruitment_opens": now + timedelta(days=1),
                "recruitment_closes": now + timedelta(days=10),
                "sessions": [],
                "features": ("gender",),
            },
            root["principals"][organiser],
        )
    return "transport-jury"


def test_an_organiser_adds_a_feature(jury, page, sign_in, assert_accessible):
    sign_in(page, "organiser@example.kz")
    page.goto(f"/juries/{jury}/manage")
    section = page.get_by_role("region", name="Features to stratify by")
    expect(section).to_contain_text("Gender")
    assert_accessible(page)

    section.get_by_label("Name of the feature in English").fill("Employment")
    section.get_by_label("Values").fill("Employed | 60\nStudent | 60")
    section.get_by_label("Values").focus()
    with page.expect_navigation():
        page.keyboard.press("Tab")  # to the button
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Features to stratify by")
    values = page.get_by_label("Values")
    expect(values).to_have_value("Employed | 60\nStudent | 60")
    expect(page.locator("main")).to_contain_text("The shares add up to 120 %")
    assert_accessible(page)

    values.fill("Employed | 60\nStudent | 15\nRetired | 25")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the feature").click()
    expect(page).to_have_url(re.compile(rf"/juries/{jury}/manage#features-title$"))
    section = page.get_by_role("region", name="Features to stratify by")
    expect(section).to_contain_text("Employment (your own)")
    expect(section).to_contain_text("Retired (25.0 %)")
    expect(page.get_by_role("row", name=re.compile("Employed"))).to_contain_text("8–10")
    assert_accessible(page)
    with page.expect_navigation():
        section.get_by_role("button", name="Remove Employment").click()
    expect(page.get_by_role("status")).to_contain_text("is removed")
    expect(page.get_by_role("region", name="Features to stratify by")).not_to_contain_text(
        "Employment"
    )
