"""An editor reads a jury's findings, opens the answer form of a
recommendation with the keyboard, answers it, and sees the answer beside the
recommendation; the findings page and the answer form pass an accessibility
scan."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from consult.juries.findings.services import FindingsService
from consult.juries.models import Applicant
from consult.juries.services import JuryService
from consult.juries.workspace.models import Recommendation

pytestmark = pytest.mark.browser

REASON = (
    "The ministry will index pensions twice a year, in January and July, from "
    "next year; the budget law will say so."
)


@pytest.fixture
def jury(make_user, make_consultation, database, clock, editor):
    make_consultation()
    organiser = make_user("organiser@example.kz", "Dana", "Organiser", roles=("organiser",))
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
                "recruitment_opens": now - timedelta(days=60),
                "recruitment_closes": now - timedelta(days=50),
                "sessions": [date(2026, 2, 1)],
                "features": ("gender",),
                "answer_deadline": now + timedelta(days=30),
            },
            principals[organiser],
        )
        for number in range(15):
            applicant = Applicant(
                f"Juror {number}",
                f"j{number}@example.kz",
                "",
                f"i{number}",
                f"h{number}",
                {"gender": "female"},
                "en",
                now,
            )
            applicant.status = "accepted"
            jury.applicants.add_applicant(applicant)
        recommendation = Recommendation(
            1,
            "Index pensions twice a year",
            "Pensions rise in January and July.",
            "en",
            organiser,
            now,
        )
        recommendation.reasoning = "Prices rise faster than a yearly indexation follows."
        recommendation.minority = "Some jurors prefer a monthly indexation."
        for number in range(12):
            recommendation.votes[f"juror-{number}"] = "support" if number < 9 else "oppose"
        jury.workspace.recommendations.add(recommendation.id, recommendation)
        FindingsService(clock).submit(
            jury, "The panel agrees on one recommendation.", "en", principals[organiser]
        )
    return "pension-jury"


def test_an_editor_answers_a_recommendation(jury, editor, page, sign_in, assert_accessible):
    sign_in(page, editor[0])
    page.goto(f"/juries/{jury}/findings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Findings of the citizens' jury")
    votes = page.get_by_role("table")
    expect(votes.get_by_role("row", name=re.compile("Support"))).to_contain_text("75 %")
    expect(page.locator("main")).to_contain_text("Answer due by")
    assert_accessible(page)

    link = page.get_by_role("link", name="Answer recommendation 1")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer a recommendation")
    assert_accessible(page)
    page.get_by_role("group", name="Decision").get_by_role(
        "radio", name="Accepted", exact=True
    ).check()
    page.get_by_label("Reason for the decision").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the answer").click()
    expect(page).to_have_url(re.compile(rf"/juries/{jury}/findings#recommendation-1$"))
    answer = page.get_by_role("region", name="The ministry's answer", exact=True)
    expect(answer).to_contain_text("Accepted")
    expect(answer).to_contain_text("by the Editor")
    expect(answer).to_contain_text(REASON)
    assert_accessible(page)
