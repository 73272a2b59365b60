"""How the burst signals learn what people do: feedback announces each
comment, support and report (ParticipationRecorded), and the signals count
it in the same transaction."""

from ..feedback.events import ParticipationRecorded
from .services import record


def count_participation(event):
    record(event.request, event.kind, event.comment)


def includeme(config):
    config.add_subscriber(count_participation, ParticipationRecorded)
