"""Posting comments: a comment or a reply written on the site, a comment
received offline and imported, and the comments held until their author
confirmed their address, released."""

from ..i18n import _
from ..verification.services import level_refusal
from .comments import CHANNELS, MAX_DEPTH, STANCES, VISIBLE, Comment, ModerationRecord
from .events import CommentPosted, CommentReleased
from .interfaces import FeedbackError, VerificationRequired


def check_level(consultation, person, action):
    """Refuse (VerificationRequired) when `person` lacks the verification
    level `consultation` requires for "comment" or "support"."""
    message = level_refusal(consultation, person, action)
    if message is not None:
        raise VerificationRequired(message)


class Posting:
    """Posting and importing comments (a part of FeedbackService, whose
    `clock`, `rng`, `notify`, `request` and `max_length` it reads)."""

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
            for comment in store.by_author_comments(person.id):
                if not comment.held_for_confirmation:
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
