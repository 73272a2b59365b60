"""A consultation made by the service has its comment store and response
register at the names every consultation keeps them under, whether the
service announces ConsultationCreated through the application's registry
(a request) or, built without one (the demo, a console script), to the
subscribers outside requests."""

from datetime import UTC, datetime

import transaction
from pyramid.request import Request
from pyramid.scripting import prepare

from consult.accounts.models import Principal
from consult.clock import FixedClock
from consult.consultations.interfaces import IConsultationService
from consult.consultations.models import Consultations
from consult.consultations.services import ConsultationService
from consult.feedback.store import CommentStore
from consult.responses.models import ResponseRegister

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def creator():
    return Principal("clerk@example.kz", "Clerk", "Ministry", "", NOW)


def assert_has_its_stores(consultation):
    assert isinstance(consultation.comments, CommentStore)
    assert consultation["comments"] is consultation.comments
    assert consultation.comments.__parent__ is consultation
    assert isinstance(consultation.responses, ResponseRegister)
    assert consultation.responses.__parent__ is consultation


def test_without_a_registry():
    service = ConsultationService(Consultations(), FixedClock(NOW))
    assert_has_its_stores(service.create("juries", {"en": "Juries"}, {}, {}, [], creator()))


def test_in_a_request(wsgi_app):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    env = prepare(
        request=Request.blank("/", environ={"tm.manager": manager}), registry=wsgi_app.registry
    )
    try:
        request = env["request"]
        request.root = env["root"]
        service = request.find_service(IConsultationService)
        assert_has_its_stores(service.create("juries", {"en": "Juries"}, {}, {}, [], creator()))
    finally:
        manager.abort()
        env["closer"]()
