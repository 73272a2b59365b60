"""Consultation workflows on real persistent objects with a fixed clock; a
refusal raises ConsultationError and changes nothing."""

from datetime import timedelta

import factories
import pytest
from factories import NOW

from consult.consultations.events import ConsultationChanged, ConsultationCreated
from consult.consultations.interfaces import ConsultationWarnings
from consult.consultations.models import Consultations
from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationError, ConsultationService

DAY = timedelta(days=1)


@pytest.fixture
def service(clock):
    return ConsultationService(Consultations(), clock)


@pytest.fixture
def creator():
    return factories.principal("clerk@example.kz", "Clerk", "Ministry")


@pytest.fixture
def consultation(service, creator):
    return service.create(
        "juries", {"en": "Juries"}, {"en": "Why juries"}, {"en": "Ministry"}, ["juries"], creator
    )


def message(error):
    return error.value.message.interpolate()


def test_create(service, creator, consultation):
    assert service.consultations["juries"] is consultation
    assert consultation.created == NOW and consultation.created_by == creator.id
    assert consultation.local_roles[creator.id] == ("editor",)
    assert consultation.state(NOW) == "draft"
    # Made at creation, so that the first burst of posts does not conflict on
    # it (signals.subscribers, through the subscribers outside requests).
    assert consultation.activity is not None and len(consultation.activity) == 0


def test_changes_are_announced(clock, creator):
    events = []
    service = ConsultationService(Consultations(), clock, notify=events.append)
    consultation = service.create("juries", {"en": "Juries"}, {}, {}, [], creator)
    service.add_question(consultation, {"en": "Fifteen or twelve?"})
    service.grant_local_role(consultation, creator, "moderator")
    assert [type(event) for event in events] == [
        ConsultationCreated,
        ConsultationChanged,
        ConsultationChanged,
    ]
    assert all(event.consultation is consultation for event in events)
    assert [event.with_comments for event in events] == [False, False, True]
    # The subscribers make the activity log; this service's notify has none.
    assert getattr(consultation, "activity", None) is None


@pytest.mark.parametrize(
    "slug, title, expected",
    [
        ("Juries", {"en": "x"}, "The address may use only lowercase Latin letters"),
        ("-juries", {"en": "x"}, "The address may use only lowercase Latin letters"),
        ("", {"en": "x"}, "The address may use only lowercase Latin letters"),
        ("juries", {"en": "x"}, "Another consultation uses this address already."),
        ("other", {"en": "  "}, "Give the consultation a title in at least one language."),
    ],
)
def test_create_refuses(service, creator, consultation, slug, title, expected):
    with pytest.raises(ConsultationError) as error:
        service.create(slug, title, {}, {}, [], creator)
    assert expected in message(error)
    assert list(service.consultations) == ["juries"]


def test_update(service, consultation):
    service.update(consultation, {"kk": "Алқабилер"}, {}, {"ru": "Министерство"}, ["a", "b"], True)
    assert consultation.title == {"kk": "Алқабилер"}
    assert consultation.tags == ("a", "b") and consultation.premoderation is True
    with pytest.raises(ConsultationError):
        service.update(consultation, {}, {}, {}, [], False)
    assert consultation.title == {"kk": "Алқабилер"}


def test_schedule_stages_together(service, consultation):
    service.schedule_stages(
        consultation,
        {"green": (NOW + DAY, NOW + 10 * DAY), "white": (NOW + 10 * DAY, NOW + 20 * DAY)},
    )
    assert consultation.stages["green"].opens_at == NOW + DAY
    assert consultation.stages["white"].closes_at == NOW + 20 * DAY
    # Moving both stages later at once is fine, although the new Green Paper
    # closes after the old White Paper opened.
    service.schedule_stages(
        consultation,
        {"green": (NOW + 15 * DAY, NOW + 25 * DAY), "white": (NOW + 30 * DAY, NOW + 40 * DAY)},
    )
    assert consultation.stages["green"].closes_at == NOW + 25 * DAY


@pytest.mark.parametrize(
    "times, expected",
    [
        ({"green": (NOW + 2 * DAY, NOW + DAY)}, "Green Paper: the stage must close after it"),
        ({"green": (NOW, None)}, "Green Paper: the stage must close after it opens, and needs"),
        ({"outcome": (None, NOW)}, "Outcome: the stage must close after it opens, and needs"),
        (
            {"green": (NOW, NOW + 10 * DAY), "white": (NOW + 5 * DAY, NOW + 20 * DAY)},
            "The White Paper stage cannot open before the Green Paper stage closes.",
        ),
        (
            {"green": (NOW, NOW + 10 * DAY), "white": (NOW + 20 * DAY, NOW + 19 * DAY)},
            "White Paper: the stage must close after it opens",
        ),
    ],
)
def test_refused_schedule_changes_nothing(service, consultation, times, expected):
    service.schedule(consultation, "white", NOW + 30 * DAY, NOW + 40 * DAY)
    with pytest.raises(ConsultationError) as error:
        service.schedule_stages(consultation, times)
    assert expected in message(error)
    green, white = consultation.stages["green"], consultation.stages["white"]
    assert (green.opens_at, green.closes_at) == (None, None)
    assert (white.opens_at, white.closes_at) == (NOW + 30 * DAY, NOW + 40 * DAY)


def test_schedule_one_stage(service, consultation):
    service.schedule(consultation, "green", NOW, NOW + DAY)
    with pytest.raises(ConsultationError):
        service.schedule(consultation, "white", NOW, NOW + 2 * DAY)
    assert consultation.stages["white"].opens_at is None


def test_documents_go_to_their_stage(service, consultation):
    concept = service.add_document(consultation, "concept", {"en": "Concept"}, {"en": "Text"})
    statement = service.add_document(
        consultation, "statement", {"ru": "Заявление"}, {"ru": "Текст"}
    )
    assert list(consultation.stages["green"].documents) == [concept]
    assert list(consultation.stages["white"].documents) == [statement]


@pytest.mark.parametrize(
    "title, body, expected",
    [
        ({}, {"en": "Text"}, "Give the document a title in at least one language."),
        ({"en": "Title"}, {"en": " "}, "Write the document's text in at least one language."),
    ],
)
def test_document_needs_title_and_text(service, consultation, title, body, expected):
    with pytest.raises(ConsultationError) as error:
        service.add_document(consultation, "concept", title, body)
    assert message(error) == expected
    assert len(consultation.stages["green"].documents) == 0


def test_questions(service, consultation):
    question = service.add_question(consultation, {"ru": "Жребий?"})
    assert consultation.stages["green"].question(question.uid) is question
    with pytest.raises(ConsultationError):
        service.add_question(consultation, {"ru": " "})
    assert len(consultation.stages["green"].questions) == 1


def test_import_draft_in_two_languages(service, consultation):
    service.import_draft(
        consultation, "ru", parse_text("Статья 1. Цель\n\n1. Текст.\n"), title="Закон о жюри"
    )
    draft = service.import_draft(consultation, "en", parse_text("Article 1. Purpose\n\n1. Text.\n"))
    assert consultation.current_draft() is draft and len(consultation.drafts) == 1
    assert draft.title == {"ru": "Закон о жюри"}
    assert draft["1"].heading == {"ru": "Цель", "en": "Purpose"}
    assert draft.created == NOW


def test_correct_article(service, consultation):
    draft = service.import_draft(
        consultation, "ru", parse_text("Статья 1. Цель\n\n1. Один.\n\n2. Два.\n")
    )
    service.import_draft(consultation, "en", parse_text("Article 1. Purpose\n\n1. One.\n"))
    article = draft["1"]
    uid = article.paragraphs[0].uid
    service.correct_article(
        article,
        {"ru": "Цели", "en": "Purposes"},
        {"ru": ["1. Один.", "2. Два.", "3. Три."], "en": ["1. One!"]},
    )
    assert article.heading == {"ru": "Цели", "en": "Purposes"}
    assert [p.text for p in article.paragraphs] == [
        {"ru": "1. Один.", "en": "1. One!"},
        {"ru": "2. Два."},
        {"ru": "3. Три."},
    ]
    assert article.paragraphs[0].uid == uid
    with pytest.raises(ConsultationError):
        service.correct_article(article, {"ru": "Цели"}, {"ru": [], "en": []})
    assert len(article.paragraphs) == 3


def test_grant_local_role(service, consultation):
    person = factories.principal("expert@example.kz", "Marat", "Omarov")
    service.grant_local_role(consultation, person, "expert")
    assert consultation.local_roles[person.id] == ("expert",)
    with pytest.raises(ConsultationError) as error:
        service.grant_local_role(consultation, None, "expert")
    assert "No account uses this e-mail address." in message(error)
    with pytest.raises(ConsultationError):
        service.grant_local_role(consultation, person, "administrator")
    assert consultation.local_roles[person.id] == ("expert",)


def test_publish_needs_dates_and_keeps_the_first_date(service, consultation, clock):
    with pytest.raises(ConsultationError):
        service.publish(consultation)
    assert consultation.published_at is None
    service.schedule(consultation, "green", NOW + DAY, NOW + 2 * DAY)
    service.publish(consultation)
    assert consultation.published_at == NOW
    clock.advance(DAY)
    service.publish(consultation)
    assert consultation.published_at == NOW


def test_publish_unconfirmed_refuses_while_there_are_warnings(service, consultation):
    service.schedule(consultation, "green", NOW + DAY, NOW + 2 * DAY)
    with pytest.raises(ConsultationWarnings) as refused:
        service.publish(consultation, confirmed=False)
    assert "tick the box to confirm" in message(refused)
    assert [w.interpolate() for w in refused.value.warnings] == [
        "There is no Kazakh text for: the title, the summary.",
        "There is no Russian text for: the title, the summary.",
        "The Green Paper stage has its dates but no document and no question to the public.",
    ]
    assert consultation.published_at is None
    # Confirmed (the default for scripts and the demo), it publishes.
    service.publish(consultation)
    assert consultation.published_at == NOW


def test_publish_unconfirmed_without_warnings(service, consultation):
    service.update(consultation, {"kk": "Алқабилер", "ru": "Присяжные"}, {}, {}, [], False)
    consultation.summary = {"kk": "Неге алқабилер", "ru": "Зачем присяжные"}
    service.add_question(consultation, {"kk": "Жеребе бойынша ма?", "ru": "Жребием?"})
    service.schedule(consultation, "green", NOW + DAY, NOW + 2 * DAY)
    assert service.publication_warnings(consultation) == []
    service.publish(consultation, confirmed=False)
    assert consultation.published_at == NOW


def test_closing_an_open_stage_in_the_past_needs_a_confirmation(service, consultation, clock):
    service.schedule(consultation, "white", NOW - DAY, NOW + 10 * DAY)
    early = {"white": (NOW - DAY, NOW - timedelta(hours=1))}
    # Not published yet: nobody is commenting, nothing to warn about.
    service.schedule_stages(consultation, {"white": (NOW - DAY, NOW + 10 * DAY)}, confirmed=False)
    consultation.published_at = NOW - DAY
    with pytest.raises(ConsultationWarnings) as refused:
        service.schedule_stages(consultation, early, confirmed=False)
    assert (
        refused.value.warnings[0]
        .interpolate()
        .startswith(
            "The White Paper stage is open for comments; its new closing time is in the past"
        )
    )
    assert consultation.stages["white"].closes_at == NOW + 10 * DAY
    service.schedule_stages(consultation, {"white": (NOW - DAY, NOW + 20 * DAY)}, confirmed=False)
    service.schedule_stages(consultation, early, confirmed=True)
    assert consultation.stages["white"].closes_at == NOW - timedelta(hours=1)
    # Once closed, its dates move freely.
    service.schedule_stages(consultation, {"white": (NOW - 2 * DAY, NOW - DAY)}, confirmed=False)


def test_outcome_once_every_stage_has_closed(service, consultation, clock):
    service.schedule(consultation, "green", NOW + DAY, NOW + 2 * DAY)
    service.publish(consultation)
    with pytest.raises(ConsultationError) as error:
        service.publish_outcome(consultation, {"en": "Done."})
    assert "once all stages have closed" in message(error)
    clock.advance(3 * DAY)
    with pytest.raises(ConsultationError):
        service.publish_outcome(consultation, {"en": "  "})
    assert consultation.outcome == {}
    service.publish_outcome(consultation, {"en": "Done."})
    assert consultation.outcome == {"en": "Done."}
    assert consultation.outcome_published_at == NOW + 3 * DAY
    assert consultation.state(clock.now()) == "outcome"
