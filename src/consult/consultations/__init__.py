"""Consultations: stages, stage documents, structured drafts."""

from ..organisations.interfaces import IOrganisationConsultations
from ..revisions import IPageTimes
from .interfaces import IConsultationService
from .organisation import consultations_of
from .page_times import stage_statuses
from .services import consultation_service_factory


def includeme(config):
    config.register_service_factory(consultation_service_factory, IConsultationService)
    # An organisation's page lists them through it: organisations builds below.
    config.registry.registerUtility(consultations_of, IOrganisationConsultations)
    # The validators of its shared pages change when a stage opens or closes.
    config.registry.registerUtility(stage_statuses, IPageTimes)
    # Its upload forms declare their own body bound (`body_limit`).
    config.include("consult.bodies")
    config.scan(".views")
    config.include(".subscribers")
    config.include(".evolve")
