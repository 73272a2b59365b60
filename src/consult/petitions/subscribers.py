"""What petitions do when a petition changes state: its search document
follows it (the change feed records the entry in the same transaction; the
search feeder indexes it after the commit, search.sources naming
petitions.search)."""

from .events import PetitionEvent
from .search import petition_changed


def record_petition(event):
    petition_changed(event.petition)


def includeme(config):
    config.add_subscriber(record_petition, PetitionEvent)
