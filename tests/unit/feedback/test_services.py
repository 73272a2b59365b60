"""The feedback workflows with real persistent objects and a fixed clock."""

import random
from datetime import timedelta

import factories
import pytest
from factories import NOW
from stores import with_stores

from consult.consultations.models import Consultation, Draft, Question
from consult.consultations.parsing import parse_text
from consult.feedback.interfaces import FeedbackError
from consult.feedback.services import FeedbackService

DAY = timedelta(days=1)
DRAFT = """Article 1. One

1. First paragraph.

2. Second paragraph.
"""


def person(first, confirmed=True, age=timedelta(0)):
    return factories.principal(
        f"{first.lower()}@example.kz",
        first,
        "Serikova",
        created=NOW - age,
        confirmed_at=NOW if confirmed else None,
    )


@pytest.fixture
def service(clock):
    return FeedbackService(clock, {"consult.reports_to_hide": "3"}, rng=random.Random(7))


@pytest.fixture
def consultation():
    consultation = with_stores(Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk"))
    consultation.stages["green"].schedule(NOW - 30 * DAY, NOW - 10 * DAY)
    consultation.stages["white"].schedule(NOW - DAY, NOW + 30 * DAY)
    consultation.stages["green"].questions.append(Question({"en": "Lot?"}))
    draft = consultation.drafts.add("1", Draft(1, NOW))
    draft.apply_parsed("en", parse_text(DRAFT))
    consultation.published_at = NOW - DAY
    return consultation


@pytest.fixture
def target(consultation):
    return consultation.current_draft()["1"].target


def test_hide_restore_withdraw_keep_counts(service, consultation, target):
    store = consultation.comments
    author, moderator = person("Aigerim"), person("Moderator")
    comment = service.post(consultation, target, author, "Fifteen is too few.", "against")
    service.post(consultation, target, person("Daniyar"), "Fine as it is.", "for")
    assert store.count(target) == 2
    service.hide(consultation, comment, moderator, "Off topic")
    assert store.count(target) == 1
    assert store.stance_balance(target) == {"for": 1, "against": 0, "neutral": 0}
    service.restore(consultation, comment, moderator, "On topic after all")
    assert store.count(target) == 2
    assert store.stance_balance(target)["against"] == 1
    service.withdraw(consultation, comment, author)
    assert store.count(target) == 1
    assert store.stance_balance(target)["against"] == 0
    assert comment.text == "Fifteen is too few."  # kept for the record
    assert [r.action for r in comment.moderation] == ["hidden", "restored", "withdrawn"]
    with pytest.raises(FeedbackError):
        service.restore(consultation, comment, moderator, "Bring it back")
    assert store.count(target) == 1


def test_changing_stance_moves_the_balance(service, consultation, target, clock):
    author = person("Aigerim")
    comment = service.post(consultation, target, author, "Too few jurors.", "against")
    clock.advance(timedelta(minutes=5))
    service.edit(consultation, comment, author, "Too few jurors, I think.", "neutral")
    assert consultation.comments.stance_balance(target) == {"for": 0, "against": 0, "neutral": 1}
    assert comment.edited_at == clock.now()


def test_edit_window(service, consultation, target, clock):
    author = person("Aigerim")
    comment = service.post(consultation, target, author, "Original.", "for")
    clock.advance(timedelta(minutes=15))
    assert service.can_edit(comment, author)
    clock.advance(timedelta(minutes=1))
    assert not service.can_edit(comment, author)
    with pytest.raises(FeedbackError):
        service.edit(consultation, comment, author, "Changed.", "for")
    assert comment.text == "Original."


def test_support_once_and_never_ones_own(service, consultation, target):
    author, reader = person("Aigerim"), person("Daniyar")
    comment = service.post(consultation, target, author, "Text.", "for")
    service.support(comment, reader)
    with pytest.raises(FeedbackError, match="already"):
        service.support(comment, reader)
    with pytest.raises(FeedbackError, match="own"):
        service.support(comment, author)
    assert comment.support_count() == 1


def test_three_reports_hide_until_review_and_a_review_resets_the_count(
    service, consultation, target, clock
):
    store = consultation.comments
    comment = service.post(consultation, target, person("Aigerim"), "Text.", "for")

    def reporter(name):  # an account old enough for its report to count (a month)
        return person(name, age=30 * DAY)

    second = reporter("R2")
    service.report(consultation, comment, reporter("R1"), "Insulting")
    service.report(consultation, comment, second, "Insulting")
    with pytest.raises(FeedbackError, match="already"):
        service.report(consultation, comment, second, "Again")
    assert comment.visible
    service.report(consultation, comment, reporter("R3"), "Insulting")
    assert comment.state == "hidden" and comment.awaiting_review
    assert store.count(target) == 0
    assert comment.last_moderation.action == "auto-hidden"

    clock.advance(timedelta(hours=1))
    service.restore(consultation, comment, person("Moderator"), "Sharp but within the rules")
    assert comment.visible and not comment.awaiting_review
    # The reviewed reports do not count again: one more report does not hide it.
    service.report(consultation, comment, reporter("R4"), "Still insulting")
    assert comment.visible
    service.report(consultation, comment, reporter("R5"), "Rude")
    service.report(consultation, comment, reporter("R6"), "Rude")
    assert comment.state == "hidden" and comment.awaiting_review


def test_replies_stop_at_depth_three(service, consultation, target):
    top = service.post(consultation, target, person("A"), "1", "for")
    second = service.post(consultation, target, person("B"), "2", "neutral", parent=top)
    third = service.post(consultation, target, person("C"), "3", "neutral", parent=second)
    with pytest.raises(FeedbackError, match="deeper"):
        service.post(consultation, target, person("D"), "4", "neutral", parent=third)
    assert consultation.comments.count(target) == 3


@pytest.mark.parametrize("text", ["", "   ", "x" * 10001])
def test_text_must_be_there_and_not_too_long(service, consultation, target, text):
    with pytest.raises(FeedbackError):
        service.post(consultation, target, person("A"), text, "for")
    assert len(consultation.comments) == 0


def test_closed_stage_refuses(service, consultation, target, clock):
    clock.advance(31 * DAY)
    with pytest.raises(FeedbackError, match="not open"):
        service.post(consultation, target, person("A"), "Late.", "for")
    question = consultation.stages["green"].questions[0]
    with pytest.raises(FeedbackError, match="not open"):
        service.post(consultation, question.target, person("A"), "Late.", "for")


def test_premoderated_comments_wait(service, consultation, target):
    consultation.premoderation = True
    comment = service.post(consultation, target, person("A"), "Wait.", "for")
    assert comment.state == "pending"
    assert consultation.comments.count(target) == 0
    with pytest.raises(FeedbackError):
        service.support(comment, person("B"))
    service.approve(consultation, comment, person("Moderator"), "Fine")
    assert comment.visible and consultation.comments.count(target) == 1


def test_no_edits_once_the_stage_has_closed(service, consultation, target, clock):
    author = person("Aigerim")
    consultation.stages["white"].schedule(NOW - DAY, clock.now() + timedelta(minutes=5))
    comment = service.post(consultation, target, author, "Original.", "for")
    assert service.can_edit(comment, author)
    clock.advance(timedelta(minutes=6))
    assert not service.can_edit(comment, author)
    with pytest.raises(FeedbackError):
        service.edit(consultation, comment, author, "Changed after closing.", "for")
    assert comment.text == "Original."
