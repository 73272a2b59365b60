"""What petitions announce: each change of a petition's state, for the
audit log and whoever else listens."""

from ..events import RecordedEvent
from ..i18n import _
from ..notifications.events import NewsForPeople
from ..signals.events import ActivityRecorded, Subject


class PetitionEvent(RecordedEvent):
    def __init__(self, request, petition, reason="", actor=None):
        super().__init__(request, petition, reason=reason, actor=actor)
        self.petition = petition

    def details(self):
        return {"state": self.petition.state, "addressee": self.petition.addressee}


class PetitionSubmitted(PetitionEvent):
    action = "petition.submitted"
    title = _("A petition was submitted for sponsors")


class PetitionInModeration(PetitionEvent):
    action = "petition.in_moderation"
    title = _("A petition reached its sponsors and went to moderation")


class PetitionApproved(PetitionEvent):
    action = "petition.approved"
    title = _("A petition was approved and opened for signatures")


class PetitionRejected(PetitionEvent):
    action = "petition.rejected"
    title = _("A petition was rejected")


class PetitionThresholdReached(PetitionEvent):
    action = "petition.threshold_reached"
    title = _("A petition reached its threshold: an answer is due")


class PetitionAnswered(PetitionEvent):
    action = "petition.answered"
    title = _("A petition was answered")


class PetitionAnswerRevised(PetitionEvent):
    action = "petition.answer_revised"
    title = _("The answer to a petition was revised")


class PetitionAnswerNews(NewsForPeople):
    """The signers who asked to hear of the answer (notifications tells them)."""

    kind = "petition"


class SignaturesInvalidated(PetitionEvent):
    """Moderators invalidated signatures in bulk (invalidation.Invalidation)."""

    action = "petition.signatures_invalidated"
    title = _("Signatures of a petition were invalidated")

    def __init__(self, request, petition, invalidation):
        super().__init__(request, petition, reason=invalidation.reason)
        self.invalidation = invalidation

    def details(self):
        condition = self.invalidation.condition
        return {
            **super().details(),
            "count": str(self.invalidation.count),
            **{name: str(value) for name, value in condition.__dict__.items() if value is not None},
        }


class SignatureAdded(ActivityRecorded):
    """A person signed a petition (the burst signals count it in the
    petition's own activity log)."""

    kind = "signature"

    def __init__(self, request, petition):
        super().__init__(request, petition, Subject(petition.__name__, "petition"))
        self.petition = petition
