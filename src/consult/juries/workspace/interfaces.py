"""What the rest of consult may ask of the panel's private workspace
(`request.find_service(IWorkspaceService)`), and its refusals.

People are accounts.models.Principal objects; a jury is a
juries.models.Jury. A refusal's `field` names the form field to show it at."""

from zope.interface import Attribute, Interface

from ...i18n import _
from ..interfaces import JuryError


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

        :param dict data: "title", "kind" (juries.workspace.models.EVIDENCE_KINDS),
            "perspective" (PERSPECTIVES), "author", and at least one of
            "summary", "body", "link", "upload" ((filename, bytes)).
        :param str language: the language to assume when the text does not tell.
        :returns: the new juries.workspace.models.EvidenceItem.
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

        :param dict data: "title" ({language: text}, at least one),
            "starts" and "ends" (aware datetimes), optionally "place" and
            "description" ({language: text}).
        :returns: the new juries.workspace.models.AgendaItem.
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

        :returns: the new juries.workspace.models.Thread.
        :raises WorkspaceError: not allowed, the workspace is closed, or the
            text is blank.
        """

    def post(jury, person, thread, text, language):
        """Post in a thread.

        :param str language: the language to assume when the text does not tell.
        :returns: the new juries.workspace.models.Post.
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

        :returns: a list of juries.workspace.models.Recommendation.
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

        :param str vote: one of juries.workspace.models.VOTES.
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
