"""An organisation's consultations, for its page (organisations builds below
consultations and asks through organisations.interfaces.IOrganisationConsultations)."""

from zope.interface import provider

from ..organisations.interfaces import IOrganisationConsultations


@provider(IOrganisationConsultations)
def consultations_of(request, organisation):
    return [
        consultation
        for consultation in request.root["consultations"].by_newest()
        if consultation.organisation == organisation.name
        and request.has_permission("view", consultation)
    ]
