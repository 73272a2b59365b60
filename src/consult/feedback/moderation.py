"""The moderators' decisions on a comment: hide it, restore it, approve it;
each with a reason its author sees, kept in the comment's record."""

from ..i18n import _
from .comments import VISIBLE, ModerationRecord
from .events import CommentApproved, CommentHidden, CommentRestored
from .interfaces import FeedbackError

# The shortest reason accepted, for a report as for a moderator's decision.
MIN_REASON = 3


class Moderation:
    """The moderators' actions (a part of FeedbackService, whose `clock`,
    `notify` and `request` it reads)."""

    def _moderate(self, consultation, comment, moderator, action, state, reason, event):
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON:
            raise FeedbackError(_("Please give a reason: the author will see it."))
        if comment.state == "withdrawn":
            raise FeedbackError(_("The author has withdrawn this comment."))
        store = consultation.comments
        store.set_state(comment, state)
        comment.record(ModerationRecord(action, moderator.id, self.clock.now(), reason))
        store.clear_review(comment)
        comment.mark_reviewed()
        self.notify(event(self.request, comment, reason, actor=moderator.id))

    def hide(self, consultation, comment, moderator, reason):
        self._moderate(consultation, comment, moderator, "hidden", "hidden", reason, CommentHidden)

    def restore(self, consultation, comment, moderator, reason):
        self._moderate(
            consultation, comment, moderator, "restored", VISIBLE, reason, CommentRestored
        )

    def approve(self, consultation, comment, moderator, reason):
        """Publish a comment awaiting approval, or keep shown one its reports
        sent to the moderators (it was answered, so they did not hide it)."""
        if not (comment.state == "pending" or (comment.visible and comment.awaiting_review)):
            raise FeedbackError(_("This comment is not waiting for approval."))
        self._moderate(
            consultation, comment, moderator, "approved", VISIBLE, reason, CommentApproved
        )
