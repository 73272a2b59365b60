"""Feedback: threaded comments on questions, articles and paragraphs; moderation."""


def includeme(config):
    from .services import IFeedbackService, feedback_service_factory

    # The report settings are checked at start with the others (consult.settings).
    config.register_service_factory(feedback_service_factory, IFeedbackService)
    config.scan(".views")
