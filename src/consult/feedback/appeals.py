"""The author's one appeal against a moderator's hiding of their comment,
and its decision by another moderator than the one who hid it: a second
look, not the first moderator reviewing themselves."""

from ..i18n import _
from .comments import VISIBLE, Appeal, ModerationRecord
from .events import AppealDecided, CommentAppealed
from .interfaces import FeedbackError
from .moderation import check_reason

MAX_APPEAL = 2000  # characters kept of an appeal's text
APPEAL_DECISIONS = ("restore", "uphold")


class Appeals:
    """Appeals (a part of FeedbackService, whose `clock`, `notify` and
    `request` it reads)."""

    def appeal_refusal(self, comment, author):
        """Why `author` may not appeal against the hiding of `comment`, or None."""
        if author is None or comment.author != author.id:
            return _("Only the author of a comment can appeal.")
        if comment.state != "hidden" or comment.last_hidden_by() is None:
            return _("Only a comment a moderator has hidden can be appealed.")
        if comment.appeal is not None:
            return _("You have appealed already: a comment can be appealed once.")
        return None

    def appeal(self, consultation, comment, author, text):
        refusal = self.appeal_refusal(comment, author)
        if refusal is not None:
            raise FeedbackError(refusal)
        text = check_reason(text, _("Please say why the comment should be shown again."))
        now = self.clock.now()
        comment.appeal = Appeal(text[:MAX_APPEAL], now, comment.last_hidden_by())
        comment.record(ModerationRecord("appealed", author.id, now, comment.appeal.text))
        consultation.comments.note_appeal(comment)
        self.notify(CommentAppealed(self.request, comment, comment.appeal.text, actor=author.id))
        return comment.appeal

    def appeal_decision_refusal(self, comment, moderator):
        """Why `moderator` may not decide the appeal on `comment`, or None."""
        appeal = comment.appeal
        if appeal is None or not appeal.open or comment.state != "hidden":
            return _("This comment has no appeal waiting for a decision.")
        if moderator is None or moderator.id == appeal.hidden_by:
            return _("You hid this comment: another moderator decides the appeal.")
        return None

    def decide_appeal(self, consultation, comment, moderator, decision, reason):
        if decision not in APPEAL_DECISIONS:
            raise ValueError(decision)
        refusal = self.appeal_decision_refusal(comment, moderator)
        if refusal is not None:
            raise FeedbackError(refusal)
        reason = check_reason(reason, _("Please give a reason: the author will see it."))
        now = self.clock.now()
        store = consultation.comments
        restored = decision == "restore"
        if restored:
            store.set_state(comment, VISIBLE)
        comment.appeal = comment.appeal.decided(
            "restored" if restored else "upheld", moderator.id, now
        )
        comment.record(
            ModerationRecord(
                "appeal-restored" if restored else "appeal-upheld", moderator.id, now, reason
            )
        )
        store.appeal_decided(comment)
        self.notify(AppealDecided(self.request, comment, reason, actor=moderator.id))
        return comment.appeal
