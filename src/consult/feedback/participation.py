"""What every confirmed participant may do with others' comments: support
them (and take a support back), and report them; reports that weigh enough hide a comment (or send an
answered one to the moderators) until a moderator decides."""

from ..i18n import _
from . import activity
from .comments import ModerationRecord
from .events import AUTOMATIC, CommentHidden, ReportsEscalated
from .interfaces import FeedbackError
from .moderation import MIN_REASON
from .posting import check_level


class Participation:
    """Supports and reports (a part of FeedbackService, whose `clock`,
    `notify`, `request`, `report_weights` and `reports_to_hide` it reads)."""

    def support(self, comment, person):
        if comment.__parent__ is not None:
            check_level(comment.__parent__.__parent__, person, "support")
        if not comment.visible:
            raise FeedbackError(_("This comment cannot be supported."))
        if comment.author == person.id:
            raise FeedbackError(_("You cannot support your own comment."))
        store = comment.__parent__
        if store.supports(comment, person.id):
            raise FeedbackError(_("You already support this comment."))
        store.add_support(comment, person.id)
        activity.record(comment, "supports", person.id, self.clock.now())

    def withdraw_support(self, comment, person):
        store = comment.__parent__
        if not store.supports(comment, person.id):
            raise FeedbackError(_("You do not support this comment."))
        store.remove_support(comment, person.id)
        activity.forget(comment, "supports", person.id)

    def report(self, consultation, comment, person, reason):
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON:
            raise FeedbackError(_("Please say why you report this comment."))
        if person.id in comment.reports:
            raise FeedbackError(_("You have reported this comment already."))
        if not comment.visible:
            raise FeedbackError(_("This comment is already awaiting review."))
        now = self.clock.now()
        comment.add_report(
            person.id, reason[:1000], now, self.report_weights.weight_of(person, now)
        )
        activity.record(comment, "reports", person.id, now)
        # Every report reaches the moderators' queue, whatever it weighs.
        consultation.comments.note_report(comment)
        # Reports a moderator has already reviewed do not count again.
        if not comment.awaiting_review and comment.weight_since_review() >= self.reports_to_hide:
            self._reports_reached_threshold(consultation.comments, comment, now)
        return comment

    def _reports_reached_threshold(self, store, comment, now):
        """Hide `comment` until a moderator reviews it; but a comment the
        ministry has answered stays shown, with its answer, and goes to the
        moderators' queue: reports alone never take an answer off the record."""
        weight = f"{comment.weight_since_review():g}"
        store.flag_for_review(comment)
        if store.is_answered(comment):
            why = (
                f"reports weighing {weight} on an answered comment; "
                "shown until a moderator reviews it"
            )
            comment.record(ModerationRecord("escalated", None, now, why))
            self.notify(ReportsEscalated(self.request, comment, why, actor=AUTOMATIC))
        else:
            why = f"reports weighing {weight}; hidden until a moderator reviews it"
            store.set_state(comment, "hidden")
            comment.record(ModerationRecord("auto-hidden", None, now, why))
            self.notify(CommentHidden(self.request, comment, why, actor=AUTOMATIC))
