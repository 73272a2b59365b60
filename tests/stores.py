"""A consultation built by hand in a unit test gets the stores that the
capabilities add to every new one when they hear ConsultationCreated (the
consultation service announces it): `with_stores(Consultation(...))`."""

from consult.consultations.events import ConsultationCreated
from consult.feedback.subscribers import open_comment_store
from consult.responses.subscribers import open_response_register


def with_stores(consultation):
    event = ConsultationCreated(None, consultation)
    open_comment_store(event)
    open_response_register(event)
    return consultation
