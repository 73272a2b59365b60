"""Signing a petition in a browser with the keyboard-reachable form (the
territory, the choice to be listed), the counts it then shows (tables, the
hourly chart) and the public list of signers, withdrawing, with an
accessibility scan of each page."""

import pytest
from conftest import PASSWORD
from petition_signers import YESIL, open_petition, verify
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AUTHOR, SIGNER = "author@example.kz", "signer@example.kz"


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.petitions.counts_seconds": "0"})


@pytest.fixture
def petition(database, make_user, clock):
    author = make_user(AUTHOR, "Aigerim", "Serikova")
    signer = make_user(SIGNER, "Bolat", "Kenzhebayev")
    with database() as root:
        verify(root["principals"][signer], clock.now())
        return f"/petitions/{open_petition(root, author, clock.now())}/"


def test_sign_listed_see_the_counts_and_withdraw(petition, page, sign_in, assert_accessible):
    sign_in(page, SIGNER, PASSWORD)
    page.goto(petition)
    assert_accessible(page)
    page.get_by_label("Where you live (optional)").select_option(YESIL)
    page.get_by_label("List me publicly among the signers").check()
    page.get_by_role("button", name="Sign this petition").click()
    expect(page.get_by_text("Thank you: you signed this petition.")).to_be_visible()
    expect(page.get_by_role("table", name="Signatures by territory")).to_contain_text(
        "Yesil District"
    )
    expect(
        page.get_by_role("img", name="Signatures per hour over the last 48 hours")
    ).to_be_visible()
    assert_accessible(page)
    for language in ("ru", "kk"):
        page.goto(f"{petition}?_LOCALE_={language}")
        assert_accessible(page)
    page.goto(petition + "?_LOCALE_=en")
    page.get_by_role("link", name="The signers who chose to be listed").click()
    expect(page.locator("ul.signers li")).to_have_text(["Bolat K."])
    assert_accessible(page)
    page.get_by_role("link", name="Back to the petition").click()
    page.get_by_role("button", name="Withdraw my signature").click()
    expect(page.get_by_text("Your signature is withdrawn.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign this petition")).to_be_visible()
