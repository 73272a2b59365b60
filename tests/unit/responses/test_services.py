"""Answering comments with real persistent objects and a fixed clock; the
answer's notice (delivered by consult.notifications) from its text function."""

import random
from datetime import timedelta

import factories
import pytest
from factories import NOW
from stores import with_stores

from consult.consultations.models import Consultation, Draft, Question
from consult.consultations.parsing import parse_text
from consult.feedback.services import FeedbackService
from consult.responses.services import ResponseError, ResponseService, answer_notice

DAY = timedelta(days=1)
DRAFT = """Article 1. One

1. First paragraph.

2. Second paragraph.

Article 2. Two

1. Only paragraph.
"""
REASON = "The draft already lets regions convene larger juries; see article 5."
RU_REASON = "Проект уже позволяет регионам созывать более крупные жюри, см. статью 5."


def person(first, roles=()):
    return factories.principal(
        f"{first.lower()}@example.kz", first, "Serikova", confirmed_at=NOW, roles=roles
    )


class People(dict):
    def add(self, principal):
        self[principal.id] = principal
        return principal


@pytest.fixture
def people():
    return People()


@pytest.fixture
def service(clock):
    return ResponseService(clock, {"consult.min_answer_length": "30"})


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
def post(consultation, clock, people):
    feedback = FeedbackService(clock, {}, rng=random.Random(3))
    author = people.add(person("Aigerim"))

    def make(
        text="Fifteen jurors are too few for a large region.",
        stance="against",
        article="1",
        paragraph=None,
        parent=None,
        target=None,
    ):
        if target is None:
            found = consultation.current_draft()[article]
            target = (
                found.target
                if paragraph is None
                else found.paragraph_target(found.paragraphs[paragraph])
            )
        comment = feedback.post(consultation, target, author, text, stance, parent=parent)
        clock.advance(timedelta(seconds=1))
        return comment

    return make


@pytest.fixture
def editor(people):
    return people.add(person("Editor", roles=("editor",)))


def test_answer_records_role_language_and_its_notice(service, consultation, post, editor):
    comment = post()
    [response] = service.answer(consultation, [comment], editor, "rejected", REASON)
    assert consultation.responses.get(comment.id) is response
    assert (
        response.disposition,
        response.text,
        response.language,
        response.role,
        response.official,
    ) == ("rejected", REASON, "en", "editor", editor.id)
    assert response.translation is None and response.answered_at == NOW + timedelta(seconds=1)
    subject, body = answer_notice(comment, response, False, "02.03.2026", f"/c/{comment.id}")
    body = body.interpolate()
    assert "answered your comment" in subject.interpolate()
    assert "Decision: Rejected" in body and REASON in body and f"/c/{comment.id}" in body


def test_only_staff_answer(service, consultation, post, people):
    comment = post()
    with pytest.raises(ResponseError) as refused:
        service.answer(consultation, [comment], people.add(person("Citizen")), "noted", REASON)
    assert "editors and moderators" in refused.value.message.interpolate()
    local = people.add(person("Local"))
    consultation.grant_local_role(local.id, "moderator")
    [response] = service.answer(consultation, [comment], local, "noted", REASON)
    assert response.role == "moderator"


@pytest.mark.parametrize(
    "disposition, reason, message",
    [
        ("maybe", REASON, "Choose a decision"),
        ("", REASON, "Choose a decision"),
        ("accepted", "", "at least 30 characters (now 0)"),
        ("accepted", "   Too short, sorry.   ", "at least 30 characters (now 17)"),
        ("accepted", RU_REASON, "The comment is in English but the answer reads as Russian"),
    ],
)
def test_refusals(service, consultation, post, editor, disposition, reason, message):
    comment = post()
    with pytest.raises(ResponseError) as refused:
        service.answer(consultation, [comment], editor, disposition, reason)
    assert message in refused.value.message.interpolate()
    assert len(consultation.responses) == 0


def test_minimum_length_is_configurable(clock, consultation, post, editor):
    service = ResponseService(clock, {"consult.min_answer_length": "100"})
    with pytest.raises(ResponseError):
        service.answer(consultation, [post()], editor, "accepted", REASON)


def test_another_language_needs_a_translation_into_the_comments(
    service, consultation, post, editor
):
    comment = post("Пятнадцати присяжных мало для большой области.")
    assert comment.language == "ru"
    with pytest.raises(ResponseError):
        service.answer(
            consultation,
            [comment],
            editor,
            "accepted",
            REASON,
            translation="Still English, so not a translation at all.",
        )
    [response] = service.answer(
        consultation, [comment], editor, "accepted", REASON, translation=RU_REASON
    )
    assert (response.language, response.translation) == ("en", RU_REASON)


def test_a_comment_in_another_language_than_the_three_is_answered_in_any(
    service, consultation, post, editor
):
    comment = post("Die Geschworenen sollten für jeden Sitzungstag bezahlt werden.")
    assert comment.language == "de"
    [response] = service.answer(consultation, [comment], editor, "noted", REASON)
    assert (response.language, response.translation) == ("en", None)


def test_a_group_in_two_languages_is_refused(service, consultation, post, editor):
    english, russian = post(), post("Пятнадцати присяжных мало для большой области.")
    with pytest.raises(ResponseError):
        service.answer(consultation, [english, russian], editor, "noted", REASON)


def test_a_group_shares_one_answer(service, consultation, post, editor):
    one, two = post(), post("Fifteen jurors are too few for a big region!")
    responses = service.answer(consultation, [one, two, one], editor, "partly", REASON)
    assert [r.comment_id for r in responses] == [one.id, two.id]
    assert responses[0].group is not None and responses[0].group == responses[1].group


def test_answering_twice_is_refused_with_who_and_when(service, consultation, post, editor, people):
    comment = post()
    service.answer(consultation, [comment], editor, "accepted", REASON)
    moderator = people.add(person("Moderator", roles=("moderator",)))
    with pytest.raises(ResponseError) as refused:
        service.answer(
            consultation,
            [post("Another comment, this one new."), comment],
            moderator,
            "noted",
            REASON,
        )
    assert refused.value.message.interpolate() == (
        "This comment was answered by the Editor on 2026-03-02 09:00 UTC; revise that answer "
        "instead."
    )
    assert len(consultation.responses) == 1  # nothing of the group was answered


def test_hidden_and_foreign_comments_are_not_answered(service, consultation, post, editor, clock):
    comment = post()
    FeedbackService(clock, {}).hide(consultation, comment, editor, "Off topic")
    with pytest.raises(ResponseError) as refused:
        service.answer(consultation, [comment], editor, "noted", REASON)
    assert "Only published comments" in refused.value.message.interpolate()
    other = with_stores(Consultation({"en": "Other"}, {}, {}, (), NOW, "clerk"))
    with pytest.raises(ResponseError):
        service.answer(other, [post()], editor, "noted", REASON)
    with pytest.raises(ResponseError):
        service.answer(consultation, [], editor, "noted", REASON)


def test_revise_keeps_history_and_needs_a_reason(service, consultation, post, editor, clock):
    comment = post()
    with pytest.raises(ResponseError):
        service.revise(consultation, comment, editor, "accepted", REASON, "Changed our mind")
    service.answer(consultation, [comment], editor, "rejected", REASON)
    clock.advance(DAY)
    new = "Accepted after all: article 5 will allow up to 25 jurors in large regions."
    with pytest.raises(ResponseError) as refused:
        service.revise(consultation, comment, editor, "accepted", new, "  because ")
    assert "Please say why" in refused.value.message.interpolate()
    response = service.revise(
        consultation, comment, editor, "accepted", new, "The working group changed its position."
    )
    assert (response.disposition, response.text, response.answered_at) == (
        "accepted",
        new,
        clock.now(),
    )
    [revision] = response.revisions
    assert revision.version.text == REASON and revision.why.startswith("The working group")
    assert consultation.responses.disposition_counts()["rejected"] == 0
    assert "revised" in answer_notice(comment, response, True, "", "")[0].interpolate()


def test_set_deadline(service, consultation):
    assert service.set_deadline(consultation, "30") == 30 == consultation.answer_days
    for bad in ("0", "366", "ten", None, ""):
        with pytest.raises(ResponseError):
            service.set_deadline(consultation, bad)
    assert consultation.answer_days == 30


def test_deadlines_follow_the_stage_that_closes(service, consultation):
    white_closes = consultation.stages["white"].closes_at
    assert service.deadline(consultation, "article:x") == white_closes + 15 * DAY
    assert service.deadline(consultation, "question:x") == (
        consultation.stages["green"].closes_at + 15 * DAY
    )
    consultation.stages["white"].schedule(None, None)
    assert service.deadline(consultation, "article:x") is None
    assert service.days_left(None, NOW) is None
    assert service.days_left(NOW + timedelta(days=2, hours=1), NOW) == 3
    assert service.days_left(NOW - timedelta(days=2), NOW) == -2


def test_queue_filters(service, consultation, post, editor):
    first = post(stance="against")
    second = post("Jurors should be paid for every day they serve.", stance="for", article="2")
    russian = post("Пятнадцати присяжных мало для большой области.", paragraph=1)
    post("A reply is not due an answer of its own here.", parent=first)
    service.answer(consultation, [second], editor, "accepted", REASON)

    def ids(**kw):
        return [item.comment.id for item in service.queue(consultation, NOW, **kw).items]

    article_1 = consultation.current_draft()["1"].target
    assert ids() == [first.id, russian.id]
    assert ids(status="answered") == [second.id]
    assert ids(status="all") == [first.id, russian.id, second.id]
    assert ids(key=article_1) == [first.id, russian.id]
    assert ids(language="ru") == [russian.id]
    assert ids(stance="for", status="all") == [second.id]
    page = service.queue(consultation, NOW, size=1)
    assert len(page.items) == 1 and page.total == 2
    assert page.items[0].days_left == 30 + 15 and not page.items[0].overdue
    with pytest.raises(ResponseError):
        service.queue(consultation, NOW, key="article:gone")


def test_queue_pages_count_every_comment_the_filters_keep(service, consultation, post, editor):
    posted = [post(f"Comment number {n} on the size of juries.", stance="for") for n in range(7)]
    posted += [post("Пятнадцати присяжных мало для большой области.", stance="against")]
    service.answer(consultation, [posted[0]], editor, "accepted", REASON)

    def page(**kw):
        found = service.queue(consultation, NOW, **kw)
        return [item.comment.id for item in found.items], found.total

    ids = [c.id for c in posted]
    assert page(size=3) == (ids[1:4], 7)
    assert page(start=3, size=3) == (ids[4:7], 7)
    assert page(start=6, size=3) == (ids[7:], 7)
    assert page(start=9, size=3) == ([], 7)
    assert page(stance="for", start=3, size=3) == (ids[4:7], 6)
    assert page(language="ru", size=3) == (ids[7:], 1)
    assert page(status="all", size=None) == (ids, 8)


def test_question_rows_are_numbered_as_the_green_paper_shows_them(service, consultation):
    consultation.stages["green"].questions.append(Question({"en": "Paid?"}))
    questions = [row for row in service.rows(consultation) if row.kind == "question"]
    assert [(row.number, row.question.text["en"]) for row in questions] == [
        (1, "Lot?"),
        (2, "Paid?"),
    ]


def test_answer_a_whole_article(service, consultation, post, editor):
    one, two = post(), post("Paragraph two needs a clearer rule on lots.", paragraph=1)
    other = post("Jurors should be paid for every day they serve.", article="2")
    key = consultation.current_draft()["1"].target
    responses = service.answer_article(consultation, key, editor, "noted", REASON)
    assert {r.comment_id for r in responses} == {one.id, two.id}
    assert other.id not in consultation.responses
    with pytest.raises(ResponseError):
        service.answer_article(consultation, key, editor, "noted", REASON)


def test_summary_counts_without_hidden_comments_and_flags_overdue(
    service, consultation, post, editor, clock
):
    first = post()
    second = post("Another point: jurors need paid leave from work.")
    hidden = post("Spam spam spam, buy my jury services today.")
    post("Jurors should be paid for every day they serve.", article="2")
    FeedbackService(clock, {}).hide(consultation, hidden, editor, "Advertising")
    service.answer(consultation, [first], editor, "accepted", REASON)
    service.answer(consultation, [second], editor, "noted", REASON)

    summary = service.summary(consultation, NOW)
    assert summary["total"] == {"comments": 3, "answered": 2, "unanswered": 1, "overdue": 0}
    assert summary["answer_days"] == 15
    assert summary["dispositions"]["accepted"] == 1
    rows = {row["key"]: row for row in summary["rows"]}
    article_1 = consultation.current_draft()["1"].target
    article_2 = consultation.current_draft()["2"].target
    assert (rows[article_1]["comments"], rows[article_1]["answered"]) == (2, 2)
    assert rows[article_2]["unanswered"] == 1 and rows[article_2]["days_left"] == 45
    assert [row["kind"] for row in summary["rows"]] == ["question", "article", "article"]

    late = NOW + 46 * DAY
    summary = service.summary(consultation, late)
    assert summary["total"]["overdue"] == 1
    assert rows[article_2]["key"] == article_2
    assert {row["key"]: row for row in summary["rows"]}[article_2]["days_left"] == -1
