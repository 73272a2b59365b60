"""Feedback: threaded comments on questions, articles and paragraphs; moderation."""

from ..accounts.interfaces import IPersonalData
from .interfaces import IFeedbackService
from .personal_data import comments_data
from .services import feedback_service_factory


def includeme(config):
    # The report settings are checked at start with the others (consult.settings).
    config.register_service_factory(feedback_service_factory, IFeedbackService)
    config.include(".display")
    config.include(".subscribers")
    config.scan(".views")
    config.include(".evolve")
    config.registry.registerUtility(comments_data, IPersonalData, name="comments")
