"""Consultations: stages, stage documents, structured drafts."""

from .interfaces import IConsultationService
from .services import consultation_service_factory


def includeme(config):
    config.register_service_factory(consultation_service_factory, IConsultationService)
    # Its upload forms declare their own body bound (`body_limit`).
    config.include("consult.bodies")
    config.scan(".views")
    config.include(".evolve")
