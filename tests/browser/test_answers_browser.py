"""A citizen reads the ministry's answer under their comment, then opens the
consultation's outcome report; both pages pass an accessibility scan."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService
from consult.responses.services import ResponseService

pytestmark = pytest.mark.browser

REASON = (
    "Fifteen jurors are the minimum the law sets; larger regions may convene up to twenty-five."
)


@pytest.fixture
def answered(citizen, editor, consultation, database, clock):
    """The citizen's comment on article 3, answered by the editor; then the
    White Paper stage closes, so the (provisional) report is public."""
    with database() as root:
        item = root["consultations"][consultation]
        author = root["principals"].find_by_email(citizen[0])
        official = root["principals"].find_by_email(editor[0])
        comment = FeedbackService(clock, {}).post(
            item,
            item.current_draft()["3"].target,
            author,
            "Fifteen jurors are too few for a large region.",
            "against",
        )
        ResponseService(clock, {}).answer(item, [comment], official, "partly", REASON)
        stage = item.stages["white"]
        stage.schedule(stage.opens_at, clock.now() - timedelta(seconds=1))
        return comment.id


def test_citizen_reads_the_answer_and_opens_the_outcome_report(
    answered, citizen, consultation, page, sign_in, assert_accessible
):
    sign_in(page, *citizen)
    page.goto(f"/consultations/{consultation}/drafts/1/3/")
    comment = page.locator(f"#comment-{answered}")
    answer = comment.get_by_role("region", name=re.compile("Answer from the ministry"))
    expect(answer.get_by_role("heading")).to_have_text("Answer from the ministry (Partly accepted)")
    expect(answer).to_contain_text(REASON)
    expect(answer).to_contain_text("Editor")
    assert_accessible(page)

    page.goto(f"/consultations/{consultation}/")
    link = page.get_by_role("link", name=re.compile("Outcome report"))
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation}/report$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcome report")
    expect(page.locator("main")).to_contain_text("Provisional report")
    expect(page.locator("main")).to_contain_text("Partly accepted")
    assert_accessible(page)
