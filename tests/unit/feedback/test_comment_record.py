"""The record of a comment (FeedbackService with real persistent objects):
edits keep the replaced text, an answer, a reply or a moderator's decision
freezes the text, addenda follow; reports are weighed, and an answered
comment goes to the moderators instead of being hidden. The service
announces each step as an event."""

import random
from datetime import timedelta

import factories
import pytest
from factories import NOW
from stores import with_stores

from consult.consultations.models import Consultation, Draft
from consult.consultations.parsing import parse_text
from consult.feedback.comments import NO_COUNT
from consult.feedback.events import (
    AUTOMATIC,
    AddendumAdded,
    CommentApproved,
    CommentEdited,
    CommentHidden,
    CommentPosted,
    CommentReleased,
    CommentWithdrawn,
    ReportsEscalated,
)
from consult.feedback.interfaces import FeedbackError
from consult.feedback.services import FeedbackService
from consult.responses.models import Response, Version

DAY = timedelta(days=1)


def person(first, age=timedelta(0)):
    return factories.principal(
        f"{first.lower()}@example.kz", first, "Serikova", created=NOW - age, confirmed_at=NOW - age
    )


@pytest.fixture
def events():
    return []


@pytest.fixture
def service(clock, events):
    return FeedbackService(
        clock, {"consult.max_addenda": "2"}, rng=random.Random(7), notify=events.append
    )


@pytest.fixture
def consultation():
    consultation = with_stores(Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk"))
    consultation.stages["white"].schedule(NOW - DAY, NOW + 30 * DAY)
    draft = consultation.drafts.add("1", Draft(1, NOW))
    draft.apply_parsed("en", parse_text("Article 1. One\n\n1. First paragraph.\n"))
    consultation.published_at = NOW - DAY
    return consultation


@pytest.fixture
def author():
    return person("Aigerim")


@pytest.fixture
def comment(service, consultation, author, events):
    posted = service.post(
        consultation,
        consultation.current_draft()["1"].target,
        author,
        "Fifteen is too few.",
        "against",
    )
    [announced] = events
    assert isinstance(announced, CommentPosted) and announced.comment is posted
    events.clear()  # the tests look at what follows
    return posted


def answer(consultation, comment):
    """What ResponseService.answer stores: an answer in the register."""
    version = Version("rejected", "See article 5.", None, "en", "official", "editor", NOW)
    consultation.responses.add(Response(comment.id, comment.target, version))


def test_an_edit_keeps_the_replaced_text_with_its_dates(
    service, consultation, comment, author, clock, events
):
    clock.advance(timedelta(minutes=3))
    service.edit(consultation, comment, author, "Fifteen is too few for Karaganda.", "neutral")
    clock.advance(timedelta(minutes=3))
    service.edit(consultation, comment, author, "Twenty would do.", "for")
    assert comment.text == "Twenty would do." and comment.edit_count == 2
    first, second = comment.earlier_texts
    assert (first.text, first.stance, first.written, first.replaced) == (
        "Fifteen is too few.",
        "against",
        NOW,
        NOW + timedelta(minutes=3),
    )
    assert (second.text, second.stance, second.written, second.replaced) == (
        "Fifteen is too few for Karaganda.",
        "neutral",
        NOW + timedelta(minutes=3),
        NOW + timedelta(minutes=6),
    )
    assert comment.edited_at == clock.now()
    target = comment.target
    assert consultation.comments.stance_balance(target) == {"for": 1, "against": 0, "neutral": 0}
    assert [type(e) for e in events] == [CommentEdited, CommentEdited]
    assert events[-1].comment is comment


@pytest.mark.parametrize("acted", ["answered", "replied", "moderated", "reported"])
def test_an_answer_a_reply_or_a_decision_freezes_the_text(
    acted, service, consultation, comment, author
):
    if acted == "answered":
        answer(consultation, comment)
    elif acted == "replied":
        service.post(
            consultation, comment.target, person("Daniyar"), "No.", "neutral", parent=comment
        )
    elif acted == "moderated":
        service.hide(consultation, comment, person("Moderator"), "Off topic")
        service.restore(consultation, comment, person("Moderator"), "On topic after all")
    else:
        consultation.comments.flag_for_review(comment)
    assert service.frozen_reason(comment) == acted
    assert not service.can_edit(comment, author)
    with pytest.raises(FeedbackError, match="can no longer change"):
        service.edit(consultation, comment, author, "Something else entirely.", "for")
    assert comment.text == "Fifteen is too few." and comment.earlier_texts == ()
    assert service.can_add_addendum(comment, author)


def test_a_comment_nobody_acted_on_is_not_frozen(service, consultation, comment, author, clock):
    consultation.comments.add_support(comment, "reader")
    assert service.frozen_reason(comment) is None and service.can_edit(comment, author)
    assert not service.can_add_addendum(comment, author)  # edit it instead
    with pytest.raises(FeedbackError, match="still edit"):
        service.add_addendum(consultation, comment, author, "An addendum.")
    clock.advance(timedelta(minutes=16))
    assert not service.can_edit(comment, author)
    assert service.can_add_addendum(comment, author)


def test_addenda_are_dated_limited_and_announced(
    service, consultation, comment, author, clock, events
):
    answer(consultation, comment)
    with pytest.raises(FeedbackError, match="write your addendum"):
        service.add_addendum(consultation, comment, author, "   ")
    with pytest.raises(FeedbackError, match="characters long") as refused:
        service.add_addendum(consultation, comment, author, "x" * 2001)
    assert refused.value.message.mapping == {"length": 2001, "limit": 2000}
    with pytest.raises(FeedbackError, match="Only the author"):
        service.add_addendum(consultation, comment, person("Daniyar"), "Mine now.")
    first = service.add_addendum(consultation, comment, author, " Article 5 covers it. ")
    clock.advance(DAY)
    service.add_addendum(consultation, comment, author, "Қазылар туралы.")
    assert [(a.text, a.when, a.language) for a in comment.addenda] == [
        ("Article 5 covers it.", NOW, "en"),
        ("Қазылар туралы.", NOW + DAY, "kk"),
    ]
    with pytest.raises(FeedbackError, match="at most") as refused:
        service.add_addendum(consultation, comment, author, "A third.")
    assert refused.value.message.mapping == {"count": 2}
    assert [type(e) for e in events] == [AddendumAdded, AddendumAdded]
    assert events[0].addendum is first and events[0].comment is comment
    # A tuple on the comment's own record: an addendum changes the comment,
    # so every cached rendering of it is out of date.
    assert isinstance(comment.addenda, tuple)


def test_no_addendum_once_the_stage_has_closed_or_the_comment_is_hidden(
    service, consultation, comment, author, clock
):
    answer(consultation, comment)
    clock.advance(31 * DAY)
    assert not service.can_add_addendum(comment, author)
    clock.advance(-31 * DAY)
    service.hide(consultation, comment, person("Moderator"), "Off topic")
    assert not service.can_add_addendum(comment, author)


def report_by(service, consultation, comment, names, age=30 * DAY):
    for name in names:
        service.report(consultation, comment, person(name, age=age), "Off topic")


def test_reports_are_weighed_and_a_review_resets_the_weight(service, consultation, comment, events):
    report_by(service, consultation, comment, ["N1", "N2", "N3", "N4"], age=timedelta(hours=1))
    assert comment.visible and comment.report_count() == 4
    assert comment.total_report_weight() == 0
    report_by(service, consultation, comment, ["R1", "R2", "R3"])
    assert comment.state == "hidden" and comment.awaiting_review
    assert consultation.comments.review_queue() == [comment]
    [hidden] = events
    assert isinstance(hidden, CommentHidden) and hidden.actor == AUTOMATIC
    assert hidden.details() == {"state": "hidden", "report_weight": "3", "reports": "7"}
    assert hidden.reason == "reports weighing 3; hidden until a moderator reviews it"

    service.restore(consultation, comment, person("Moderator"), "Within the rules")
    assert consultation.comments.review_queue() == []
    assert comment.weight_since_review() == 0
    report_by(service, consultation, comment, ["R4", "R5"])
    assert comment.visible and comment.weight_since_review() == 2


def test_an_answered_comment_goes_to_the_moderators_shown(service, consultation, comment, events):
    answer(consultation, comment)
    report_by(service, consultation, comment, ["R1", "R2", "R3"])
    assert comment.visible and comment.awaiting_review
    assert consultation.comments.review_queue() == [comment]
    assert comment.last_moderation.action == "escalated"
    [escalated] = events
    assert isinstance(escalated, ReportsEscalated)
    assert escalated.details() == {"state": "published", "report_weight": "3", "reports": "3"}
    # More reports are kept, and change nothing else.
    report_by(service, consultation, comment, ["R4"])
    assert comment.visible and comment.report_count() == 4 and len(events) == 1

    moderator = person("Moderator")
    service.approve(consultation, comment, moderator, "An opinion, within the rules")
    assert comment.visible and not comment.awaiting_review
    assert consultation.comments.review_queue() == []
    approved = events[-1]
    assert isinstance(approved, CommentApproved) and approved.actor == moderator.id
    assert approved.reason == "An opinion, within the rules"
    with pytest.raises(FeedbackError, match="not waiting"):
        service.approve(consultation, comment, moderator, "Again")


def test_a_withdrawn_comment_leaves_the_queue(service, consultation, comment, author, events):
    answer(consultation, comment)
    report_by(service, consultation, comment, ["R1", "R2", "R3"])
    service.withdraw(consultation, comment, author)
    assert consultation.comments.review_queue() == []
    assert isinstance(events[-1], CommentWithdrawn) and events[-1].comment is comment


def test_comments_held_until_the_address_is_confirmed_are_released(service, consultation, events):
    newcomer = person("Newcomer")
    newcomer.confirmed_at = None
    held = service.post(
        consultation, consultation.current_draft()["1"].target, newcomer, "Too few.", "for"
    )
    assert held.state == "pending" and isinstance(events[-1], CommentPosted)
    newcomer.confirmed_at = NOW
    assert service.release_held({"juries": consultation}, newcomer) == [held]
    assert held.visible
    assert isinstance(events[-1], CommentReleased) and events[-1].comment is held


def test_reports_made_before_weights_count_one_each(service, consultation, comment):
    """A comment reported before weights has reports as (reason, when) and
    no weight of its own: each of those counts one, and so does its review."""
    comment.add_report("old1", "Rude", NOW)
    comment.add_report("old2", "Rude", NOW)
    del comment.report_weight  # as stored before weights
    comment.reports["old1"] = ("Rude", NOW)
    comment.reports["old2"] = ("Rude", NOW)
    assert comment.report_weight is NO_COUNT and comment.total_report_weight() == 2
    comment.reports_at_review = 1  # a moderator saw the first one
    assert comment.weight_since_review() == 1
    report_by(service, consultation, comment, ["R1"], age=timedelta(minutes=1))
    assert comment.total_report_weight() == 2 and comment.visible
    report_by(service, consultation, comment, ["R2", "R3"])
    assert comment.total_report_weight() == 4 and comment.weight_since_review() == 3
    assert comment.state == "hidden"
