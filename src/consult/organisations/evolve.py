"""Evolution steps of the organisations (registered in the one ordered list,
resources.evolution)."""

from .models import Organisations
from .services import OrganisationService


def evolve_22_organisations(root):
    """Make the organisations' container, an organisation for each distinct
    ministry named on a consultation (the shipped body when the name is one
    of its names), and name each consultation's organisation.

    Consultations build above organisations and cannot be imported here: the
    step reads each consultation's `ministry` texts and sets its
    `organisation` (the organisation's address; consultations.models
    declares it, None by default). The ministry texts stay as they were, so
    the consultations' addresses and every link to them are unchanged."""
    if "organisations" not in root:
        root.add("organisations", Organisations())
    service = OrganisationService(root["organisations"])
    for consultation in root["consultations"].values():
        if getattr(consultation, "organisation", None) is not None:
            continue
        organisation = service.for_ministry(consultation.ministry)
        if organisation is not None:
            consultation.organisation = organisation.name


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(22, evolve_22_organisations)
