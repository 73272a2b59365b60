"""What happens to a citizens' jury that belongs on the public record.
Roles on a jury (organisers, experts, jurors) are announced by accounts'
RoleGranted and RoleRevoked."""

from ..events import Event, RecordedEvent
from ..i18n import _


class FindingsChanged(Event):
    """`jury`'s public findings changed: they were submitted, or the
    ministry answered (or revised its answer to) a recommendation. The
    change feed records it for the search index."""

    def __init__(self, request, jury):
        super().__init__(request)
        self.jury = jury


class DrawAnnounced(RecordedEvent):
    action = "jury.draw_announced"
    title = _("A jury draw was announced")

    def details(self):
        return {
            "number": self.subject.number,
            "kind": self.subject.kind,
            "seed sha256": self.subject.seed_hash,
            "algorithm": self.subject.algorithm_requested,
        }


class DrawStarted(RecordedEvent):
    action = "jury.draw_started"
    title = _("A jury draw was started")

    def details(self):
        return {"number": self.subject.number, "pool": len(self.subject.pseudonyms or ())}


class DrawFinished(RecordedEvent):
    """Announced by the draw's worker, outside any request."""

    action = "jury.draw_finished"
    title = _("A jury draw finished")

    def details(self):
        draw = self.subject
        details = {"number": draw.number, "status": draw.status}
        if draw.status == "done":
            details.update(
                {
                    "algorithm used": draw.algorithm_used,
                    "selected": len(draw.selected),
                    "seed": draw.seed,
                }
            )
        else:
            details["error"] = draw.error
        return details


class PanelInvited(RecordedEvent):
    action = "jury.invited"
    title = _("People drawn for a jury were invited")

    def __init__(self, request, jury, count):
        super().__init__(request, jury)
        self.count = count

    def details(self):
        return {"invited": self.count}


class FindingsSubmitted(RecordedEvent):
    action = "jury.findings_submitted"
    title = _("A jury's findings were submitted")


class RecommendationAnswered(RecordedEvent):
    """The ministry's answer to a jury recommendation, or its revision
    (`reason`: why it was revised)."""

    action = "jury.recommendation_answered"
    title = _("A jury recommendation was answered")

    def __init__(self, request, jury, recommendation_id, disposition, reason=""):
        super().__init__(request, jury, reason=reason)
        self.recommendation_id = recommendation_id
        self.disposition = disposition

    def details(self):
        return {"recommendation": self.recommendation_id, "disposition": self.disposition}
