"""Petitions: a verified person asks a state body (an organisation) to act;
sponsors, moderation in working days, signatures up to the body's threshold,
and the answer it then owes."""

from .interfaces import IPetitionService
from .services import petition_service_factory


def includeme(config):
    config.register_service_factory(petition_service_factory, IPetitionService)
    config.scan(".views")
    config.scan(".signing_views")
    config.scan(".open_data")
    config.include(".evolve")
