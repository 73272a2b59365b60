"""What an author does to their own comment: edit it while nobody has acted
on it, add dated addenda once its text may no longer change, withdraw it."""

from ..i18n import _
from ..i18n.detection import detect_any_language
from .comments import STANCES, VISIBLE, Addendum, ModerationRecord
from .events import AddendumAdded, CommentEdited, CommentWithdrawn
from .interfaces import FeedbackError

# Why a comment's text may no longer change (CommentStore.text_frozen).
FROZEN = {
    "answered": _(
        "The ministry has answered this comment, so its text can no longer "
        "change. You can add a dated addendum under it."
    ),
    "replied": _(
        "Someone has replied to this comment, so its text can no longer change. "
        "You can add a dated addendum under it."
    ),
    "moderated": _(
        "A moderator has decided on this comment, so its text can no longer "
        "change. You can add a dated addendum under it."
    ),
    "reported": _(
        "This comment is awaiting a moderator's review, so its text can no "
        "longer change. You can add a dated addendum under it."
    ),
}


class Editing:
    """The author's own actions (a part of FeedbackService, whose `clock`,
    `notify`, `request`, edit window and limits it reads, and whose
    `check_text` (feedback.posting) checks an edited text like a new one)."""

    def _may_change(self, comment, author):
        """The author's own shown (or pending) comment, while its stage is
        open: what was said by the closing time is the record."""
        if author is None or comment.author != author.id:
            return False
        if comment.state not in (VISIBLE, "pending"):
            return False
        consultation = comment.__parent__.__parent__ if comment.__parent__ else None
        return consultation is None or consultation.stage_for_target(comment.target).is_open(
            self.clock.now()
        )

    def _in_edit_window(self, comment):
        return self.clock.now() - comment.created <= self.edit_window

    def frozen_reason(self, comment):
        """Why the text of `comment` may no longer change (a key of FROZEN), or None."""
        store = comment.__parent__
        return store.text_frozen(comment) if store is not None else None

    def can_edit(self, comment, author):
        """Authors may correct a comment for a short while, until someone has
        acted on it (an answer, a reply, a moderator's decision)."""
        return (
            self._may_change(comment, author)
            and self._in_edit_window(comment)
            and self.frozen_reason(comment) is None
        )

    def can_add_addendum(self, comment, author):
        """Once its text may no longer be edited, the author may add to it,
        up to `max_addenda` times, while its stage is open."""
        return (
            self._may_change(comment, author)
            and len(comment.addenda) < self.max_addenda
            and not (self._in_edit_window(comment) and self.frozen_reason(comment) is None)
        )

    def edit_refusal(self, comment, author):
        """Why `author` may not edit `comment` (a translatable message), or None."""
        if self.can_edit(comment, author):
            return None
        if self._may_change(comment, author):
            reason = self.frozen_reason(comment)
            if reason is not None:
                return FROZEN[reason]
        return _(
            "A comment can be edited only by its author, within ${minutes} minutes of "
            "posting and while its stage is open.",
            mapping={"minutes": int(self.edit_window.total_seconds() // 60)},
        )

    def edit(self, consultation, comment, author, text, stance):
        """Replace the text; the replaced one is kept among the earlier versions."""
        refusal = self.edit_refusal(comment, author)
        if refusal is not None:
            raise FeedbackError(refusal)
        if stance not in STANCES:
            raise FeedbackError(_("Choose whether you are for, against or neutral."))
        text = self.check_text(text)
        store = consultation.comments
        # The thread's stance balance counts shown top-level comments.
        counted = (
            comment.parent_id is None and comment.state == VISIBLE and stance != comment.stance
        )
        if counted:
            store._count_visible(comment, -1)
        comment.replace_text(text, detect_any_language(text), stance, self.clock.now())
        if counted:
            store._count_visible(comment, +1)
        self.notify(CommentEdited(self.request, comment))

    def check_addendum(self, text):
        text = (text or "").strip()
        if not text:
            raise FeedbackError(_("Please write your addendum."))
        if len(text) > self.max_addendum_length:
            raise FeedbackError(
                _(
                    "Your addendum is ${length} characters long; the limit is "
                    "${limit}. Please shorten it.",
                    mapping={"length": len(text), "limit": self.max_addendum_length},
                )
            )
        return text

    def addendum_refusal(self, comment, author):
        """Why `author` may not add an addendum to `comment` (a translatable
        message), or None."""
        if self.can_add_addendum(comment, author):
            return None
        if self.can_edit(comment, author):
            return _("You can still edit this comment: correct its text instead.")
        if self._may_change(comment, author):
            return _(
                "A comment can have at most ${count} addenda.", mapping={"count": self.max_addenda}
            )
        return _(
            "Only the author can add an addendum, while the comment is shown and its stage is open."
        )

    def add_addendum(self, consultation, comment, author, text):
        """A dated addendum under the text; once added it does not change."""
        refusal = self.addendum_refusal(comment, author)
        if refusal is not None:
            raise FeedbackError(refusal)
        text = self.check_addendum(text)
        addendum = Addendum(text, detect_any_language(text), self.clock.now())
        comment.add_addendum(addendum)
        self.notify(AddendumAdded(self.request, comment, addendum))
        return addendum

    def withdraw(self, consultation, comment, author):
        """The text is kept for the record but no longer shown."""
        if author is None or comment.author != author.id:
            raise FeedbackError(_("Only the author can withdraw a comment."))
        if comment.state == "withdrawn":
            return
        consultation.comments.set_state(comment, "withdrawn")
        consultation.comments.clear_review(comment)
        consultation.comments.reports_decided(comment)
        consultation.comments.appeal_decided(comment)
        comment.record(ModerationRecord("withdrawn", author.id, self.clock.now(), ""))
        self.notify(CommentWithdrawn(self.request, comment))
