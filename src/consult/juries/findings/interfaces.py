"""What the rest of consult may ask of a jury's findings and the ministry's
answers (`request.find_service(IFindingsService)`), and its refusal."""

from zope.interface import Interface

from ...refusals import Refusal


class FindingsError(Refusal):
    """A refusal about the findings or an answer to them; `message` says what to do."""


class IFindingsService(Interface):
    """The organisers submit the findings once the panel exists and has a
    recommendation; the ministry answers each recommendation by the jury's
    answer deadline, under the rules of answers to comments
    (responses.interfaces)."""

    # -- the panel's findings ---------------------------------------------------
    def check_submittable(jury):
        """Refuse unless the findings can be submitted now.

        :returns: None.
        :raises FindingsError: submitted already, no panel yet, or no
            recommendation.
        """

    def submit(jury, summary, language, by):
        """Freeze the recommendations, as they stand, into the public
        findings; the workspace becomes read-only.

        :param str summary: the findings' summary (20 to 20 000 characters).
        :param str language: the summary's language (kk, ru or en).
        :param by: the Principal submitting.
        :returns: the juries.workspace.models.Findings.
        :raises FindingsError: as `check_submittable`, or the summary or
            language is refused (the field says which).
        """

    # -- the ministry's answers -------------------------------------------------
    def answer(
        jury,
        recommendation_id,
        disposition,
        reason,
        language,
        official,
        consultation,
        translation=None,
        revision_reason=None,
    ):
        """Answer one recommendation of the submitted findings, or revise the
        answer (the earlier one goes to its history); mails the jurors.

        :param str disposition: one of juries.workspace.models.ANSWER_DISPOSITIONS.
        :param str reason: long enough, in the recommendation's language
            unless `translation` gives it in that language.
        :param str language: the reason's language, or None to detect it.
        :param official: the Principal answering.
        :param consultation: the jury's consultation, whose staff answer.
        :param str revision_reason: why the answer changes (needed to revise).
        :returns: the new juries.workspace.models.MinistryAnswer.
        :raises FindingsError: no findings yet, the recommendation is not in
            them, `official` is not staff of the consultation, or the
            disposition, reason, translation or revision reason is refused
            (the field says which).
        """

    # -- what is due ------------------------------------------------------------
    def status(jury, now):
        """One item per submitted recommendation, in the findings' order.

        :returns: a list of items with `row` (the frozen snapshot),
            `recommendation`, `answer` (or None), `history`, `deadline`,
            `days_left` and `overdue`; empty before the findings.
        """

    def unanswered(juries, now):
        """Every unanswered recommendation of submitted findings, the nearest
        deadline first.

        :param juries: an iterable of Jury.
        :returns: a list of (jury, item) pairs, items as `status` gives them.
        """
