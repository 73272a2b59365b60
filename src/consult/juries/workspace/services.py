"""Workflows of a jury's private workspace: the evidence library, the agenda
(and its iCalendar export), the deliberation threads, the draft
recommendations with their revisions, and the jurors' votes.

Who may do what, beyond the `jury_workspace` permission that lets a person
in at all, is decided here from the person's local role on the jury:

    organisers (and administrators)  curate evidence and the agenda, invite
                                     experts, draft and edit recommendations
    experts                          add evidence, take part in threads
    jurors                           take part in threads, draft and edit
                                     recommendations, vote on them

Once the panel's findings are submitted (`jury.findings` is set) the
workspace is read-only: every change is refused with a message."""

from datetime import UTC, datetime

from zope.interface import implementer

from ..accounts.models import normalize_email
from ..archives import ArchiveDamaged, ArchiveRefused, MiB, check_archive
from ..i18n import _
from ..i18n.detection import detect_language
from .interfaces import ConcurrentEdit, IWorkspaceService, WorkspaceError
from .workspace import (
    EVIDENCE_KINDS,
    PERSPECTIVES,
    VOTES,
    AgendaItem,
    Attachment,
    EvidenceItem,
    Post,
    Recommendation,
    Revision,
    Thread,
)

MAX_ATTACHMENT_MB = 10
MAX_ATTACHMENT_UNPACKED_MB = 100
ARCHIVE_TYPES = (".docx", ".odt")
# Extension -> (content type, check of the first bytes). The type sent back
# on download comes from this table, never from the browser that uploaded.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", lambda data: data.startswith(b"%PDF-")),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda data: data.startswith(b"PK\x03\x04"),
    ),
    ".odt": (
        "application/vnd.oasis.opendocument.text",
        lambda data: data.startswith(b"PK\x03\x04"),
    ),
    ".txt": ("text/plain; charset=utf-8", lambda data: _is_utf8(data)),
}


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def role_of(jury, principal):
    """ "organiser", "expert", "juror" or None for `principal` on `jury`;
    administrators count as organisers."""
    if principal is None:
        return None
    roles = jury.local_roles.get(principal.id, ())
    if "organiser" in roles or "administrator" in getattr(principal, "roles", ()):
        return "organiser"
    for role in ("juror", "expert"):
        if role in roles:
            return role
    return None


def jury_of(resource):
    from .models import Jury

    while resource is not None and not isinstance(resource, Jury):
        resource = resource.__parent__
    return resource


def attachment_from_upload(filename, data):
    """(clean filename, content type) of an upload, or WorkspaceError."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise WorkspaceError(_("Attach a PDF, DOCX, ODT or TXT file."), "upload")
    if len(data) > MAX_ATTACHMENT_MB * 1024 * 1024:
        raise WorkspaceError(
            _(
                "The file is too large: the limit is ${limit} MB.",
                mapping={"limit": MAX_ATTACHMENT_MB},
            ),
            "upload",
        )
    content_type, looks_right = ATTACHMENT_TYPES[extension]
    if not data or not looks_right(data):
        raise WorkspaceError(
            _("This file is not a readable ${kind} file.", mapping={"kind": extension[1:].upper()}),
            "upload",
        )
    if extension in ARCHIVE_TYPES:
        # Stored as it is, but each juror's word processor unpacks it.
        try:
            check_archive(data, MAX_ATTACHMENT_UNPACKED_MB * MiB)
        except ArchiveDamaged as error:
            raise WorkspaceError(
                _(
                    "This file is not a readable ${kind} file.",
                    mapping={"kind": extension[1:].upper()},
                ),
                "upload",
            ) from error
        except ArchiveRefused as error:
            raise WorkspaceError(error.message, "upload") from error
    return name, content_type


@implementer(IWorkspaceService)
class WorkspaceService:
    def __init__(self, clock, principals=None):
        self.clock = clock
        self.principals = principals

    # -- rules ---------------------------------------------------------------------
    @staticmethod
    def check_open(jury):
        if jury.findings is not None:
            raise WorkspaceError(
                _(
                    "The jury has submitted its findings: the workspace can "
                    "be read but no longer changed."
                )
            )

    def _require(self, jury, person, *roles):
        self.check_open(jury)
        if role_of(jury, person) not in roles:
            raise WorkspaceError(_("Your role in this jury does not allow this."), forbidden=True)

    ACTIONS = {
        "curate": ("organiser",),
        "add_evidence": ("organiser", "expert"),
        "discuss": ("organiser", "expert", "juror"),
        "draft": ("organiser", "juror"),
        "vote": ("juror",),
    }

    def allowed(self, jury, person, action):
        """Whether `person`'s role allows `action` at all (findings aside)."""
        return role_of(jury, person) in self.ACTIONS[action]

    def can(self, jury, person, action):
        """Whether `person` may do `action` now (to show or hide a form)."""
        return jury.findings is None and self.allowed(jury, person, action)

    def may_change_evidence(self, jury, person, item):
        role = role_of(jury, person)
        return role == "organiser" or (role == "expert" and item.added_by == person.id)

    # -- evidence ------------------------------------------------------------------
    def _evidence_fields(self, data):
        if data["kind"] not in EVIDENCE_KINDS:
            raise WorkspaceError(_("Choose a document or a testimony."), "kind")
        if data["perspective"] not in PERSPECTIVES:
            raise WorkspaceError(_("Choose the perspective of this evidence."), "perspective")
        if not (data.get("summary") or data.get("body") or data.get("link") or data.get("upload")):
            raise WorkspaceError(_("Give a summary, the text, a link or a file."), "summary")

    @staticmethod
    def _attach(item, upload):
        if upload is not None:
            filename, data = upload
            name, content_type = attachment_from_upload(filename, data)
            item.attachment = Attachment(name, content_type, data)

    def add_evidence(self, jury, person, data, language):
        self._require(jury, person, "organiser", "expert")
        self._evidence_fields(data)
        item = EvidenceItem(
            data["title"],
            data["kind"],
            data["perspective"],
            data["author"],
            data.get("summary", ""),
            data.get("body", ""),
            detect_language(
                " ".join((data["title"], data.get("summary", ""), data.get("body", ""))), language
            ),
            self.clock.now(),
            person.id,
            link=data.get("link") or None,
        )
        self._attach(item, data.get("upload"))
        jury.workspace.evidence.add(item.id, item)
        return item

    def _may_change_evidence(self, jury, person, item):
        self.check_open(jury)
        if not self.may_change_evidence(jury, person, item):
            raise WorkspaceError(
                _("Only the organisers and the person who added this evidence can change it."),
                forbidden=True,
            )

    def edit_evidence(self, jury, person, item, data):
        self._may_change_evidence(jury, person, item)
        self._evidence_fields(dict(data, upload=data.get("upload") or item.attachment))
        for name in ("title", "kind", "perspective", "author"):
            setattr(item, name, data[name])
        item.summary = data.get("summary", "")
        item.body = data.get("body", "")
        item.language = detect_language(
            " ".join((item.title, item.summary, item.body)), item.language
        )
        item.link = data.get("link") or None
        if data.get("remove_file"):
            item.attachment = None
        self._attach(item, data.get("upload"))
        return item

    def remove_evidence(self, jury, person, item):
        self._may_change_evidence(jury, person, item)
        jury.workspace.evidence.remove(item.__name__)

    # -- agenda --------------------------------------------------------------------
    def _agenda_times(self, data):
        starts, ends = data["starts"], data["ends"]
        if starts.tzinfo is None or ends.tzinfo is None:
            raise ValueError("agenda times must be aware")
        if ends <= starts:
            raise WorkspaceError(_("The session must end after it starts."), "ends")
        return starts.astimezone(UTC), ends.astimezone(UTC)

    def add_agenda_item(self, jury, person, data):
        self._require(jury, person, "organiser")
        starts, ends = self._agenda_times(data)
        item = AgendaItem(
            data["title"],
            starts,
            ends,
            data.get("place", ""),
            data.get("description", ""),
            person.id,
        )
        jury.workspace.agenda.add(item.id, item)
        return item

    def edit_agenda_item(self, jury, person, item, data):
        self._require(jury, person, "organiser")
        item.starts, item.ends = self._agenda_times(data)
        item.title = data["title"]
        item.place = data.get("place", "")
        item.description = data.get("description", "")
        return item

    def remove_agenda_item(self, jury, person, item):
        self._require(jury, person, "organiser")
        jury.workspace.agenda.remove(item.__name__)

    @staticmethod
    def agenda(jury):
        return sorted(jury.workspace.agenda.values(), key=lambda i: (i.starts, i.id))

    def icalendar(self, jury, name, url=None):
        """The agenda as an iCalendar file (bytes): one VEVENT per item, its
        UID stable across downloads so calendars update rather than duplicate."""
        import icalendar

        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//consult//citizens' jury agenda//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", name)
        stamp = self.clock.now().astimezone(UTC)
        for item in self.agenda(jury):
            event = icalendar.Event()
            event.add("uid", f"{jury.uid}-{item.id}@consult")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.starts.astimezone(UTC))
            event.add("dtend", item.ends.astimezone(UTC))
            event.add("summary", item.title)
            if item.place:
                event.add("location", item.place)
            if item.description:
                event.add("description", item.description)
            if url:
                event.add("url", url)
            calendar.add_component(event)
        return calendar.to_ical()

    # -- threads ---------------------------------------------------------------------
    def start_thread(self, jury, person, title, text, language):
        self._require(jury, person, "organiser", "expert", "juror")
        thread = Thread(title, person.id, self.clock.now())
        jury.workspace.threads.add(thread.id, thread)
        self.post(jury, person, thread, text, language)
        return thread

    def post(self, jury, person, thread, text, language):
        self._require(jury, person, "organiser", "expert", "juror")
        if not text.strip():
            raise WorkspaceError(_("Write something to post."), "text")
        return thread.add_post(
            Post(person.id, text, detect_language(text, language), self.clock.now())
        )

    @staticmethod
    def threads(jury):
        """Threads, most recently active first."""

        def last(thread):
            keys = thread.posts.keys()
            return keys[-1] if len(thread.posts) else thread.created.isoformat()

        return sorted(jury.workspace.threads.values(), key=last, reverse=True)

    # -- recommendations -------------------------------------------------------------
    @staticmethod
    def recommendations(jury):
        return sorted(jury.workspace.recommendations.values(), key=lambda r: r.number)

    def add_recommendation(self, jury, person, data, language):
        self._require(jury, person, "organiser", "juror")
        folder = jury.workspace.recommendations
        number = 1 + max((r.number for r in folder.values()), default=0)
        now = self.clock.now()
        text_language = detect_language(data["title"] + " " + data["text"], language)
        recommendation = Recommendation(
            number, data["title"], data["text"], text_language, person.id, now
        )
        recommendation.reasoning = data.get("reasoning", "")
        recommendation.minority = data.get("minority", "")
        recommendation.revisions.append(
            Revision(
                data["text"],
                recommendation.reasoning,
                recommendation.minority,
                person.id,
                now,
                data.get("note", ""),
            )
        )
        folder.add(recommendation.id, recommendation)
        return recommendation

    def edit_recommendation(self, jury, person, recommendation, data, based_on):
        """Save a new revision; `based_on` is the number of revisions the form
        was opened with: if someone saved since, ConcurrentEdit (nothing saved)."""
        self._require(jury, person, "organiser", "juror")
        if recommendation.withdrawn:
            raise WorkspaceError(_("This recommendation was withdrawn."))
        count = len(recommendation.revisions)
        if based_on != count:
            raise ConcurrentEdit(recommendation.revisions[-1] if count else None, count)
        recommendation.title = data["title"]
        recommendation.text = data["text"]
        recommendation.language = detect_language(
            data["title"] + " " + data["text"], recommendation.language
        )
        recommendation.reasoning = data.get("reasoning", "")
        recommendation.minority = data.get("minority", "")
        recommendation.revisions.append(
            Revision(
                data["text"],
                recommendation.reasoning,
                recommendation.minority,
                person.id,
                self.clock.now(),
                data.get("note", ""),
            )
        )
        return recommendation

    def set_withdrawn(self, jury, person, recommendation, withdrawn):
        """Withdraw a recommendation (it is not voted on and not part of the
        findings) or restore it; the history records who did it."""
        self._require(jury, person, "organiser", "juror")
        if recommendation.withdrawn == withdrawn:
            return recommendation
        recommendation.withdrawn = withdrawn
        revision = Revision(
            recommendation.text,
            recommendation.reasoning,
            recommendation.minority,
            person.id,
            self.clock.now(),
        )
        revision.event = "withdrawn" if withdrawn else "restored"
        recommendation.revisions.append(revision)
        return recommendation

    def vote(self, jury, person, recommendation, vote):
        """Record (or change) a juror's vote. Only this jury's jurors vote."""
        self.check_open(jury)
        if role_of(jury, person) != "juror":
            raise WorkspaceError(_("Only the jurors vote on recommendations."), forbidden=True)
        if vote not in VOTES:
            raise WorkspaceError(_("Choose support, oppose or abstain."), "vote")
        if recommendation.withdrawn:
            raise WorkspaceError(_("This recommendation was withdrawn."))
        recommendation.votes[person.id] = vote
        return vote

    # -- members -----------------------------------------------------------------------
    def invite_expert(self, jury, person, email):
        self._require(jury, person, "organiser")
        principal = self.principals.find_by_email(normalize_email(email or ""))
        if principal is None:
            raise WorkspaceError(
                _("No account uses this e-mail address. Ask the expert to register first."), "email"
            )
        roles = jury.local_roles.get(principal.id, ())
        if "organiser" in roles or "juror" in roles:
            raise WorkspaceError(
                _(
                    "${name} is already a member of this jury.",
                    mapping={"name": principal.public_name},
                ),
                "email",
            )
        jury.grant_local_role(principal.id, "expert")
        return principal

    def revoke_expert(self, jury, person, userid):
        self._require(jury, person, "organiser")
        if "expert" not in jury.local_roles.get(userid, ()):
            raise WorkspaceError(_("This person is not an expert of this jury."))
        jury.revoke_local_role(userid, "expert")

    # -- the linked consultation -----------------------------------------------------
    @staticmethod
    def consultation_statistics(consultation, top=5):
        """The consultation's current draft and its published comments: the
        total, the top-level comments per stance and the `top` articles with
        most comments (paragraph comments counted with their article)."""
        from ..feedback.models import STANCES

        store = consultation.comments
        stances = dict.fromkeys(STANCES, 0)
        total = 0
        by_target = {}
        for target, counter in store.visible_counts.items():
            by_target[target] = counter()
            total += by_target[target]
        for (_target, stance), counter in store.stance_counts.items():
            if stance in stances:
                stances[stance] += counter()
        draft = consultation.current_draft()
        articles = []
        if draft is not None:
            for article in draft.articles():
                count = store.count(article.target) + sum(
                    store.count(article.paragraph_target(p)) for p in article.paragraphs
                )
                if count:
                    articles.append((article, count, store.stance_balance(article.target)))
        articles.sort(key=lambda row: (-row[1], row[0].number))
        return {
            "draft": draft,
            "article_count": draft.article_count() if draft else 0,
            "total": total,
            "stances": stances,
            "articles": articles[:top],
        }


def local_instant(day, clock_time, zone):
    """A date and an "HH:MM" in `zone` as an aware datetime."""
    hours, minutes = (int(part) for part in clock_time.split(":")[:2])
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)


def workspace_service_factory(context, request):
    from ..clock import IClock

    return WorkspaceService(request.find_service(IClock), request.root["principals"])
