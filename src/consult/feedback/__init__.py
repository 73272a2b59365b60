"""Feedback: threaded comments on questions, articles and paragraphs; moderation."""

from ..accounts.interfaces import IActivitySection, IPersonalData
from .activity_sections import comments_section, reports_section, supports_section
from .interfaces import IFeedbackService
from .personal_data import comments_data, reports_data, supports_data
from .services import feedback_service_factory


def includeme(config):
    # The report settings are checked at start with the others (consult.settings).
    config.register_service_factory(feedback_service_factory, IFeedbackService)
    config.include(".display")
    config.include(".subscribers")
    config.scan(".views")
    config.include(".evolve")
    registry = config.registry
    registry.registerUtility(comments_data, IPersonalData, name="comments")
    registry.registerUtility(supports_data, IPersonalData, name="supports")
    registry.registerUtility(reports_data, IPersonalData, name="reports")
    # Named in the order the activity page shows them (IActivitySection).
    registry.registerUtility(comments_section, IActivitySection, name="10-comments")
    registry.registerUtility(supports_section, IActivitySection, name="20-supports")
    registry.registerUtility(reports_section, IActivitySection, name="30-reports")
