"""Feedback workflows: comment, reply, edit, add an addendum, withdraw,
support, report, moderate. What the service does is announced as events
(feedback.events) through the `notify` it is given."""

import random
from datetime import timedelta

from zope.interface import implementer

from ..clock import IClock
from ..events import notify_outside_requests
from ..i18n import _
from ..i18n.detection import detect_language
from ..settings import as_settings, settings_of
from ..verification.services import level_refusal
from .events import (
    AUTOMATIC,
    AddendumAdded,
    CommentApproved,
    CommentEdited,
    CommentHidden,
    CommentPosted,
    CommentReleased,
    CommentRestored,
    CommentWithdrawn,
    ReportsEscalated,
)
from .interfaces import FeedbackError, IFeedbackService, VerificationRequired
from .models import CHANNELS, MAX_DEPTH, STANCES, VISIBLE, Addendum, Comment, ModerationRecord
from .report_weight import ReportWeights

MIN_REASON = 3


def check_level(consultation, person, action):
    """Refuse (VerificationRequired) when `person` lacks the verification
    level `consultation` requires for "comment" or "support"."""
    message = level_refusal(consultation, person, action)
    if message is not None:
        raise VerificationRequired(message)


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


@implementer(IFeedbackService)
class FeedbackService:
    def __init__(self, clock, settings, rng=random, notify=None, request=None):
        self.clock = clock
        self.rng = rng
        self.notify = notify or notify_outside_requests
        self.request = request  # what the events carry
        settings = as_settings(settings)
        # The weight of reports (report_weight) that hides a comment.
        self.reports_to_hide = settings["consult.reports_to_hide"]
        self.report_weights = ReportWeights.from_settings(settings)
        self.edit_window = timedelta(minutes=settings["consult.edit_window_minutes"])
        self.max_length = settings["consult.max_comment_length"]
        self.max_addendum_length = settings["consult.max_addendum_length"]
        self.max_addenda = settings["consult.max_addenda"]

    # -- posting -------------------------------------------------------------
    def check_stage_open(self, consultation, target):
        stage = consultation.stage_for_target(target)
        if consultation.published_at is None or not stage.is_open(self.clock.now()):
            raise FeedbackError(_("Comments are not accepted now: this stage is not open."))
        return stage

    def check_text(self, text):
        text = (text or "").strip()
        if not text:
            raise FeedbackError(_("Please write your comment."))
        if len(text) > self.max_length:
            raise FeedbackError(
                _(
                    "Your comment is ${length} characters long; the limit is "
                    "${limit}. Please shorten it.",
                    mapping={"length": len(text), "limit": self.max_length},
                )
            )
        return text

    def post(self, consultation, target, author, text, stance, parent=None, to_ministry=False):
        check_level(consultation, author, "comment")
        if stance not in STANCES:
            raise FeedbackError(_("Choose whether you are for, against or neutral."))
        kind, found = consultation.find_target(target)
        if found is None:
            raise FeedbackError(_("This part of the draft no longer exists."))
        if parent is not None:
            if parent.target != target:
                raise FeedbackError(_("A reply must stay in its thread."))
            if parent.depth >= MAX_DEPTH:
                raise FeedbackError(
                    _(
                        "Replies cannot nest deeper than ${depth} levels.",
                        mapping={"depth": MAX_DEPTH},
                    )
                )
            if not parent.visible:
                raise FeedbackError(_("This comment cannot be answered any more."))
        stage = self.check_stage_open(consultation, target)
        comment = Comment(
            target,
            author.id,
            author.public_name,
            self.check_text(text),
            stance,
            self.clock.now(),
            parent=parent,
        )
        comment.stage = stage.kind
        comment.to_ministry = parent is not None and bool(to_ministry)
        draft = consultation.current_draft()
        if kind in ("article", "paragraph") and draft is not None:
            comment.draft_version = draft.version
        if consultation.premoderation:
            comment.state = "pending"
        if not author.confirmed:
            # Held until the address is confirmed (release_held): a throwaway
            # address cannot publish anything.
            comment.state = "pending"
            comment.held_for_confirmation = True
        consultation.comments.add(comment, rng=self.rng)
        self.notify(CommentPosted(self.request, comment))
        return comment

    def release_held(self, consultations, person):
        """`person` has confirmed their address: publish the comments they
        wrote before, or leave them to the moderators where the consultation
        moderates every comment first. Returns the comments released."""
        released = []
        for consultation in consultations.values():
            store = consultation.comments
            tree = store.by_author.get(person.id)
            if tree is None:
                continue
            for comment_id in list(tree.values()):
                comment = store.get(comment_id)
                if comment is None or not comment.held_for_confirmation:
                    continue
                comment.held_for_confirmation = False
                if comment.state == "pending" and not consultation.premoderation:
                    store.set_state(comment, VISIBLE)
                self.notify(CommentReleased(self.request, comment))
                released.append(comment)
        return released

    # -- offline comments (consult.imports) --------------------------------------
    def import_comment(
        self,
        consultation,
        target,
        author,
        author_name,
        text,
        stance,
        created,
        channel,
        import_key,
        hidden_reason=None,
    ):
        """Add a comment received offline (or exported from Polis) as it was
        written: its own date, its author's name as given (`author` is a
        synthetic id, no account), no stage or length of time checks. A key
        imported already returns the comment it brought, unchanged. With
        `hidden_reason` the comment is stored hidden, with that reason."""
        store = consultation.comments
        existing = store.find_imported(import_key)
        if existing is not None:
            return existing
        if stance not in STANCES:
            raise FeedbackError(_("Choose whether you are for, against or neutral."))
        if channel not in CHANNELS:
            raise ValueError(channel)
        kind, found = consultation.find_target(target)
        if found is None:
            raise FeedbackError(_("This part of the draft no longer exists."))
        comment = Comment(target, author, author_name, self.check_text(text), stance, created)
        comment.channel = channel
        comment.import_key = import_key
        comment.stage = consultation.stage_for_target(target).kind
        draft = consultation.current_draft()
        if kind in ("article", "paragraph") and draft is not None:
            comment.draft_version = draft.version
        if hidden_reason:
            comment.state = "hidden"
            comment.record(ModerationRecord("hidden", None, self.clock.now(), hidden_reason))
        elif consultation.premoderation:
            comment.state = "pending"
        store.add(comment, rng=self.rng)
        self.notify(CommentPosted(self.request, comment))
        return comment

    # -- the author's own actions ---------------------------------------------
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
        comment.replace_text(text, detect_language(text), stance, self.clock.now())
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
        addendum = Addendum(text, detect_language(text), self.clock.now())
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
        comment.record(ModerationRecord("withdrawn", author.id, self.clock.now(), ""))
        self.notify(CommentWithdrawn(self.request, comment))

    # -- everyone's actions ------------------------------------------------------
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

    # -- moderators ---------------------------------------------------------------
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


def feedback_service_factory(context, request):
    return FeedbackService(
        request.find_service(IClock),
        settings_of(request),
        notify=request.registry.notify,
        request=request,
    )
