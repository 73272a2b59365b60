"""How the burst signals learn what people do: feedback announces each
comment, support and report (ParticipationRecorded), and the signals count
it in the same transaction; a new consultation gets its activity log at
once (ConsultationCreated)."""

from ..consultations.events import ConsultationCreated
from ..feedback.events import ParticipationRecorded
from ..limits import who
from .events import ActivityRecorded
from .interfaces import ISignalService
from .models import activity_log
from .services import record


def count_participation(event):
    record(event.request, event.kind, event.comment)


def count_activity(event):
    """A signature (or other activity announced by a capability above
    signals) goes to its scope's activity log, made at the first one."""
    request = event.request
    _account, address = who(request)
    request.find_service(ISignalService).record(
        event.scope, event.kind, event.subject, request.identity, address
    )


def open_activity_log(event):
    # Made now rather than by the first comment: otherwise the first burst
    # of writers would all conflict on creating it.
    activity_log(event.consultation, create=True)


def includeme(config):
    config.add_subscriber(count_participation, ParticipationRecorded)
    config.add_subscriber(open_activity_log, ConsultationCreated)
    config.add_subscriber(count_activity, ActivityRecorded)
