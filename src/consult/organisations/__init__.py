"""Organisations: the state bodies (ministries, akimats, maslikhats,
agencies) that publish consultations and owe answers, the territories they
serve (KATO), their staff's roles and their public pages."""

from .interfaces import IOrganisationService
from .services import organisation_service_factory


def includeme(config):
    config.register_service_factory(organisation_service_factory, IOrganisationService)
    config.scan(".views")
    config.scan(".editing")
    config.include(".evolve")
