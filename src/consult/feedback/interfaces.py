"""What the rest of consult may ask of feedback: `request.find_service(IFeedbackService)`.

A comment's `target` names what it is about (`question:<uid>`,
`article:<uid>` or `paragraph:<article uid>:<uid>`); people are
accounts.models.Principal objects; stances are "for", "against" and
"neutral" (feedback.comments.STANCES). What the service does is announced as
feedback.events through the registry."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal


class FeedbackError(Refusal):
    """A refusal the person can act on; `message` says what to do. A subclass
    with `verify` set (VerificationRequired) asks the person to verify their
    identity first."""


class VerificationRequired(FeedbackError):
    """The person must verify their identity first (on their account page):
    the consultation requires a level they lack (verification.services
    `level_refusal`); the views add a link there."""

    verify = True


class ICommentAnswer(Interface):
    """The ministry's answer as shown under a comment, provided by the
    capability that keeps the answers (consult.responses registers it as a
    utility): feedback builds below responses and asks for it by this
    interface instead of importing it. Without one, comments show no answer."""

    def __call__(request, comment, can_answer=False):
        """The answer to `comment` as its templates show it
        (templates/responses/macros.pt, `answer`), or None when it has none;
        `can_answer`: the reader may revise it, and gets the link.

        :returns: an object with the answer's decision, reason, role, date
            and earlier versions, or None.
        """


class IModerationSignals(Interface):
    """What the moderation queue shows above the comments about bursts of
    activity, provided by consult.signals (registered as a utility, which
    feedback asks for by this interface: signals builds above feedback).
    Without one, the queue shows no such section."""

    def __call__(request, consultation):
        """The values templates/feedback/queue.pt shows as `signals` for
        `consultation`.

        :returns: an object with `flags`, `reviews`, `window_minutes` and
            `retention_days`.
        """


class IFeedbackService(Interface):
    edit_window = Attribute("How long after posting an author may still edit (a timedelta).")
    max_addendum_length = Attribute("The longest addendum accepted, in characters (int).")

    # -- posting --------------------------------------------------------------
    def post(consultation, target, author, text, stance, parent=None, to_ministry=False):
        """Post a comment, or a reply to `parent`, while its stage is open. It
        waits for a moderator where the consultation moderates first, and is
        held until the author confirms their address when they have not.
        Announces feedback.events.CommentPosted.

        :param str target: what the comment is about.
        :param author: the Principal writing.
        :param str text: the comment (stripped; not blank, not too long).
        :param str stance: one of feedback.comments.STANCES.
        :param parent: the Comment replied to, or None for a top-level comment.
        :param bool to_ministry: a reply addressed to the ministry (which then
            owes it an answer); ignored for a top-level comment.
        :returns: the new feedback.comments.Comment.
        :raises FeedbackError: the stage is not open, the target no longer
            exists, the stance or the text is refused, the reply would leave
            its thread, nest too deep or answer a comment no longer shown; or
            the consultation requires a verification the author lacks (then
            with `verify` set).
        """

    def release_held(consultations, person):
        """`person` has confirmed their address: publish the comments they
        wrote before (or leave them to the moderators where a consultation
        moderates every comment first). Announces
        feedback.events.CommentReleased for each.

        :param consultations: the Consultations folder.
        :param person: the Principal now confirmed.
        :returns: a list of the Comments released.
        """

    def import_comment(
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
        written: its own date, its author's name as given, no stage or
        time checks. A key imported already returns the comment it brought,
        unchanged; a new one is announced (feedback.events.CommentPosted).

        :param str author: a synthetic author id ("import:<source>:<id>"), no account.
        :param str author_name: the name shown.
        :param datetime created: when it was written (aware, UTC).
        :param str channel: one of feedback.comments.CHANNELS.
        :param str import_key: stable across runs of the same import.
        :param str hidden_reason: store the comment hidden, with this reason.
        :returns: the Comment.
        :raises FeedbackError: the stance or the text is refused, or the
            target no longer exists.
        :raises ValueError: `channel` is not a channel.
        """

    # -- the author's own actions ---------------------------------------------
    def frozen_reason(comment):
        """Why the text of `comment` may no longer change, or None.

        :returns: "answered", "replied", "moderated" or "reported" (the keys
            of feedback.editing.FROZEN), or None.
        """

    def can_edit(comment, author):
        """Whether `author` may edit `comment` now: their own shown (or
        pending) comment, within the edit window, while its stage is open,
        before anyone acted on it.

        :param author: a Principal, or None.
        :returns: bool.
        """

    def edit_refusal(comment, author):
        """Why `author` may not edit `comment`.

        :returns: a translatable message, or None when they may.
        """

    def edit(consultation, comment, author, text, stance):
        """Replace the text and stance; the replaced text is kept among the
        earlier versions. Announces feedback.events.CommentEdited.

        :returns: None.
        :raises FeedbackError: `author` may not edit it (`edit_refusal`), or
            the stance or the text is refused.
        """

    def can_add_addendum(comment, author):
        """Whether `author` may add an addendum: their own comment, once its
        text may no longer be edited, up to the limit of addenda, while its
        stage is open.

        :returns: bool.
        """

    def addendum_refusal(comment, author):
        """Why `author` may not add an addendum to `comment`.

        :returns: a translatable message, or None when they may.
        """

    def add_addendum(consultation, comment, author, text):
        """Add a dated addendum under the text; once added it does not change.
        Announces feedback.events.AddendumAdded.

        :returns: the new feedback.comments.Addendum.
        :raises FeedbackError: `author` may not add one (`addendum_refusal`),
            or the text is blank or longer than `max_addendum_length`.
        """

    def withdraw(consultation, comment, author):
        """Withdraw the author's comment: kept for the record, no longer shown.
        Withdrawing twice changes nothing. Announces
        feedback.events.CommentWithdrawn.

        :returns: None.
        :raises FeedbackError: `author` did not write it.
        """

    # -- everyone's actions ---------------------------------------------------
    def support(comment, person):
        """Add `person`'s support to a shown comment.

        :returns: None.
        :raises FeedbackError: the comment is not shown, is their own, or has
            their support already; or the consultation requires a
            verification they lack (then with `verify` set).
        """

    def withdraw_support(comment, person):
        """Take back `person`'s support of `comment` (from their activity
        page): the comment's count goes down and their activity forgets it.
        Nobody else is told: no page, index or cache keeps support counts
        beyond the comment itself.

        :returns: None.
        :raises FeedbackError: `person` does not support it.
        """

    def report(consultation, comment, person, reason):
        """Report a shown comment to the moderators. When the weight of its
        reports since its last review reaches `consult.reports_to_hide`, it is
        hidden until a moderator reviews it, or, if the ministry has answered
        it, stays shown and goes to the moderators' queue.

        :param str reason: why (at least a few characters; cut at 1000).
        :returns: the Comment.
        :raises FeedbackError: no reason, reported by `person` already, or
            already awaiting review.
        """

    # -- moderators -----------------------------------------------------------
    def hide(consultation, comment, moderator, reason):
        """Hide a comment; the author sees `reason`. Announces
        feedback.events.CommentHidden.

        :returns: None.
        :raises FeedbackError: no reason, or the author withdrew the comment.
        """

    def restore(consultation, comment, moderator, reason):
        """Show a hidden comment again. Announces feedback.events.CommentRestored.

        :returns: None.
        :raises FeedbackError: no reason, or the author withdrew the comment.
        """

    def approve(consultation, comment, moderator, reason):
        """Publish a comment awaiting approval, or keep shown a reported one.
        Announces feedback.events.CommentApproved.

        :returns: None.
        :raises FeedbackError: the comment is not waiting for approval, no
            reason, or the author withdrew it.
        """

    def resolve(consultation, comment, moderator, decision, reason):
        """Settle the reports of `comment` not decided on yet. Every
        moderator's decision settles them (hide, restore, approve), and its
        event names their authors, who are told the outcome by mail.

        :param str decision: "hide" (hide it, or keep it hidden) or "keep"
            (keep it shown, or show it again when its reports hid it).
        :returns: None.
        :raises FeedbackError: no report waits for a decision, no reason,
            the author withdrew it or appealed.
        :raises ValueError: `decision` is neither.
        """

    # -- appeals --------------------------------------------------------------
    def appeal_refusal(comment, author):
        """Why `author` may not appeal against the hiding of `comment`.

        :returns: a translatable message, or None when they may: their own
            comment, hidden by a moderator, not appealed before (once only).
        """

    def appeal(consultation, comment, author, text):
        """Appeal against a moderator's hiding; another moderator decides.
        Announces feedback.events.CommentAppealed.

        :returns: the feedback.comments.Appeal.
        :raises FeedbackError: `appeal_refusal`, or no text.
        """

    def appeal_decision_refusal(comment, moderator):
        """Why `moderator` may not decide the appeal on `comment`.

        :returns: a translatable message, or None when they may: an appeal
            waits, and `moderator` is not the one who hid the comment.
        """

    def decide_appeal(consultation, comment, moderator, decision, reason):
        """Decide the author's appeal: "restore" shows the comment again,
        "uphold" keeps it hidden. Announces feedback.events.AppealDecided.

        :returns: the decided feedback.comments.Appeal.
        :raises FeedbackError: `appeal_decision_refusal`, or no reason.
        :raises ValueError: `decision` is neither.
        """
