"""The organisations' pages in the three languages pass an accessibility scan,
and an organisation administrator grants a role and removes it through its
confirmation page, with the keyboard-reachable controls a person would use;
a site administrator adds an organisation and sees a refused edit explained."""

import re

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from consult.organisations.services import OrganisationService

pytestmark = pytest.mark.browser

ORG_ADMIN = "dana@example.kz"


@pytest.fixture
def organisation(database, make_user, consultation):
    """The consultation's organisation (made from its ministry's name) and
    its administrator; a person to grant a role to."""
    admin = make_user(ORG_ADMIN, "Dana", "Nurova")
    make_user("nurlan@gov.kz", "Nurlan", "Bekov")
    with database() as root:
        organisation = root["organisations"][root["consultations"][consultation].organisation]
        OrganisationService(root["organisations"]).grant_role(
            organisation, root["principals"][admin], "organisation_administrator"
        )
        return organisation.name


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_public_pages_are_accessible(
    organisation, consultation, page, assert_accessible, language
):
    page.goto(f"/organisations/?_LOCALE_={language}")
    assert_accessible(page)
    page.goto(f"/organisations/{organisation}/?_LOCALE_={language}")
    expect(page.locator(f'a[href$="/consultations/{consultation}/"]')).to_be_visible()
    assert_accessible(page)


def test_granting_and_removing_a_role(organisation, page, sign_in, assert_accessible):
    sign_in(page, ORG_ADMIN, PASSWORD)
    page.goto(f"/organisations/{organisation}/")
    page.get_by_role("link", name="Staff and roles").click()
    page.get_by_label("E-mail address of the person").fill("nurlan@gov.kz")
    page.get_by_label("Role in this organisation").select_option("editor")
    assert_accessible(page)
    page.get_by_role("button", name="Grant the role").click()
    expect(page.get_by_text("Nurlan B. is now Editor in this organisation.")).to_be_visible()
    page.get_by_role("link", name="Remove Nurlan Bekov: Editor").click()
    expect(page.get_by_role("heading", name="Remove a role")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove the role").click()
    expect(page.get_by_text("Nurlan B. no longer has this role here.")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_site_administrator_adds_and_edits_an_organisation(
    make_user, page, sign_in, assert_accessible, language
):
    make_user("asel@example.kz", "Asel", "Admin", roles=("administrator",))
    sign_in(page, "asel@example.kz", PASSWORD)
    page.goto(f"/organisations/?_LOCALE_={language}")
    page.locator('a[href$="/organisations/add"]').click()
    assert_accessible(page)
    page.locator('input[name="en"]').fill("Akimat of Astana")
    page.locator('input[name="ru"]').fill("Акимат города Астаны")
    page.locator('select[name="kind"]').select_option("akimat")
    page.locator('select[name="level"]').select_option("city")
    page.locator('select[name="kato"]').select_option("710000000")
    page.locator('button[name="save"]').click()
    expect(page).to_have_url(re_path("/organisations/akimat-of-astana/"))
    page.locator('a[href$="/organisations/akimat-of-astana/edit"]').click()
    # A territory of another level: the form comes back, with the message
    # announced and the text kept.
    page.locator('select[name="level"]').select_option("oblast")
    page.locator('button[name="save"]').click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator('input[name="en"]')).to_have_value("Akimat of Astana")
    assert_accessible(page)


def re_path(path):
    return re.compile(re.escape(path) + r"(\?.*)?$")
