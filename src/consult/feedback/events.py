"""What the feedback capability announces (consult.events).

`ParticipationRecorded` tells whoever cares that someone posted, supported
or reported a comment (the burst signals count it). `CommentEdited` and
`AddendumAdded` tell whoever cares that a comment's words changed; they are
not audit entries (the comment keeps its own record
of versions). The moderation events are `RecordedEvent`s: the audit log
keeps each with the comment as its subject, the moderator's reason, and the
comment's state and report weight after the action."""

from ..events import Event, RecordedEvent
from ..i18n import _

# The actor of what the rules did by themselves (hiding or escalating after
# reports): not a userid, so that the last reporter is not taken for it.
AUTOMATIC = "automatic"


class ParticipationRecorded(Event):
    """The person asking did `kind` ("comment", "support" or "report") on
    `comment`, in this request's transaction (a comment that answers
    another is a reply)."""

    def __init__(self, request, kind, comment):
        super().__init__(request)
        self.kind = kind
        self.comment = comment


class CommentEdited(Event):
    """The author replaced the text of `comment`; the replaced text is
    `comment.earlier_texts[-1]`."""

    def __init__(self, request, comment):
        super().__init__(request)
        self.comment = comment


class AddendumAdded(Event):
    """The author added `addendum` under the text of `comment`."""

    def __init__(self, request, comment, addendum):
        super().__init__(request)
        self.comment = comment
        self.addendum = addendum


class _CommentDecision(RecordedEvent):
    def __init__(self, request, comment, reason="", actor=None):
        super().__init__(request, subject=comment, reason=reason)
        if actor is not None:
            self.actor = actor
        # As they are now: a later action must not change what this one recorded.
        self._details = {
            "state": comment.state,
            "report_weight": f"{comment.total_report_weight():g}",
            "reports": str(comment.report_count()),
        }

    def details(self):
        return dict(self._details)


class CommentHidden(_CommentDecision):
    """A moderator hid the comment, or its reports did (actor AUTOMATIC)."""

    action = "comment.hidden"
    title = _("A comment was hidden")


class CommentRestored(_CommentDecision):
    action = "comment.restored"
    title = _("A hidden comment was shown again")


class CommentApproved(_CommentDecision):
    """A moderator published a comment awaiting approval, or kept shown one
    its reports had sent to review."""

    action = "comment.approved"
    title = _("A comment was approved or kept shown")


class ReportsEscalated(_CommentDecision):
    """Reports reached the threshold on a comment the ministry has answered:
    it stays shown and goes to the moderators' queue (actor AUTOMATIC)."""

    action = "comment.reports_escalated"
    title = _("Reports of an answered comment were sent to the moderators")
