"""A juror opens the jury's private workspace from the jury's public page
with the keyboard, votes on a draft recommendation, and sees the shares
change; the pages pass an accessibility scan."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.juries.services import JuryService
from consult.juries.workspace.services import WorkspaceService

pytestmark = pytest.mark.browser

JUROR = "juror@example.kz"


@pytest.fixture
def jury(make_user, make_consultation, database, clock):
    """A jury whose panel includes the juror (set directly, no lottery), with
    one draft recommendation another juror already opposed."""
    make_consultation()
    organiser = make_user("organiser@example.kz", "Dana", "Organiser", roles=("organiser",))
    juror = make_user(JUROR, "Aigerim", "Serikova")
    other = make_user("other-juror@example.kz", "Bolat", "Nurlanov")
    with database() as root:
        principals = root["principals"]
        now = clock.now()
        jury = JuryService(clock, "browser-testing-hash-secret").create(
            root["juries"],
            "pension-jury",
            "citizens-juries",
            {
                "remit": {"en": "How should pensions be indexed?"},
                "panel_size": 15,
                "recruitment_opens": now - timedelta(days=20),
                "recruitment_closes": now - timedelta(days=10),
                "sessions": [],
                "features": ("gender",),
            },
            principals[organiser],
        )
        jury.grant_local_role(juror, "juror")
        jury.grant_local_role(other, "juror")
        workspace = WorkspaceService(clock, principals)
        recommendation = workspace.add_recommendation(
            jury,
            principals[other],
            {
                "title": "Index pensions to prices",
                "text": "Pensions rise each January with the consumer price index.",
                "reasoning": "Prices are what pensioners pay.",
            },
            "en",
        )
        workspace.vote(jury, principals[other], recommendation, "oppose")
    return "pension-jury"


def test_a_juror_votes_on_a_recommendation(jury, page, sign_in, assert_accessible):
    sign_in(page, JUROR)
    page.goto(f"/juries/{jury}")
    link = page.get_by_role("link", name="Workspace", exact=True)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/juries/{jury}/workspace/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jury workspace")
    assert_accessible(page)

    recommendation = page.get_by_role("link", name=re.compile("Index pensions to prices"))
    recommendation.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Index pensions to prices")
    results = page.get_by_role("table")
    expect(results).to_contain_text("Votes cast: 1")
    expect(results.get_by_role("row", name=re.compile("Oppose"))).to_contain_text("100 %")
    assert_accessible(page)

    votes = page.get_by_role("group", name="Your vote on recommendation 1")
    votes.get_by_role("radio", name="Support").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Your vote is recorded: Support.")
    results = page.get_by_role("table")
    expect(results).to_contain_text("Votes cast: 2")
    expect(results.get_by_role("row", name=re.compile("Support"))).to_contain_text("50 %")
    expect(results.get_by_role("row", name=re.compile("Oppose"))).to_contain_text("50 %")
    expect(page.locator("main")).to_contain_text("Your vote: Support.")
    expect(votes.get_by_role("radio", name="Support")).to_be_checked()
    assert_accessible(page)

    # Changing one's mind, with the keyboard only.
    votes.get_by_role("radio", name="Support").focus()
    page.keyboard.press("ArrowDown")  # moves to and selects "Oppose"
    expect(votes.get_by_role("radio", name="Oppose")).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Change my vote").press("Enter")
    results = page.get_by_role("table")
    expect(results.get_by_role("row", name=re.compile("Oppose"))).to_contain_text("100 %")
    expect(results).to_contain_text("Votes cast: 2")
