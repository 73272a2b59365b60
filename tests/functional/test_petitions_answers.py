"""The answer a petition is owed, through the real app: the addressee's
answerers find it in their queue with its deadline, answer with a decision
and a reason in the petition's language (or a translation), revise it with
a reason; the answer is public with the official's role, never their name;
the signers who asked are mailed, the others not; an answer past its
deadline is marked on the petition, on the organisation's page and in the
public list of overdue answers; another organisation's answerer is refused."""

from datetime import timedelta

import pytest
from functional import test_petitions as life
from functional.test_petitions import (
    ANSWERER,
    AUTHOR,
    MODERATOR,
    OTHER_MODERATOR,
    SIGNER,
    post,
    to_moderation,
)

from consult.organisations.services import OrganisationService

# The petition's life's settings (small thresholds) and people.
settings, world = life.settings, life.world

OTHER_ANSWERER = "akimat-answerer@example.kz"
QUIET_SIGNER = "quiet@example.kz"
REASON = "We will publish every decision of the courts in the open register."
RUSSIAN = "Мы опубликуем все решения судов в открытом реестре с будущего месяца."


@pytest.fixture
def due(browser, world, database, make_user):
    """A petition open for signatures that reaches its threshold (4) with
    two signers, one of them asking for news of the answer; an answerer of
    another organisation."""
    other = make_user(OTHER_ANSWERER, "Bolat", "Akimatov")
    make_user(QUIET_SIGNER, "Dana", "Tynysheva")
    with database() as root:
        akimat = root["organisations"]["karaganda-akimat"]
        OrganisationService(root["organisations"]).grant_role(
            akimat, root["principals"][other], "answerer"
        )
    path = to_moderation(browser, world)
    post(browser(MODERATOR), path + "approve", "approve")
    return path


def sign(browser, path, email, updates):
    page = browser(email).get(path)
    form = next(f for f in page.forms.values() if f.action.endswith(path + "sign"))
    form["updates"] = updates
    return form.submit("sign")


def answer_form(app, path, name="answer"):
    return app.get(path + name).forms["petition-answer"]


def fill(form, disposition="accepted", reason=REASON, translation="", why=None):
    form["petition-answer-disposition"] = disposition
    form["reason"] = reason
    form["translation"] = translation
    if why is not None:
        form["why"] = why
    return form


def test_queue_answer_mail_and_revision(browser, due, database, outbox):
    answerer = browser(ANSWERER)
    # One short of the threshold: nothing is due yet.
    assert due not in answerer.get("/petitions/answers").text
    sign(browser, due, SIGNER, True)
    sign(browser, due, QUIET_SIGNER, False)  # still open for signatures
    queue = answerer.get("/petitions/answers")
    row = queue.html.select_one(".answer-queue tbody tr")
    assert row.select_one("a")["href"].endswith(due)
    assert "2026-03-17" in row.text  # 10 working days from Monday 2 March, 9 March off
    assert row.select_one(f'a[href$="{due}answer"]')
    # A reason in another language than the petition's needs a translation.
    refused = fill(answer_form(answerer, due), reason=RUSSIAN).submit("answer")
    assert "add a translation into English" in refused.html.select_one('[role="alert"]').text
    assert refused.forms["petition-answer"]["reason"].value == RUSSIAN
    form = fill(answer_form(answerer, due), reason=RUSSIAN, translation=REASON)
    form.submit("answer").follow()
    page = browser().get(due)
    shown = page.html.select_one("section.answer")
    assert "Accepted" in shown.select_one("h2").text
    assert RUSSIAN in shown.text and REASON in shown.text
    assert "Answerer" in shown.select_one(".answer-by").text
    assert "Aigerim" not in shown.text and ANSWERER not in page.text
    assert "Answered" in page.html.select_one(".state").text
    # The signer who asked is mailed; the one who did not, and the author, are not.
    [body] = outbox.bodies_to(SIGNER)
    assert "Decision: Accepted" in body and REASON in body and due in body
    assert outbox.bodies_to(QUIET_SIGNER) == []
    assert outbox.bodies_to(AUTHOR) == []
    assert due not in answerer.get("/petitions/answers").text
    assert due in answerer.get("/petitions/answers?status=answered").text
    # A revision needs its reason and keeps the earlier version.
    form = fill(answer_form(answerer, due, "revise-answer"), "partly", why="short")
    assert "say why the answer changes" in form.submit("answer").text
    form = fill(
        answer_form(answerer, due, "revise-answer"),
        "partly",
        why="The register opens for civil cases only this year.",
    )
    form.submit("answer").follow()
    shown = browser().get(due).html.select_one("section.answer")
    assert "Partly accepted" in shown.select_one("h2").text
    history = shown.select_one(".answer-history")
    assert "Accepted, by the Answerer" in history.text
    assert "civil cases only" in history.select_one(".why").text
    assert len(outbox.bodies_to(SIGNER)) == 2
    with database() as root:
        petition = root["petitions"][due.strip("/").split("/")[-1]]
        assert (petition.response.disposition, len(petition.response.revisions)) == ("partly", 1)


def test_a_signer_changes_their_mind_about_the_news(browser, due, database):
    sign(browser, due, SIGNER, False)
    page = browser(SIGNER).get(due)
    form = next(f for f in page.forms.values() if f.action.endswith(due + "news"))
    assert not form["updates"].checked
    form["updates"] = True
    form.submit("news")
    with database() as root:
        signer = root["principals"].find_by_email(SIGNER).id
        assert list(root["petitions"][due.strip("/").split("/")[-1]].updates) == [signer]


def test_another_organisations_answerer_and_citizens_are_refused(browser, due):
    sign(browser, due, SIGNER, False)
    for email in (OTHER_ANSWERER, SIGNER, OTHER_MODERATOR):
        app = browser(email)
        app.get(due + "answer", status=403)
        token = app.get(due).html.select_one('input[name="csrf_token"]')["value"]
        app.post(due + "answer", {"csrf_token": token}, status=403)
        app.get(due + "revise-answer", status=403)
        assert due not in app.get("/petitions/answers").text
    assert "/login" in browser().get("/petitions/answers", status=303).location


def test_an_overdue_answer_is_marked_everywhere(browser, due, world, clock):
    sign(browser, due, SIGNER, False)
    organisation = f"/organisations/{world['ministry']}/"
    clock.advance(timedelta(days=15))  # 17 March, the last day
    assert not browser().get(due).html.select(".overdue")
    assert due not in browser().get("/petitions/overdue").text
    clock.advance(timedelta(days=1))
    assert browser().get(due).html.select(".overdue")
    listed = browser().get("/petitions/overdue").html.select_one(".overdue-answers tbody tr")
    assert listed.select_one("a")["href"].endswith(due)
    assert "Ministry of Justice" in listed.text
    page = browser().get(organisation).html.select_one(".organisation-petitions")
    assert page.select_one("a")["href"].endswith(due)
    assert page.select(".overdue")
    assert "0%" in page.select_one(".on-time").text
    # Answered late: no longer overdue, and still not on time.
    fill(answer_form(browser(ANSWERER), due)).submit("answer")
    assert due not in browser().get("/petitions/overdue").text
    page = browser().get(organisation).html.select_one(".organisation-petitions")
    assert not page.select(".overdue")
    assert "0%" in page.select_one(".on-time").text


def test_answered_on_time_counts_in_the_rate(browser, due, world):
    sign(browser, due, SIGNER, False)
    fill(answer_form(browser(ANSWERER), due)).submit("answer")
    page = browser().get(f"/organisations/{world['ministry']}/")
    section = page.html.select_one(".organisation-petitions")
    assert "100%" in section.select_one(".on-time").text
    assert "Answered" in section.select_one("tbody").text


def test_nothing_is_answered_twice(browser, due, database):
    sign(browser, due, SIGNER, False)
    fill(answer_form(browser(ANSWERER), due)).submit("answer")
    again = fill(answer_form(browser(ANSWERER), due), "rejected").submit("answer")
    assert "No answer is due" in again.html.select_one('[role="alert"]').text
    with database() as root:
        assert next(iter(root["petitions"].values())).response.disposition == "accepted"
