"""Feedback workflows: comment, reply, edit, withdraw, support, report, moderate."""
import random
from datetime import timedelta

from zope.interface import Interface, implementer

from ..i18n import _
from ..i18n.detection import detect_language
from ..search.changes import comment_changed
from .models import CHANNELS, MAX_DEPTH, STANCES, VISIBLE, Comment, ModerationRecord

MIN_REASON = 3


class IFeedbackService(Interface):
    pass


class FeedbackError(ValueError):
    """A refusal the person can act on; `message` is translatable."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@implementer(IFeedbackService)
class FeedbackService:
    def __init__(self, clock, settings, rng=random):
        self.clock = clock
        self.rng = rng
        self.reports_to_hide = int(settings.get("consult.reports_to_hide", 3))
        self.edit_window = timedelta(minutes=int(settings.get("consult.edit_window_minutes", 15)))
        self.max_length = int(settings.get("consult.max_comment_length", 10000))

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
            raise FeedbackError(_("Your comment is ${length} characters long; the limit is "
                                  "${limit}. Please shorten it.",
                                  mapping={"length": len(text), "limit": self.max_length}))
        return text

    def post(self, consultation, target, author, text, stance, parent=None, to_ministry=False):
        from ..verification.services import check_level

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
                raise FeedbackError(_("Replies cannot nest deeper than ${depth} levels.",
                                      mapping={"depth": MAX_DEPTH}))
            if not parent.visible:
                raise FeedbackError(_("This comment cannot be answered any more."))
        stage = self.check_stage_open(consultation, target)
        comment = Comment(target, author.id, author.public_name, self.check_text(text), stance,
                          self.clock.now(), parent=parent)
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
        return consultation.comments.add(comment, rng=self.rng)

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
                else:
                    comment_changed(comment)
                released.append(comment)
        return released

    # -- offline comments (consult.imports) --------------------------------------
    def import_comment(self, consultation, target, author, author_name, text, stance,
                       created, channel, import_key, hidden_reason=None):
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
        return store.add(comment, rng=self.rng)

    # -- the author's own actions ---------------------------------------------
    def can_edit(self, comment, author):
        """Authors may correct a comment for a short while, and never after
        its stage has closed: what was said by the closing time is the record."""
        consultation = comment.__parent__.__parent__ if comment.__parent__ else None
        stage_open = consultation is None or consultation.stage_for_target(
            comment.target).is_open(self.clock.now())
        return (author is not None and comment.author == author.id
                and comment.state in (VISIBLE, "pending") and stage_open
                and self.clock.now() - comment.created <= self.edit_window)

    def edit(self, consultation, comment, author, text, stance):
        if not self.can_edit(comment, author):
            raise FeedbackError(_("A comment can be edited only by its author, within "
                                  "${minutes} minutes of posting and while its stage is open.",
                                  mapping={"minutes": int(self.edit_window.total_seconds() // 60)}))
        if stance not in STANCES:
            raise FeedbackError(_("Choose whether you are for, against or neutral."))
        text = self.check_text(text)
        store = consultation.comments
        if comment.parent_id is None and comment.state == VISIBLE and stance != comment.stance:
            store._count_visible(comment, -1)
            comment.stance = stance
            store._count_visible(comment, +1)
        comment.stance = stance
        comment.text = text
        comment.language = detect_language(text)
        comment.edited_at = self.clock.now()
        comment_changed(comment)

    def withdraw(self, consultation, comment, author):
        """The text is kept for the record but no longer shown."""
        if author is None or comment.author != author.id:
            raise FeedbackError(_("Only the author can withdraw a comment."))
        if comment.state == "withdrawn":
            return
        consultation.comments.set_state(comment, "withdrawn")
        comment.record(ModerationRecord("withdrawn", author.id, self.clock.now(), ""))

    # -- everyone's actions ------------------------------------------------------
    def support(self, comment, person):
        from ..verification.services import check_level

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
        comment.add_report(person.id, reason[:1000], self.clock.now())
        # Reports a moderator has already reviewed do not count again.
        if comment.report_count() - comment.reports_at_review >= self.reports_to_hide:
            consultation.comments.set_state(comment, "hidden")
            comment.record(ModerationRecord(
                "auto-hidden", None, self.clock.now(),
                f"{comment.report_count()} reports; hidden until a moderator reviews it"))
            comment.awaiting_review = True
        return comment

    # -- moderators ---------------------------------------------------------------
    def _moderate(self, consultation, comment, moderator, action, state, reason):
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON:
            raise FeedbackError(_("Please give a reason: the author will see it."))
        if comment.state == "withdrawn":
            raise FeedbackError(_("The author has withdrawn this comment."))
        consultation.comments.set_state(comment, state)
        comment.record(ModerationRecord(action, moderator.id, self.clock.now(), reason))
        comment.awaiting_review = False
        comment.reports_at_review = comment.report_count()

    def hide(self, consultation, comment, moderator, reason):
        self._moderate(consultation, comment, moderator, "hidden", "hidden", reason)

    def restore(self, consultation, comment, moderator, reason):
        self._moderate(consultation, comment, moderator, "restored", VISIBLE, reason)

    def approve(self, consultation, comment, moderator, reason):
        if comment.state != "pending":
            raise FeedbackError(_("This comment is not waiting for approval."))
        self._moderate(consultation, comment, moderator, "approved", VISIBLE, reason)


def feedback_service_factory(context, request):
    from ..clock import IClock

    return FeedbackService(request.find_service(IClock), request.registry.settings)
