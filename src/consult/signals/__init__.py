"""Burst signals for moderators: many comments, supports or reports from new
accounts, one address or one campaign, or many reports of one comment, in a
short time raise a flag, with the evidence, on the moderation dashboard.
Nothing is hidden or dropped automatically."""

from ..feedback.interfaces import IModerationSignals
from .display import dashboard
from .interfaces import ISignalService
from .services import signal_service_factory


def includeme(config):
    config.register_service_factory(signal_service_factory, ISignalService)
    # The moderation queue shows the flags through it: signals builds above feedback.
    config.registry.registerUtility(dashboard, IModerationSignals)
    config.include(".subscribers")
    config.include(".views")
    config.include(".evolve")
