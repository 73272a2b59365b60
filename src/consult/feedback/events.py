"""What the feedback capability announces (consult.events).

`CommentPosted`, `CommentChanged` (edited, an addendum, withdrawn,
relabelled) and `CommentModerated` (hidden, shown, approved, released) tell
whoever cares that a comment is new or different (the change feed records
it for the search index and the campaign worker); the service (or the
evolution step) notifies them in the transaction that made the change. `ParticipationRecorded` tells whoever
cares that someone posted, supported or reported a comment (the burst
signals count it). The changes of words are not audit entries (the comment
keeps its own record of versions). The moderators' decisions are
`RecordedEvent`s: the audit log keeps each with the comment as its subject,
the moderator's reason, and the comment's state and report weight after the
action (and how many reports it settled); the author's appeal and its
decision by another moderator are recorded likewise."""

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


class CommentPosted(Event):
    """`comment` was added to its consultation (posted, or imported)."""

    def __init__(self, request, comment):
        super().__init__(request)
        self.comment = comment


class CommentChanged(Event):
    """`comment` changed, by its author's doing but for a relabelling (the
    kinds below say how)."""

    def __init__(self, request, comment):
        super().__init__(request)
        self.comment = comment


class CommentEdited(CommentChanged):
    """The author replaced the text of `comment`; the replaced text is
    `comment.earlier_texts[-1]`."""


class AddendumAdded(CommentChanged):
    """The author added `addendum` under the text of `comment`."""

    def __init__(self, request, comment, addendum):
        super().__init__(request, comment)
        self.addendum = addendum


class CommentRelabelled(CommentChanged):
    """Evolution step 25 gave `comment` the language detection finds now
    (German instead of `en`, Chinese instead of `ru`): not the author's
    doing, but its search document is analysed in another language."""


class CommentWithdrawn(CommentChanged):
    """The author withdrew `comment`: kept for the record, no longer shown."""


class AuthorPseudonymised(CommentChanged):
    """The author of `comment` closed their account: it is shown under
    their pseudonym from now on (the search index hears it)."""


class CommentModerated(Event):
    """`comment` changed state by someone else's decision: a moderator's,
    its reports' (the subclasses below, which the audit log records too), or
    the confirmation of its author's address (CommentReleased)."""

    def __init__(self, request, comment=None):
        super().__init__(request)
        if comment is not None:
            self.comment = comment


class CommentReleased(CommentModerated):
    """`comment` was held until its author confirmed their address: it is
    published now, or left to the moderators where they approve first."""


class _CommentDecision(RecordedEvent):
    """`reporters`: the userids whose reports this decision settles (they
    are told the outcome: feedback.subscribers)."""

    def __init__(self, request, comment, reason="", actor=None, reporters=()):
        super().__init__(request, subject=comment, reason=reason)
        self.comment = comment
        self.reporters = tuple(reporters)
        if actor is not None:
            self.actor = actor
        # As they are now: a later action must not change what this one recorded.
        self._details = {
            "state": comment.state,
            "report_weight": f"{comment.total_report_weight():g}",
            "reports": str(comment.report_count()),
        }
        if self.reporters:
            self._details["reports_decided"] = str(len(self.reporters))

    def details(self):
        return dict(self._details)


class CommentHidden(_CommentDecision, CommentModerated):
    """A moderator hid the comment, or its reports did (actor AUTOMATIC)."""

    action = "comment.hidden"
    title = _("A comment was hidden")


class CommentRestored(_CommentDecision, CommentModerated):
    action = "comment.restored"
    title = _("A hidden comment was shown again")


class CommentApproved(_CommentDecision, CommentModerated):
    """A moderator published a comment awaiting approval, or kept shown one
    its reports had sent to review."""

    action = "comment.approved"
    title = _("A comment was approved or kept shown")

    def __init__(self, request, comment, reason="", actor=None, reporters=(), published=False):
        super().__init__(request, comment, reason, actor, reporters)
        # Shown for the first time (it awaited approval): its readers hear of it now.
        self.published = published


class ReportsEscalated(_CommentDecision):
    """Reports reached the threshold on a comment the ministry has answered:
    it stays shown and goes to the moderators' queue (actor AUTOMATIC)."""

    action = "comment.reports_escalated"
    title = _("Reports of an answered comment were sent to the moderators")


class CommentAppealed(_CommentDecision):
    """The author appealed against a moderator's hiding of `comment` (the
    reason is the appeal's text); another moderator decides."""

    action = "comment.appealed"
    title = _("The author of a hidden comment appealed")


class AppealDecided(_CommentDecision, CommentModerated):
    """A moderator other than the one who hid `comment` decided its
    author's appeal: `comment.appeal.decision` is "restored" (shown again)
    or "upheld" (stays hidden)."""

    action = "comment.appeal_decided"
    title = _("An appeal against hiding a comment was decided")

    def __init__(self, request, comment, reason="", actor=None):
        super().__init__(request, comment, reason, actor)
        self._details["decision"] = comment.appeal.decision
