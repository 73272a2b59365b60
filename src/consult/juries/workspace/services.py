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

from zope.interface import implementer

from ...accounts.models import normalize_email
from ...clock import IClock
from ...i18n import _
from ...i18n.detection import detect_language
from .access import role_of
from .agenda import AgendaWorkflows
from .attachments import attachment_from_upload
from .interfaces import ConcurrentEdit, IWorkspaceService, WorkspaceError
from .models import (
    EVIDENCE_KINDS,
    PERSPECTIVES,
    VOTES,
    Attachment,
    EvidenceItem,
    Post,
    Recommendation,
    Revision,
    Thread,
)


@implementer(IWorkspaceService)
class WorkspaceService(AgendaWorkflows):
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
        store = consultation.comments
        figures = store.statistics()
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
            "total": figures["total"],
            "stances": figures["stances"],
            "articles": articles[:top],
        }


def workspace_service_factory(context, request):
    return WorkspaceService(request.find_service(IClock), request.root["principals"])
