"""A new consultation gets its response register when responses hears
ConsultationCreated: the consultation does not make it itself (consultations
builds below responses)."""

from datetime import UTC, datetime

from consult.consultations.events import ConsultationCreated
from consult.consultations.models import Consultation
from consult.responses.models import ResponseRegister
from consult.responses.subscribers import open_response_register

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_new_consultation_gets_its_register_once():
    consultation = Consultation({"en": "T"}, {}, {}, (), NOW, "u")
    assert "responses" not in consultation.__dict__
    open_response_register(ConsultationCreated(None, consultation))
    register = consultation.responses
    assert isinstance(register, ResponseRegister) and register.__parent__ is consultation
    # Heard again (or for a consultation that has one), it keeps the answers.
    open_response_register(ConsultationCreated(None, consultation))
    assert consultation.responses is register
