"""Signing in, as a person does it, on pages that pass an accessibility scan."""

import re

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


def test_change_the_password_on_the_account_page(
    citizen, page, new_context, sign_in, assert_accessible
):
    email_address, password = citizen
    other_device = new_context().new_page()
    sign_in(other_device, email_address, password)
    sign_in(page, email_address, password)
    page.goto("/account")
    form = page.locator("form#password")
    expect(form).to_contain_text("Not a common or leaked password")  # said before failing
    assert_accessible(page)
    form.get_by_label("Current password").fill(password)
    form.get_by_label("New password").fill("password1234")
    form.get_by_placeholder("Confirm Password").fill("password1234")
    form.get_by_role("button", name="Change password").click()
    expect(form).to_contain_text("too common or too easy to guess")
    assert_accessible(page)

    form = page.locator("form#password")
    form.get_by_label("Current password").fill(password)
    form.get_by_label("New password").fill("seven pelicans under the bridge")
    form.get_by_placeholder("Confirm Password").fill("seven pelicans under the bridge")
    with page.expect_navigation():
        form.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The other device is signed out.
    other_device.goto("/account")
    expect(other_device.get_by_role("button", name="Sign in", exact=True)).to_be_visible()


def test_registering_says_to_check_the_mail(page, assert_accessible):
    page.goto("/register")
    page.get_by_label("First name").fill("Nurlan")
    page.get_by_label("Surname").fill("Bekov")
    page.get_by_label("E-mail address").fill("nurlan@example.kz")
    page.get_by_label("Password", exact=True).fill("seven pelicans under the bridge")
    page.get_by_placeholder("Confirm Password").fill("seven pelicans under the bridge")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("We sent a message to nurlan@example.kz.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # not signed in yet
    assert_accessible(page)


def test_an_administrator_signs_someone_out_everywhere(make_user, page, sign_in, assert_accessible):
    make_user("admin@example.kz", "Dana", "Admin", roles=("administrator",))
    make_user("aigerim@example.kz")
    sign_in(page, "admin@example.kz")
    page.goto("/principals/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role(
            "button", name=re.compile(r"Sign out everywhere\W+Aigerim Serikova")
        ).click()
    expect(page.get_by_text("Aigerim S. is signed out everywhere.")).to_be_visible()
