"""What the rest of consult may ask of responses: `request.find_service(IResponseService)`.

The comments due an answer are a consultation's published top-level comments
and the published replies addressed to the ministry. Only the
consultation's staff (responses.models.STAFF_ROLES) answer; the public sees
the official's role and the date, never their name."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal


class ResponseError(Refusal):
    """A refusal the official can act on; `message` says what to change."""


class IResponseService(Interface):
    min_length = Attribute("The shortest reason accepted, in characters (int).")

    # -- answering --------------------------------------------------------------
    def answer(consultation, comments, official, disposition, reason, translation=None):
        """Publish one reasoned answer to each of `comments` (one, a group, an
        article's) and mail each author.

        :param comments: the Comments answered, at least one; all published,
            in this consultation, and not answered yet.
        :param official: the Principal answering.
        :param str disposition: one of responses.models.DISPOSITIONS.
        :param str reason: long enough, in the comments' language unless
            `translation` gives it in theirs.
        :param str translation: the reason in the comments' language, or None.
        :returns: a list of the new responses.models.Response, one per comment.
        :raises ResponseError: no comment, a comment not answerable (another
            consultation's, not published, answered already), `official` is
            not staff of the consultation, the disposition is unknown, the
            reason or translation is too short or too long, or in another
            language than the comments'.
        """

    def answer_article(consultation, key, official, disposition, reason, translation=None):
        """Answer every unanswered comment of one row (see `rows`) at once.

        :param str key: the row's key.
        :returns: as `answer`.
        :raises ResponseError: as `answer`; the row no longer exists, or
            everything in it is answered already.
        """

    def revise(consultation, comment, official, disposition, reason, why, translation=None):
        """Publish a new version of a comment's answer; the earlier one stays
        in its history with `why`. The author is mailed while the comment is
        shown.

        :param str why: why the answer changes (at least ten characters).
        :returns: the responses.models.Response.
        :raises ResponseError: the comment has no answer yet, `why` is too
            short, or as `answer` for the new version.
        """

    # -- deadlines ----------------------------------------------------------------
    def set_deadline(consultation, days):
        """Set how many days after its stage closes a comment must be answered.

        :param days: an int, or its text, from 1 to 365.
        :returns: the number of days (int).
        :raises ResponseError: not a number from 1 to 365.
        """

    def deadline(consultation, target):
        """When comments on `target` must be answered by.

        :param str target: a comment target, or just its kind
            ("question:", "article:") for the stage's deadline.
        :returns: an aware UTC datetime, or None while the stage has no
            closing time.
        """

    def days_left(deadline, now):
        """Whole days from `now` to `deadline`, rounded up (negative once past).

        :returns: int, or None when `deadline` is None.
        """

    # -- what is due ----------------------------------------------------------------
    def rows(consultation):
        """The places comments are grouped by: each question to the public,
        each article of the current draft (with its paragraphs), then
        whatever is left (parts of the draft since removed).

        :returns: a list of rows with `key`, `kind` ("question", "article" or
            "other"), `number` (a question's position from 1, an article's
            number, None for "other"), `question` and `targets`.
        """

    def row(consultation, key):
        """The row (see `rows`) with this key.

        :raises ResponseError: no row has it (the part no longer exists).
        """

    def unanswered(consultation, key):
        """The published, unanswered comments of one row, oldest first.

        :returns: a list of Comments.
        :raises ResponseError: no row has this key.
        """

    def queue(
        consultation,
        now,
        key=None,
        stance=None,
        language=None,
        status="unanswered",
        start=0,
        size=20,
    ):
        """One page of the comments due an answer, filtered, oldest first
        within each place.

        :param now: the time deadlines are measured from.
        :param str key: one row only, or None for all.
        :param str stance: one stance only, or None.
        :param str language: comments in one language only, or None.
        :param str status: "unanswered", "answered" or "all".
        :param int start: how many matching comments come before the page.
        :param size: the most items on the page, or None for all from `start`.
        :returns: a namespace with `items` (each with `comment`, `response`
            (or None), `row`, `deadline`, `days_left` and `overdue`), `total`
            (every comment the filters keep), `start` and `size`.
        :raises ResponseError: `key` names no row.
        """

    def queue_languages(consultation):
        """The languages of the published comments due an answer, answered
        or not: a set of codes ("kk", "de", "zh"...)."""

    def summary(consultation, now):
        """The counts of the staff dashboard and of the public report,
        computed from ids, never by loading comments.

        :returns: a dict: "answer_days"; "total" ({"comments", "answered",
            "unanswered", "overdue"}); "dispositions" ({disposition: count});
            "rows" (one dict per row: those counts, "key", "kind", "number",
            "deadline", "days_left").
        """
