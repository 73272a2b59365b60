"""A petition's life in a browser, with the keyboard-reachable controls a
person would use and an accessibility scan of each page: the draft form,
the draft with its button, the sponsor link page, the moderator's queue and
decision, and the open petition in the three languages."""

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from consult.organisations.services import OrganisationService
from consult.verification.models import VerificationRecord, add_record

pytestmark = pytest.mark.browser

AUTHOR, SPONSOR, MODERATOR = "author@example.kz", "sponsor@example.kz", "mod@example.kz"


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.petitions.sponsors": "1"})


@pytest.fixture
def people(database, make_user, clock):
    author = make_user(AUTHOR, "Aigerim", "Serikova")
    make_user(SPONSOR, "Bolat", "Kenzhebayev")
    make_user(MODERATOR, "Dina", "Abenova", roles=("moderator",))
    with database() as root:
        add_record(root["principals"][author], VerificationRecord("census", 2, clock.now()))
        ministry = OrganisationService(root["organisations"]).for_ministry(
            {"en": "Ministry of Justice"}
        )
        return ministry.name


def test_draft_sponsor_moderate_and_read(people, new_context, sign_in, assert_accessible):
    author = new_context().new_page()
    sign_in(author, AUTHOR, PASSWORD)
    author.goto("/petitions/")
    author.get_by_role("link", name="Start a petition").click()
    author.get_by_label("Title").fill("Open the courts' decisions")
    author.get_by_label("Why: the problem and its background").fill("They are hard to find.")
    author.get_by_label("What the petition asks the body to do").fill("Publish them all")
    author.get_by_label("Addressed to").select_option(people)
    assert_accessible(author)
    author.get_by_role("button", name="Save the draft").click()
    expect(author.get_by_role("heading", name="Open the courts' decisions")).to_be_visible()
    assert_accessible(author)
    author.get_by_role("button", name="Send out for sponsors").click()
    expect(author.get_by_text("Your petition collects sponsors")).to_be_visible()
    assert_accessible(author)
    link = author.url

    sponsor = new_context().new_page()
    sign_in(sponsor, SPONSOR, PASSWORD)
    sponsor.goto(link)
    sponsor.get_by_role("button", name="Sponsor this petition").click()
    expect(sponsor.get_by_text("In moderation", exact=True)).to_be_visible()

    moderator = new_context().new_page()
    sign_in(moderator, MODERATOR, PASSWORD)
    moderator.goto("/petitions/moderation")
    assert_accessible(moderator)
    moderator.get_by_role("link", name="Open the courts' decisions").click()
    assert_accessible(moderator)
    moderator.get_by_role("button", name="Approve and open for signatures").click()
    expect(moderator.get_by_text("Open for signatures", exact=True)).to_be_visible()

    for language in ("en", "ru", "kk"):
        author.goto(f"{link}?_LOCALE_={language}")
        assert_accessible(author)
        author.goto(f"/petitions/?_LOCALE_={language}")
        expect(author.locator(f'a[href="{link}"]')).to_be_visible()
        assert_accessible(author)
