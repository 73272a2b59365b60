"""What the signals hear: a new consultation gets its activity log at once;
activity announced from above (a petition's signature) goes to its log."""

from datetime import UTC, datetime
from types import SimpleNamespace

from pyramid import testing
from pyramid.config import Configurator

from consult.consultations.events import ConsultationChanged, ConsultationCreated
from consult.consultations.models import Consultation
from consult.signals.events import ActivityRecorded, Subject
from consult.signals.interfaces import ISignalService
from consult.signals.models import ActivityLog
from consult.signals.services import SignalService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def registry():
    config = Configurator()
    config.include("consult.signals.subscribers")
    config.commit()
    return config.registry


def test_a_new_consultation_gets_its_activity_log():
    consultation = Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk")
    registry().notify(ConsultationCreated(None, consultation))
    assert isinstance(consultation.activity, ActivityLog)
    assert consultation.activity.__parent__ is consultation and len(consultation.activity) == 0


def test_a_change_to_a_consultation_makes_none():
    consultation = Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk")
    registry().notify(ConsultationChanged(None, consultation))
    assert getattr(consultation, "activity", None) is None


def test_activity_announced_by_a_capability_above_goes_to_its_scopes_log():
    class Signed(ActivityRecorded):
        kind = "signature"

    service = SignalService(SimpleNamespace(now=lambda: NOW), {}, "secret")
    request = testing.DummyRequest(client_addr="10.0.0.1")
    request.find_service = {ISignalService: service}.__getitem__
    scope = SimpleNamespace(__name__="7")
    registry().notify(Signed(request, scope, Subject("7", "petition")))
    [event] = scope.activity.events()
    assert (event.kind, event.comment, event.target, event.account) == (
        "signature",
        "7",
        "petition",
        None,
    )
    assert event.address and "10.0.0.1" not in event.address
