"""The moderators' decisions on a comment: hide it, restore it, approve it,
or settle its reports by hiding it or keeping it; each with a reason its
author sees, kept in the comment's record. A decision settles the reports
made until then, and the event that announces it names their authors
(they are told the outcome)."""

from functools import partial

from ..i18n import _
from .comments import VISIBLE, ModerationRecord
from .events import CommentApproved, CommentHidden, CommentRestored
from .interfaces import FeedbackError

# The shortest reason accepted, for a report as for a moderator's decision.
MIN_REASON = 3
# What a moderator may do with a reported comment (FeedbackService.resolve).
RESOLUTIONS = ("hide", "keep")


def check_reason(reason, message):
    """`reason` stripped, or FeedbackError(`message`) when it is too short."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise FeedbackError(message)
    return reason


class Moderation:
    """The moderators' actions (a part of FeedbackService, whose `clock`,
    `notify` and `request` it reads)."""

    def _moderate(self, consultation, comment, moderator, action, state, reason, event):
        reason = check_reason(reason, _("Please give a reason: the author will see it."))
        if comment.state == "withdrawn":
            raise FeedbackError(_("The author has withdrawn this comment."))
        if comment.appeal is not None and comment.appeal.open:
            raise FeedbackError(
                _("Its author has appealed: another moderator decides, on the appeal page.")
            )
        store = consultation.comments
        reporters = [userid for userid, *_report in comment.open_reports()]
        store.set_state(comment, state)
        comment.record(ModerationRecord(action, moderator.id, self.clock.now(), reason))
        store.clear_review(comment)
        store.reports_decided(comment)
        comment.mark_reviewed()
        self.notify(event(self.request, comment, reason, actor=moderator.id, reporters=reporters))

    def hide(self, consultation, comment, moderator, reason):
        self._moderate(consultation, comment, moderator, "hidden", "hidden", reason, CommentHidden)

    def restore(self, consultation, comment, moderator, reason):
        self._moderate(
            consultation, comment, moderator, "restored", VISIBLE, reason, CommentRestored
        )

    def approve(self, consultation, comment, moderator, reason):
        """Publish a comment awaiting approval, or keep shown one that was
        reported (its reports are settled)."""
        reported = comment.awaiting_review or comment.open_reports()
        if not (comment.state == "pending" or (comment.visible and reported)):
            raise FeedbackError(_("This comment is not waiting for approval."))
        event = partial(CommentApproved, published=comment.state == "pending")
        self._moderate(consultation, comment, moderator, "approved", VISIBLE, reason, event)

    def resolve(self, consultation, comment, moderator, decision, reason):
        """Settle the reports of `comment`: "hide" it (or keep it hidden),
        or "keep" it shown (or show it again, when its reports hid it)."""
        if decision not in RESOLUTIONS:
            raise ValueError(decision)
        if not (comment.awaiting_review or comment.open_reports()):
            raise FeedbackError(_("This comment has no reports waiting for a decision."))
        if decision == "hide":
            self.hide(consultation, comment, moderator, reason)
        elif comment.state == "hidden":
            self.restore(consultation, comment, moderator, reason)
        else:
            self.approve(consultation, comment, moderator, reason)
