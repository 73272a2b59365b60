"""A petition's answer in a browser: a signer ticks "send me the answer" as
they sign and reach the threshold; the addressee's answerer finds it in the
queue and answers it with the keyboard-reachable form; the public reads it;
the overdue list and the filtered list of petitions; an accessibility scan
of each page."""

import re
from datetime import timedelta

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from consult.organisations.services import OrganisationService
from consult.petitions.counts import Signature
from consult.petitions.models import OPEN, Petition
from consult.petitions.signing import add_signature

pytestmark = pytest.mark.browser

SIGNER, ANSWERER = "signer@example.kz", "answerer@example.kz"
REASON = "We will publish every decision of the courts in the open register."


@pytest.fixture
def settings(settings):
    return dict(
        settings,
        **{
            "consult.petitions.answer_working_days.government": "10",
            # The signer has a confirmed e-mail address only.
            "consult.petitions.signature_level.government": "1",
        },
    )


@pytest.fixture
def petition(database, make_user, clock):
    """An open petition to a ministry, one signature short of its threshold."""
    make_user(SIGNER, "Bolat", "Kenzhebayev")
    answerer = make_user(ANSWERER, "Dina", "Abenova")
    now = clock.now()
    with database() as root:
        service = OrganisationService(root["organisations"])
        ministry = service.for_ministry({"en": "Ministry of Justice"})
        service.grant_role(ministry, root["principals"][answerer], "answerer")
        petitions = root["petitions"]
        item = Petition(
            "x", "Open the courts' decisions", "They are hard to find.", "Publish them all",
            ministry.name, "Justice", now,
        )  # fmt: skip
        petitions.add(petitions.next_name(), item)
        item.state, item.decided, item.threshold = OPEN, now, 2
        item.closes = now + timedelta(days=30)
        add_signature(item, "x", Signature(now, 1))
        return f"/petitions/{item.__name__}/"


def test_sign_for_news_answer_and_read(petition, new_context, sign_in, assert_accessible, clock):
    signer = new_context().new_page()
    sign_in(signer, SIGNER, PASSWORD)
    signer.goto(petition)
    signer.get_by_label("Send me the answer by e-mail").check()
    signer.get_by_role("button", name="Sign this petition").click()
    expect(signer.get_by_text("Threshold reached: answer due", exact=True)).to_be_visible()
    expect(signer.get_by_label("Send me the answer by e-mail")).to_be_checked()
    assert_accessible(signer)

    answerer = new_context().new_page()
    sign_in(answerer, ANSWERER, PASSWORD)
    answerer.goto("/petitions/answers")
    assert_accessible(answerer)
    answerer.get_by_role("link", name="Answer", exact=True).click()
    expect(answerer.get_by_role("heading", level=1)).to_have_text("Answer the petition")
    assert_accessible(answerer)
    answerer.get_by_label("Accepted", exact=True).check()
    answerer.get_by_label("Reason for the decision").fill(REASON)
    answerer.get_by_role("button", name="Publish the answer").click()
    answer = answerer.get_by_role("region", name=re.compile("The answer"))
    expect(answer.get_by_role("heading")).to_have_text("The answer (Accepted)")
    expect(answer).to_contain_text(REASON)
    expect(answer).to_contain_text("Answerer")

    reader = new_context().new_page()
    reader.goto(petition)
    expect(reader.get_by_role("region", name=re.compile("The answer"))).to_contain_text(REASON)
    assert_accessible(reader)
    reader.goto("/petitions/overdue")
    expect(reader.get_by_text("No answer is overdue.")).to_be_visible()
    assert_accessible(reader)
    reader.goto("/petitions/")
    reader.get_by_label("State").select_option("answered")
    reader.get_by_label("Sort by").select_option("answered")
    reader.get_by_role("button", name="Show").click()
    expect(reader).to_have_url(re.compile(r"state=answered"))
    expect(reader.locator(f'ul.petitions a[href$="{petition}"]')).to_be_visible()
    assert_accessible(reader)
