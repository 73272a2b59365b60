"""Appeals: the single window for a person's complaint, proposal, request
or feedback to the state, routed by category and place to the competent
organisation, answered within the legal term, rated by its author."""

from .api_keys import api_key_service_factory
from .interfaces import IAppealApiKeys, IAppealService
from .services import appeal_service_factory


def includeme(config):
    config.register_service_factory(appeal_service_factory, IAppealService)
    config.register_service_factory(api_key_service_factory, IAppealApiKeys)
    config.include(".subscribers")
    config.include(".views.open311")
    config.include(".views.filing")
    config.scan(".views")
    config.include(".evolve")
