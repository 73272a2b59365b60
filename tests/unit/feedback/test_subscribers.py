"""A new consultation gets its comment store when feedback hears
ConsultationCreated: the consultation does not make it itself (consultations
builds below feedback). A moderator's decision mails the reporters it
settles and the author of a hidden comment; an appeal's decision, its author."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import factories
import pytest
from pyramid import testing
from unit.feedback.test_moderation_queues import consultation_with_draft

from consult.consultations.events import ConsultationCreated
from consult.consultations.models import Consultation
from consult.feedback.services import FeedbackService
from consult.feedback.store import CommentStore
from consult.feedback.subscribers import open_comment_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_new_consultation_gets_its_comment_store_once():
    consultation = Consultation({"en": "T"}, {}, {}, (), NOW, "u")
    assert "comments" not in consultation.__dict__
    open_comment_store(ConsultationCreated(None, consultation))
    store = consultation.comments
    assert isinstance(store, CommentStore)
    assert (store.__parent__, store.__name__) == (consultation, "comments")
    assert consultation["comments"] is store  # traversed at the same name
    # Heard again (or for a consultation that has one), it keeps the comments.
    open_comment_store(ConsultationCreated(None, consultation))
    assert consultation.comments is store


# -- a moderator's decisions are mailed (feedback.subscribers, feedback.notices)


class FakeMail:
    def __init__(self):
        self.sent = []

    def send(self, to, subject, body, language=None):
        self.sent.append((to, subject, body.interpolate(), language))


@pytest.fixture
def moderated(clock):
    """(request, mail, service, consultation, the author's comment, people by name)."""
    config = testing.setUp(settings={"consult.public_url": "https://consult.example.kz"})
    mail = FakeMail()
    people = {
        name: factories.principal(
            f"{name}@example.kz",
            name.title(),
            "Serikova",
            created=NOW - timedelta(days=30),
            confirmed_at=NOW - timedelta(days=30),
        )
        for name in ("aigerim", "saule", "marat", "dana")
    }
    people["saule"].language = "kk"
    principals = {person.id: person for person in people.values()}
    root = testing.DummyResource()
    root["principals"] = SimpleNamespace(get=principals.get)
    request = testing.DummyRequest(root=root)
    request.find_service = lambda iface: mail
    request.layout = SimpleNamespace(local_time=lambda when, format: when.strftime("%d.%m.%Y"))
    consultation = consultation_with_draft()
    root["consultations"] = testing.DummyResource()
    root["consultations"]["juries"] = consultation
    consultation.__name__, consultation.__parent__ = "juries", root["consultations"]
    service = FeedbackService(clock, {}, request=request, notify=config.registry.notify)
    config.include("consult.feedback.subscribers")
    target = consultation.current_draft()["1"].target
    comment = service.post(consultation, target, people["aigerim"], "Too few jurors.", "for")
    yield request, mail, service, consultation, comment, people
    testing.tearDown()


def test_a_decision_on_reports_mails_the_reporters_and_the_author(moderated):
    request, mail, service, consultation, comment, people = moderated
    service.report(consultation, comment, people["saule"], "Rude words")
    service.resolve(consultation, comment, people["marat"], "hide", "Rule 3.")
    by_address = {to: (subject, body, language) for to, subject, body, language in mail.sent}
    assert set(by_address) == {"saule@example.kz", "aigerim@example.kz"}
    subject, body, language = by_address["saule@example.kz"]
    assert subject == "The outcome of your report" and language == "kk"
    assert "A moderator has hidden the comment you reported" in body and "Rule 3." in body
    subject, body, language = by_address["aigerim@example.kz"]
    assert subject == "A moderator has hidden your comment"
    assert "https://consult.example.kz/pages/rules" in body
    assert f"https://consult.example.kz/consultations/juries/comments/{comment.id}/appeal" in body

    mail.sent.clear()
    service.appeal(consultation, comment, people["aigerim"], "It is on article 1.")
    assert mail.sent == []  # the appeal itself goes to the moderators' queue
    service.decide_appeal(consultation, comment, people["dana"], "restore", "It is.")
    [(to, subject, body, _language)] = mail.sent
    assert (to, subject) == ("aigerim@example.kz", "The decision on your appeal")
    assert "is shown again" in body


def test_what_the_rules_did_by_themselves_mails_nobody(moderated):
    request, mail, service, consultation, comment, people = moderated
    for name in ("saule", "marat", "dana"):  # three reports hide it until a review
        service.report(consultation, comment, people[name], "Rude words")
    assert comment.state == "hidden" and mail.sent == []
    service.resolve(consultation, comment, people["aigerim"], "keep", "Fair criticism.")
    assert {to for to, *_rest in mail.sent} == {
        "saule@example.kz",
        "marat@example.kz",
        "dana@example.kz",
    }
    assert all("it stays shown" in body for _to, _subject, body, _language in mail.sent)
