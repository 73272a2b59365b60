"""Responses: the ministry's reasoned answer to every comment, its deadlines
and the staff's queue of comments waiting for one."""

from ..feedback.interfaces import ICommentAnswer
from ..organisations.interfaces import IAnswerRecord
from .display import answer_for
from .interfaces import IResponseService
from .record import answer_record
from .services import response_service_factory


def includeme(config):
    config.register_service_factory(response_service_factory, IResponseService)
    # Comments show their answer through it: feedback builds below responses.
    config.registry.registerUtility(answer_for, ICommentAnswer)
    # An organisation's page shows its on-time rate through it.
    config.registry.registerUtility(answer_record, IAnswerRecord)
    config.include(".subscribers")
    config.scan(".views")
    config.include(".evolve")
