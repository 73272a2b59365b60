"""What the signals hear: a new consultation gets its activity log at once."""

from datetime import UTC, datetime

from pyramid.config import Configurator

from consult.consultations.events import ConsultationChanged, ConsultationCreated
from consult.consultations.models import Consultation
from consult.signals.models import ActivityLog

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
