"""Petitions: a verified person asks a state body (an organisation) to act;
sponsors, moderation in working days, signatures up to the body's threshold,
and the answer it then owes."""

from ..organisations.interfaces import IOrganisationPetitions
from .answering import answering_factory
from .interfaces import IPetitionAnswering, IPetitionService
from .listing import organisation_petitions
from .services import petition_service_factory


def includeme(config):
    config.register_service_factory(petition_service_factory, IPetitionService)
    config.register_service_factory(answering_factory, IPetitionAnswering)
    config.registry.registerUtility(organisation_petitions, IOrganisationPetitions)
    config.include(".subscribers")
    config.scan(".views")
    config.scan(".digital_signing")
    config.scan(".answer_views")
    config.scan(".listing")
    config.scan(".signing_views")
    config.scan(".open_data")
    config.scan(".invalidation_views")
    config.include(".evolve")
