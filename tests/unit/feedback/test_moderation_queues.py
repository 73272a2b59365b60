"""The moderators' queues and decisions with real persistent objects: every
report enters the queue of reported comments, a decision settles the open
reports and names their authors in its event, one appeal per comment,
decided by another moderator; evolution step 18 queues old reports."""

import random
from datetime import timedelta

import factories
import pytest
from factories import NOW
from stores import with_stores
from unit.feedback.test_services import DAY, DRAFT

from consult.consultations.models import Consultation, Draft
from consult.consultations.parsing import parse_text
from consult.feedback.comments import Comment
from consult.feedback.events import AppealDecided, CommentAppealed, CommentApproved, CommentHidden
from consult.feedback.evolve import evolve_reported_queue
from consult.feedback.interfaces import FeedbackError
from consult.feedback.queues import page_of
from consult.feedback.services import FeedbackService


def person(first, days=30):
    return factories.principal(
        f"{first.lower()}@example.kz",
        first,
        "Serikova",
        created=NOW - timedelta(days=days),
        confirmed_at=NOW - timedelta(days=days),
    )


@pytest.fixture
def events():
    return []


@pytest.fixture
def service(clock, events):
    return FeedbackService(
        clock, {"consult.reports_to_hide": "3"}, rng=random.Random(3), notify=events.append
    )


def consultation_with_draft():
    consultation = with_stores(Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk"))
    consultation.stages["white"].schedule(NOW - DAY, NOW + 30 * DAY)
    draft = consultation.drafts.add("1", Draft(1, NOW))
    draft.apply_parsed("en", parse_text(DRAFT))
    consultation.published_at = NOW - DAY
    return consultation


@pytest.fixture
def consultation():
    return consultation_with_draft()


def post(service, consultation, clock, text="Too few jurors.", author=None):
    clock.advance(timedelta(seconds=1))
    target = consultation.current_draft()["1"].target
    return service.post(consultation, target, author or person("Aigerim"), text, "against")


def test_one_report_enters_the_queue_and_a_decision_settles_it(
    service, consultation, clock, events
):
    store = consultation.comments
    saule, erlan, dana, marat = person("Saule"), person("Erlan"), person("Dana"), person("Marat")
    comment = post(service, consultation, clock)
    service.report(consultation, comment, saule, "Rude words")
    clock.advance(timedelta(seconds=1))
    service.report(consultation, comment, erlan, "Insults")
    assert comment.visible  # two reports weigh too little to hide it
    assert store.queue_page("reported") == ([comment], False)
    assert [row[1] for row in comment.open_reports()] == ["Rude words", "Insults"]
    assert comment.open_report_count() == 2

    service.resolve(consultation, comment, marat, "keep", "Not rude at all.")
    [event] = [e for e in events if isinstance(e, CommentApproved)]
    assert set(event.reporters) == {saule.id, erlan.id}
    assert event.details()["reports_decided"] == "2"
    assert comment.visible and comment.open_reports() == []
    assert store.queue_page("reported") == ([], False)
    with pytest.raises(FeedbackError, match="no reports waiting"):
        service.resolve(consultation, comment, marat, "hide", "Changed my mind.")

    # A later report opens it again, and only that one is settled next.
    clock.advance(timedelta(seconds=1))
    service.report(consultation, comment, dana, "Still rude")
    assert store.queue_page("reported") == ([comment], False)
    service.resolve(consultation, comment, marat, "hide", "Rule 3.")
    [hidden] = [e for e in events if isinstance(e, CommentHidden)]
    assert hidden.reporters == (dana.id,) and comment.state == "hidden"


def test_keep_shows_again_what_reports_hid(service, consultation, clock, events):
    comment = post(service, consultation, clock)
    for name in ("Saule", "Erlan", "Dana"):
        service.report(consultation, comment, person(name), "Rude")
    assert comment.state == "hidden" and comment.awaiting_review
    service.resolve(consultation, comment, person("Marat"), "keep", "Sharp but fair.")
    assert comment.visible and not comment.awaiting_review
    assert consultation.comments.queue_page("reported") == ([], False)


def test_the_queues_page_oldest_first_across_consultations(service, clock):
    first, second = consultation_with_draft(), consultation_with_draft()
    reported = []
    for number in range(5):
        for consultation in (first, second):
            comment = post(service, consultation, clock, f"Comment {number}")
            service.report(consultation, comment, person("Saule"), "Rude")
            reported.append(comment)
    stores = [first.comments, second.comments]
    page, more = page_of(stores, "reported", start=0, size=4)
    assert page == reported[:4] and more
    page, more = page_of(stores, "reported", start=8, size=4)
    assert page == reported[8:] and not more
    assert page_of(stores, "appealed") == ([], False)


def test_one_appeal_decided_by_another_moderator(service, consultation, clock, events):
    author, marat, dana = person("Aigerim"), person("Marat"), person("Dana")
    comment = post(service, consultation, clock, author=author)
    assert service.appeal_refusal(comment, author) is not None  # not hidden
    service.hide(consultation, comment, marat, "Rule 2.")
    assert service.appeal_refusal(comment, dana) is not None  # not theirs
    with pytest.raises(FeedbackError):
        service.appeal(consultation, comment, author, "")
    appeal = service.appeal(consultation, comment, author, "It is on the subject.")
    assert appeal.open and appeal.hidden_by == marat.id
    assert consultation.comments.queue_page("appealed") == ([comment], False)
    assert [e.actor for e in events if isinstance(e, CommentAppealed)] == [author.id]
    with pytest.raises(FeedbackError, match="appealed once"):
        service.appeal(consultation, comment, author, "Again.")
    # Nothing else is decided on it while the appeal waits.
    with pytest.raises(FeedbackError, match="appealed"):
        service.restore(consultation, comment, marat, "Fine after all.")

    with pytest.raises(FeedbackError, match="another moderator"):
        service.decide_appeal(consultation, comment, marat, "restore", "I was wrong.")
    decided = service.decide_appeal(consultation, comment, dana, "uphold", "Off the subject.")
    assert decided.decision == "upheld" and decided.decided_by == dana.id
    assert comment.state == "hidden"
    assert consultation.comments.queue_page("appealed") == ([], False)
    [event] = [e for e in events if isinstance(e, AppealDecided)]
    assert event.actor == dana.id and event.details()["decision"] == "upheld"
    with pytest.raises(FeedbackError, match="no appeal waiting"):
        service.decide_appeal(consultation, comment, dana, "restore", "Second thoughts.")
    with pytest.raises(FeedbackError, match="appealed once"):
        service.appeal(consultation, comment, author, "Once more.")


def test_an_appeal_granted_shows_the_comment(service, consultation, clock):
    author = person("Aigerim")
    comment = post(service, consultation, clock, author=author)
    service.hide(consultation, comment, person("Marat"), "Rule 2.")
    service.appeal(consultation, comment, author, "It is on the subject.")
    service.decide_appeal(consultation, comment, person("Dana"), "restore", "It is.")
    assert comment.visible and comment.appeal.decision == "restored"


def test_withdrawing_leaves_the_queues(service, consultation, clock):
    author = person("Aigerim")
    comment = post(service, consultation, clock, author=author)
    service.report(consultation, comment, person("Saule"), "Rude")
    service.withdraw(consultation, comment, author)
    assert consultation.comments.queue_page("reported") == ([], False)


def test_step_18_queues_the_reports_nobody_decided_on(clock):
    consultation = with_stores(Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk"))
    store = consultation.comments
    rng = random.Random(4)
    comments = [
        store.add(Comment("article:a", "author", "Aigerim S.", f"Text {n}", "for", NOW), rng=rng)
        for n in range(3)
    ]
    reported, decided, quiet = comments
    reported.add_report("saule", "Rude", NOW)
    decided.add_report("erlan", "Rude", NOW)
    decided.mark_reviewed()
    # As stored before the queues existed (add_report alone queues nothing).
    assert store.queue_page("reported") == ([], False)

    assert evolve_reported_queue({"consultations": {"one": consultation}}) == 1
    assert store.queue_page("reported") == ([reported], False)
    assert store.appealed is not None
    assert evolve_reported_queue({"consultations": {"one": consultation}}) == 0
