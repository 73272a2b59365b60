"""What the rest of consult may ask of petitions:
`request.find_service(IPetitionService)`."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal


class PetitionError(Refusal):
    """A refusal a person can act on; `message` says what to change."""


class IPetitionService(Interface):
    petitions = Attribute("The Petitions container (models.Petitions).")
    calendar = Attribute("The working-day calendar (workdays.WorkingCalendar).")

    def draft(author, title, text, asks, addressee, topic):
        """Add a draft petition by the account `author` to the organisation
        `addressee` (its models.Organisation).

        :returns: the new models.Petition (state DRAFT).
        :raises PetitionError: the author is not verified enough, a text
            is empty, the addressee's threshold cannot be computed.
        """

    def similar(text, limit=5):
        """The petitions not in draft whose words are most like `text`.

        :returns: a list of (models.Petition, similarity 0–1), best first.
        """

    def submit(petition, userid):
        """The author sends the draft out: it collects sponsors (by its
        link only); the author's is its first signature.

        :raises PetitionError: not the author, not a draft.
        """

    def sponsor(petition, userid):
        """`userid` sponsors the petition, once; at the sponsor threshold
        it goes to moderation with its deadline in working days.

        :returns: True when this sponsor sent it to moderation.
        :raises PetitionError: not collecting sponsors, already sponsored,
            the author.
        """

    def approve(petition, userid):
        """Open the petition for signatures: its threshold and the end of
        its collection period are fixed now.

        :raises PetitionError: not in moderation.
        """

    def reject(petition, userid, reason):
        """Reject the petition with a reason of models.REJECTION_REASONS.

        :raises PetitionError: not in moderation, unknown reason.
        """

    def sign(petition, userid, level=None, region=None, listed=False):
        """One signature per person while the petition is open; at the
        threshold (counting the signatures at the addressee's level or
        above) its answer becomes due.

        :param level: the verification level the signature is made at;
            None: the signer's current level (a verifier that has just
            checked a digital signature passes 3).
        :param region: the KATO code of the territory the signer states;
            a territory a verification of theirs recorded wins over it.
        :param bool listed: whether the signer appears in the public list
            (first name and surname initial).
        :returns: True when this signature reached the threshold.
        :raises PetitionError: not open, already signed, unknown territory.
        """

    def withdraw(petition, userid):
        """Take back `userid`'s signature while the petition collects
        signatures; every count drops by it (a threshold already reached
        stays reached: the answer is owed).

        :raises PetitionError: not open, not signed, the author.
        """

    def threshold_for(organisation):
        """The signatures that oblige `organisation` to answer.

        :returns: an int, or None when it is a share of residents and the
            territory's population is not known.
        """

    def listed(now):
        """The petitions that appear in lists at `now`, newest first."""

    def moderation_queue():
        """The petitions in moderation, the oldest deadline first."""


class IPetitionAnswering(Interface):
    """The addressee's answer to a petition (answering.py), on the rules of
    the answers to comments (consult.responses)."""

    petitions = Attribute("The Petitions container (models.Petitions).")
    clock = Attribute("The site's clock (consult.clock.IClock).")

    def answer(petition, official, disposition, reason, translation=None):
        """Publish the answer of `official` (a Principal holding a staff
        role of the addressee) to a petition whose answer is due.

        :param str disposition: one of responses.models.DISPOSITIONS.
        :param str reason: long enough, in the petition's language unless
            `translation` gives it in that language.
        :returns: the answering.PetitionAnswer.
        :raises PetitionError: no answer is due, not the addressee's staff,
            unknown disposition, a text too short or too long, or in
            another language than the petition's without a translation.
        """

    def revise(petition, official, disposition, reason, why, translation=None):
        """A new version of the answer; the earlier one stays in its
        history with `why` (at least ten characters).

        :returns: the answering.PetitionAnswer.
        :raises PetitionError: not answered yet, `why` too short, or as
            `answer` for the new version.
        """

    def want_news(petition, userid, wanted):
        """Whether the signer `userid` is told of the petition's answer.

        :raises PetitionError: `userid` has not signed it.
        """

    def queue(status="due"):
        """The petitions whose answer is due ("due"), the oldest deadline
        first, or those answered ("answered"), the latest first; the caller
        keeps those the reader may answer."""

    def overdue(now):
        """The petitions whose answer deadline has passed at `now` without
        an answer, the oldest deadline first."""

    def record(organisation, now):
        """The listed petitions addressed to `organisation` and how promptly
        it answered them.

        :returns: a dict: "petitions" (newest first), "due" (whose deadline
            has passed, or answered), "on_time" (of those, answered by the
            deadline), "overdue" (due, unanswered, past the deadline) and
            "rate" (on_time / due as a percentage, or None).
        """
