"""What the rest of consult may ask of citizens' juries: three services,
`request.find_service(IJuryService)` (set-up, recruitment, the lottery, the
invitations), `IWorkspaceService` (the panel's private workspace) and
`IFindingsService` (the findings and the ministry's answers).

People are accounts.models.Principal objects; a jury is a
juries.models.Jury. A refusal's `field` names the form field to show it at."""

from zope.interface import Attribute, Interface

from ..i18n import _
from ..refusals import Refusal


class JuryError(Refusal):
    """A refusal the person can act on; `message` says what to do."""


class WorkspaceError(JuryError):
    """A refusal in the workspace; `forbidden` when the person's role does not
    allow the action (the view answers 403), otherwise the form is shown
    again with `message`."""

    def __init__(self, message, field=None, forbidden=False):
        super().__init__(message, field)
        self.forbidden = forbidden


class ConcurrentEdit(WorkspaceError):
    """Someone saved the recommendation after the form was opened."""

    def __init__(self, latest, count):
        super().__init__(
            _(
                "Someone saved this recommendation while you were editing it. "
                "Your text is kept below; compare it with the newer version, "
                "then save again."
            ),
            "text",
        )
        self.latest = latest  # the newest Revision
        self.count = count  # the number of revisions now


class FindingsError(Refusal):
    """A refusal about the findings or an answer to them; `message` says what to do."""


class IJuryService(Interface):
    clock = Attribute(
        "The IClock the service reads (the draw worker makes its own service with it)."
    )
    secret = Attribute(
        "The site secret that keys applicants' hashes and invitation "
        "tokens (the draw worker's service needs it too)."
    )

    # -- set-up -----------------------------------------------------------------
    def create(juries, name, consultation, data, creator):
        """Set up a jury on a consultation; `creator` becomes its organiser.
        Its quotas start from the census shares of the chosen features.

        :param juries: the Juries folder.
        :param str name: its address, unique among juries.
        :param consultation: the consultation's name (slug).
        :param dict data: the settings form's values: "remit" ({language:
            question}), "panel_size", "recruitment_opens",
            "recruitment_closes", "sessions" (dates), "features" (keys),
            and optionally "algorithm" and "answer_deadline".
        :param creator: the Principal setting it up.
        :returns: the new juries.models.Jury.
        :raises JuryError: the name is taken, or the settings are refused
            (panel size, recruitment times, no feature, no remit, a deadline
            before the last session or the end of recruitment).
        """

    def update(jury, data):
        """Change the jury's settings (`data` as for `create`); the quotas are
        computed again when the features or the panel size change.

        :returns: the Jury.
        :raises JuryError: as `create`, or the features would change after
            people have applied.
        """

    def add_feature(jury, names, values_text):
        """Define a feature of the organisers' own and stratify by it.

        :param dict names: {language: the feature's name}.
        :param str values_text: its values and shares, as
            juries.features.VALUES_HELP says.
        :returns: the new juries.features.Feature.
        :raises JuryError: people have applied already, or the definition is
            refused (the field says which part).
        """

    def remove_feature(jury, key):
        """Stop stratifying by one of the organisers' own features.

        :returns: None.
        :raises JuryError: people have applied already, the feature is not
            one of the jury's own, or it is the last one.
        """

    def set_quotas(jury, quotas):
        """Replace the quotas after checking them: 0 <= min <= max <= panel
        size, and for each feature the minimums add up to at most the panel
        and the maximums to at least it.

        :param dict quotas: {feature: {value: (min, max)}} for every feature
            and value of the jury.
        :returns: the quotas stored.
        :raises JuryError: a quota is refused (the field names the feature).
        """

    # -- applications ---------------------------------------------------------------
    def apply(jury, data, language):
        """Take an application and mail the applicant a receipt. Whether this
        person (IIN) or household (address) applied already is never told to
        the caller: the receipt is the same, and it is the address given with
        the earlier application that is told (docs/security.md).

        :param dict data: "name", "email", "phone", "iin", "address" and
            "answers" ({feature: value}).
        :param str language: the applicant's language, for the mail.
        :returns: the juries.models.Applicant kept, or None when an earlier
            one stands.
        :raises JuryError: applications are closed, the IIN is not valid or
            of someone under 18, no address, or a question unanswered.
        """

    # -- the lottery ----------------------------------------------------------------
    def check_feasibility(jury):
        """Whether a panel meeting the quotas and the one-per-household rule
        can be drawn from the applicants now.

        :returns: a juries.lottery_data.Feasibility.
        """

    def announce_draw(jury, algorithm):
        """Announce the next draw (the panel, or replacements for people who
        declined): its seed is drawn now and only its hash is published.

        :param str algorithm: "maximin", "nash" or "leximin".
        :returns: the new juries.models.Draw.
        :raises JuryError: unknown algorithm, recruitment still open, an
            earlier draw not done, or the panel complete.
        """

    def start_draw(jury, draw):
        """Take the pool snapshot and mark the draw running; the caller starts
        the worker after the commit (juries.draws.DrawRunner).

        :returns: the Draw.
        :raises JuryError: the draw is running or done already.
        """

    def finish_draw(jury, draw, result):
        """Store a finished draw's result; the people drawn become "selected".

        :param result: the juries.lottery_data.DrawResult.
        :returns: None.
        """

    def fail_draw(draw, error):
        """Store why a draw failed.

        :param error: the juries.lottery_data.LotteryError.
        :returns: None.
        """

    # -- invitations ----------------------------------------------------------------
    def invite(jury):
        """Mail an invitation (to accept or decline) to everyone drawn who has
        none yet.

        :returns: a list of the Applicants invited.
        """

    def redeem(jury, token):
        """The invited applicant an invitation link belongs to.

        :param str token: the link's token.
        :returns: the Applicant.
        :raises JuryError: the link is not valid, answered already or expired.
        """

    def accept(jury, applicant, name_shown, password=None):
        """The applicant joins the panel: their account (found by e-mail, or
        created and confirmed by the invitation) becomes a juror of this jury.

        :param str name_shown: how the public page names them, one of
            juries.models.NAME_CHOICES.
        :param str password: the password of a new account (needed when no
            account uses the address).
        :returns: the Principal.
        :raises JuryError: no account and no password (field "password").
        :raises ValueError: `name_shown` is not a choice.
        """

    def decline(jury, applicant):
        """The applicant declines; a replacement may then be drawn.

        :returns: None.
        """


class IWorkspaceService(Interface):
    """Who may do what is decided from the person's local role on the jury:
    organisers (and administrators) curate evidence and the agenda, invite
    experts, draft recommendations; experts add evidence and take part in
    threads; jurors take part in threads, draft and vote. Once the findings
    are submitted every change is refused."""

    clock = Attribute("The IClock the service reads.")

    # -- rules ------------------------------------------------------------------
    def allowed(jury, person, action):
        """Whether `person`'s role allows `action` at all, findings aside.

        :param str action: "curate", "add_evidence", "discuss", "draft" or "vote".
        :returns: bool.
        """

    def can(jury, person, action):
        """Whether `person` may do `action` now (to show or hide a form).

        :returns: bool.
        """

    def may_change_evidence(jury, person, item):
        """Whether `person` may edit or remove an evidence item: organisers
        any, experts those they added.

        :returns: bool.
        """

    # -- evidence ---------------------------------------------------------------
    def add_evidence(jury, person, data, language):
        """Add an item to the evidence library.

        :param dict data: "title", "kind" (juries.workspace.EVIDENCE_KINDS),
            "perspective" (PERSPECTIVES), "author", and at least one of
            "summary", "body", "link", "upload" ((filename, bytes)).
        :param str language: the language to assume when the text does not tell.
        :returns: the new juries.workspace.EvidenceItem.
        :raises WorkspaceError: not allowed (`forbidden`), the workspace is
            closed, a choice or the content is missing, or the file is
            refused (field "upload").
        """

    def edit_evidence(jury, person, item, data):
        """Change an evidence item (`data` as for `add_evidence`, plus
        "remove_file").

        :returns: the item.
        :raises WorkspaceError: as `add_evidence`.
        """

    def remove_evidence(jury, person, item):
        """Remove an evidence item.

        :returns: None.
        :raises WorkspaceError: not allowed, or the workspace is closed.
        """

    # -- agenda -----------------------------------------------------------------
    def add_agenda_item(jury, person, data):
        """Add a session to the agenda (organisers).

        :param dict data: "title", "starts" and "ends" (aware datetimes),
            optionally "place" and "description".
        :returns: the new juries.workspace.AgendaItem.
        :raises WorkspaceError: not allowed, the workspace is closed, or the
            session ends before it starts (field "ends").
        :raises ValueError: a naive time.
        """

    def edit_agenda_item(jury, person, item, data):
        """Change an agenda item (`data` as for `add_agenda_item`).

        :returns: the item.
        :raises WorkspaceError: as `add_agenda_item`.
        """

    def remove_agenda_item(jury, person, item):
        """Remove an agenda item (organisers).

        :returns: None.
        :raises WorkspaceError: not allowed, or the workspace is closed.
        """

    def agenda(jury):
        """The agenda items in order of time.

        :returns: a list of AgendaItems.
        """

    def icalendar(jury, name, url=None):
        """The agenda as an iCalendar file; each event's UID is stable across
        downloads so that calendars update rather than duplicate.

        :param str name: the calendar's name.
        :param str url: a link put in every event, or None.
        :returns: bytes.
        """

    # -- threads ----------------------------------------------------------------
    def start_thread(jury, person, title, text, language):
        """Start a deliberation thread with its first post.

        :returns: the new juries.workspace.Thread.
        :raises WorkspaceError: not allowed, the workspace is closed, or the
            text is blank.
        """

    def post(jury, person, thread, text, language):
        """Post in a thread.

        :param str language: the language to assume when the text does not tell.
        :returns: the new juries.workspace.Post.
        :raises WorkspaceError: not allowed, the workspace is closed, or the
            text is blank (field "text").
        """

    def threads(jury):
        """The threads, most recently active first.

        :returns: a list of Threads.
        """

    # -- recommendations --------------------------------------------------------
    def recommendations(jury):
        """Every recommendation (withdrawn ones too), by number.

        :returns: a list of juries.workspace.Recommendation.
        """

    def add_recommendation(jury, person, data, language):
        """Draft a new recommendation (its first revision).

        :param dict data: "title", "text", optionally "reasoning", "minority"
            and "note".
        :returns: the new Recommendation.
        :raises WorkspaceError: not allowed, or the workspace is closed.
        """

    def edit_recommendation(jury, person, recommendation, data, based_on):
        """Save a new revision (`data` as for `add_recommendation`).

        :param int based_on: how many revisions there were when the form was
            opened.
        :returns: the Recommendation.
        :raises ConcurrentEdit: someone saved since (nothing saved).
        :raises WorkspaceError: not allowed, the workspace is closed, or the
            recommendation was withdrawn.
        """

    def set_withdrawn(jury, person, recommendation, withdrawn):
        """Withdraw a recommendation (not voted on, not part of the findings)
        or restore it; its history records who did it.

        :param bool withdrawn:
        :returns: the Recommendation.
        :raises WorkspaceError: not allowed, or the workspace is closed.
        """

    def vote(jury, person, recommendation, vote):
        """Record (or change) a juror's vote.

        :param str vote: one of juries.workspace.VOTES.
        :returns: the vote.
        :raises WorkspaceError: `person` is not a juror (`forbidden`), the
            workspace is closed, the vote is unknown, or the recommendation
            was withdrawn.
        """

    # -- members ----------------------------------------------------------------
    def invite_expert(jury, person, email):
        """Make the account using `email` an expert of the jury (organisers).

        :returns: the expert's Principal.
        :raises WorkspaceError: not allowed, the workspace is closed, no
            account uses the address, or it is a member already (field "email").
        """

    def revoke_expert(jury, person, userid):
        """Take back an expert's role (organisers).

        :returns: None.
        :raises WorkspaceError: not allowed, the workspace is closed, or the
            person is not an expert of the jury.
        """

    # -- the linked consultation ------------------------------------------------
    def consultation_statistics(consultation, top=5):
        """The figures of the jury's consultation shown beside the evidence.

        :returns: a dict: "draft" (the current Draft or None),
            "article_count", "total" (published comments), "stances"
            ({stance: top-level comments}) and "articles" (up to `top`
            (article, comments, stance balance), most commented first).
        """


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
        findings; the workspace becomes read-only. Announces
        juries.events.FindingsChanged.

        :param str summary: the findings' summary (20 to 20 000 characters).
        :param str language: the summary's language (kk, ru or en).
        :param by: the Principal submitting.
        :returns: the juries.workspace.Findings.
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
        Announces juries.events.FindingsChanged.

        :param str disposition: one of juries.workspace.ANSWER_DISPOSITIONS.
        :param str reason: long enough, in the recommendation's language
            unless `translation` gives it in that language.
        :param str language: the reason's language, or None to detect it.
        :param official: the Principal answering.
        :param consultation: the jury's consultation, whose staff answer.
        :param str revision_reason: why the answer changes (needed to revise).
        :returns: the new juries.workspace.MinistryAnswer.
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
