"""A new consultation gets its comment store when feedback hears
ConsultationCreated: the consultation does not make it itself (consultations
builds below feedback). A moderator's decision is told by the
notifications (tests/unit/notifications/test_subscribers.py)."""

from datetime import UTC, datetime

from consult.consultations.events import ConsultationCreated
from consult.consultations.models import Consultation
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
