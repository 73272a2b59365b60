"""Signing in, as a person does it, on pages that pass an accessibility scan."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_sign_in_and_out(citizen, page, sign_in, assert_accessible):
    email_address, password = citizen
    page.goto("/login")
    assert_accessible(page)
    sign_in(page, email_address, password)
    expect(page.get_by_text("Signed in as")).to_contain_text("Aigerim S.")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_wrong_password_is_refused(citizen, page, assert_accessible):
    email_address, _ = citizen
    page.goto("/login")
    page.get_by_label("E-mail address", exact=True).fill(email_address)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)


def test_register_page_is_accessible(page, assert_accessible):
    page.goto("/register")
    expect(page.get_by_label("First name")).to_be_visible()
    assert_accessible(page)
