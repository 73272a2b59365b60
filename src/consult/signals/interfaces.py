"""What the rest of consult may ask of burst signals: `request.find_service(ISignalService)`.

Flags are computed when asked, from the recent activity of one
consultation; only the moderators' reviews are stored. Nothing is hidden or
dropped automatically."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal


class SignalError(Refusal):
    """A refusal the moderator can act on; `message` says what to do."""


class ISignalService(Interface):
    thresholds = Attribute(
        "The detection's signals.detection.Thresholds (read from the settings), "
        "for those who word the flags (a petition's page)."
    )

    def record(consultation, kind, comment, person, address, parent=None):
        """Note that `person`, from `address`, did `kind` on `comment` now.
        The address is kept only as a keyed hash scoped to the consultation.

        :param str kind: "comment", "reply", "support" or "report".
        :param comment: the feedback.comments.Comment acted on.
        :param person: the Principal acting, or None.
        :param str address: the client address, or None.
        :param parent: the id of the comment a reply answers, or None.
        :returns: the signals.models.Event recorded.
        """

    def flags(consultation):
        """The open (unreviewed) flags of the consultation, newest first,
        each with its evidence.

        :returns: a list of signals.detection.Flag.
        """

    def reviews(consultation, limit=None):
        """The moderators' reviews of earlier flags, latest first.

        :param limit: the most returned, or None for all.
        :returns: a list of signals.models.Review.
        """

    def find(consultation, flag_id):
        """The open flag with this id.

        :returns: the Flag, or None when it is reviewed or no longer open.
        """

    def review(consultation, flag_id, moderator, note):
        """Mark an open flag reviewed; the review is kept as the record.

        :param moderator: the Principal reviewing.
        :param str note: what the moderator found (at least a few characters;
            cut at 2000).
        :returns: the new signals.models.Review.
        :raises SignalError: the flag is no longer open, or the note is too short.
        """
