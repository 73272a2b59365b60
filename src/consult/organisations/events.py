"""What happens to organisations, announced for the audit log and for the
capabilities that show an organisation's name (consultations keep a copy of
it as their ministry's name)."""

from ..events import RecordedEvent
from ..i18n import _


class OrganisationEvent(RecordedEvent):
    """The subject is the organisation."""

    def __init__(self, request, organisation):
        super().__init__(request, organisation)
        self.organisation = organisation

    def details(self):
        organisation = self.organisation
        return {
            "kind": organisation.kind,
            "level": organisation.level,
            "kato": organisation.kato or "",
        }


class OrganisationAdded(OrganisationEvent):
    action = "organisation.added"
    title = _("An organisation was added")


class OrganisationChanged(OrganisationEvent):
    """`previous_title`: its names before ({language: name})."""

    action = "organisation.changed"
    title = _("An organisation was changed")
    # Consultations' pages show their organisation's name.
    changes_every_page = True

    def __init__(self, request, organisation, previous_title):
        super().__init__(request, organisation)
        self.previous_title = dict(previous_title)
