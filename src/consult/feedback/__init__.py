"""Feedback: threaded comments on questions, articles and paragraphs; moderation."""


def includeme(config):
    from .interfaces import IFeedbackService
    from .report_weight import ReportWeights
    from .services import feedback_service_factory

    # A bad report setting stops the application at start, not at the first report.
    settings = config.registry.settings
    ReportWeights.from_settings(settings)
    if float(settings.get("consult.reports_to_hide", 3)) <= 0:
        raise ValueError("consult.reports_to_hide must be more than 0")
    config.register_service_factory(feedback_service_factory, IFeedbackService)
    config.include(".subscribers")
    config.scan(".views")
