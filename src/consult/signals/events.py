"""What the burst signals hear from capabilities above them: activity on a
resource that keeps its own activity log (a petition's signatures). Signals
sits below petitions, so it cannot import their events: a petition's
`SignatureAdded` subclasses `ActivityRecorded` here, as petitions'
`PetitionAnswerNews` subclasses notifications' `NewsForPeople`."""

from collections import namedtuple

from ..events import Event

#: What the activity was on: an id and a target (for a petition's
#: signature, the petition's number and "petition").
Subject = namedtuple("Subject", "id target")


class ActivityRecorded(Event):
    """The person asking did `kind` (one of signals.models.KINDS) on
    `subject` within `scope`, the resource whose activity log counts it."""

    kind = None

    def __init__(self, request, scope, subject):
        super().__init__(request)
        self.scope = scope
        self.subject = subject
