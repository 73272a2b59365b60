"""How responses reacts to what other capabilities announce: a new
consultation gets its response register (ConsultationCreated)."""

from ..consultations.events import ConsultationCreated
from .models import ResponseRegister


def open_response_register(event):
    """A new consultation gets the register of the ministry's answers, at the
    name every consultation keeps it under (`consultation.responses`)."""
    consultation = event.consultation
    if getattr(consultation, "responses", None) is None:
        consultation.responses = ResponseRegister()
        consultation.responses.__parent__ = consultation


def includeme(config):
    config.add_subscriber(open_response_register, ConsultationCreated)
