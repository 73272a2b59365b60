"""Appeals: the single window for a person's complaint, proposal, request
or feedback to the state, routed by category and place to the competent
organisation, answered within the legal term, rated by its author."""

from .interfaces import IAppealService
from .services import appeal_service_factory


def includeme(config):
    config.register_service_factory(appeal_service_factory, IAppealService)
    config.include(".subscribers")
    config.scan(".views")
    config.include(".evolve")
