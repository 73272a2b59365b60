"""How consultations react to what other capabilities announce: an
organisation renamed (OrganisationChanged) renames the ministry its
consultations show, where they show the names it had."""

from ..organisations.events import OrganisationChanged
from .interfaces import IConsultationService


def rename_ministry(event):
    """Each consultation of the organisation whose ministry text is the
    organisation's former names takes its new ones; a text typed otherwise
    (kept by step 22 or an import) stays."""
    organisation = event.organisation
    if organisation.title == event.previous_title:
        return
    request = event.request
    service = request.find_service(IConsultationService)
    for consultation in request.root["consultations"].values():
        if (
            consultation.organisation == organisation.name
            and consultation.ministry == event.previous_title
        ):
            service.assign_organisation(consultation, organisation)


def includeme(config):
    config.add_subscriber(rename_ministry, OrganisationChanged)
