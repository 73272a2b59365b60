"""Verifying one's identity as a person does it: the administrator loads a
census file, the citizen types their IIN on the account page; every page
passes an accessibility scan and none shows the number."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from consult import iin

pytestmark = pytest.mark.browser

AIGERIM = iin.make(date(1990, 5, 17), "f", 12)


def test_census_and_verification(citizen, make_user, page, new_context, sign_in, assert_accessible):
    make_user("admin@example.kz", "Asel", "Admin", roles=("administrator",))
    admin = new_context().new_page()
    sign_in(admin, "admin@example.kz")
    admin.goto("/census")
    assert_accessible(admin)
    # A file with a bad row is refused, the line named.
    admin.get_by_label("Census file (CSV)").set_input_files(
        files=[
            {
                "name": "census.csv",
                "mimeType": "text/csv",
                "buffer": f"iin,surname\n{AIGERIM},Serikova\n12345,Bekov\n".encode(),
            }
        ]
    )
    admin.get_by_role("button", name="Load the file").click()
    expect(admin.get_by_role("alert")).to_contain_text("Line 3: the IIN must have twelve digits")
    assert_accessible(admin)
    admin.get_by_label("Census file (CSV)").set_input_files(
        files=[
            {
                "name": "census.csv",
                "mimeType": "text/csv",
                "buffer": f"iin,surname\n{AIGERIM},Serikova\n".encode(),
            }
        ]
    )
    admin.get_by_role("button", name="Load the file").click()
    expect(admin.locator("#census-count")).to_have_text("1")

    email_address, password = citizen
    sign_in(page, email_address, password)
    page.goto("/account")
    assert_accessible(page)
    page.get_by_label("Your IIN").fill(AIGERIM[:6] + " " + AIGERIM[6:])
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("Thank you: you are verified")).to_be_visible()
    expect(page.locator("#verification")).to_contain_text("A verified identity")
    assert_accessible(page)
    assert AIGERIM not in page.content()


def test_below_the_support_level_the_thread_offers_a_note_not_the_button(
    citizen, make_user, consultation, database, clock, page, sign_in, assert_accessible
):
    from consult.feedback.services import FeedbackService

    author_id = make_user("author@example.kz", "Bolat", "Bekov")
    with database() as root:
        found = root["consultations"][consultation]
        found.support_level = 2
        target = found.current_draft()["3"].target
        FeedbackService(clock, {}).post(
            found,
            target,
            root["principals"].get(author_id),
            "Pay the jurors for their days.",
            "for",
        )
    sign_in(page, *citizen)
    page.goto(f"/consultations/{consultation}/draft/3/")
    comment = page.locator("#comments article.comment", has_text="Pay the jurors")
    expect(comment).to_contain_text("To support, you need: A verified identity.")
    expect(comment.get_by_role("button", name="Support")).to_have_count(0)
    assert_accessible(page)
    link = comment.get_by_role("link", name="Verify your identity on your account page")
    with page.expect_navigation():
        link.click()
    expect(page).to_have_url(re.compile(r"/account#verification$"))
    expect(page.get_by_role("heading", name="Verification")).to_be_visible()
