"""Feedback: threaded comments on questions, articles and paragraphs; moderation."""

from .interfaces import IFeedbackService
from .services import feedback_service_factory


def includeme(config):
    # The report settings are checked at start with the others (consult.settings).
    config.register_service_factory(feedback_service_factory, IFeedbackService)
    config.include(".display")
    config.include(".subscribers")
    config.scan(".views")
    config.include(".evolve")
