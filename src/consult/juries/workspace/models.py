"""A jury's private workspace and its public findings, as persistent data.

The workspace (`jury.workspace`) is open to the jury's jurors, organisers and
invited experts only (`jury_workspace` permission on `Jury.__acl__`):

    evidence         documents and expert testimonies, each with a perspective
    agenda           the sessions' agenda items (exported as iCalendar)
    threads          private deliberation threads with their posts
    recommendations  draft recommendations that jurors edit and vote on

When the panel submits its findings, `jury.findings` is set to a `Findings`
snapshot: each recommendation's text, vote counts, reasoning and minority
opinions as they stood, so later edits cannot change what was published.
The ministry's answer to each recommendation lives on the recommendation
(`Recommendation.answer`, with its history) and is public beside the
findings."""

import uuid

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList

from ...resources.models import Folder

PERSPECTIVES = ("for", "against", "neutral", "background")
EVIDENCE_KINDS = ("document", "testimony")
VOTES = ("support", "oppose", "abstain")
ANSWER_DISPOSITIONS = ("accepted", "partly", "rejected")


def new_id():
    return uuid.uuid4().hex[:12]


class EvidenceLibrary(Folder):
    """EvidenceItem objects by id."""


class Agenda(Folder):
    """AgendaItem objects by id."""


class Threads(Folder):
    """Thread objects by id."""


class Recommendations(Folder):
    """Recommendation objects by id."""


class Workspace(Persistent):
    """The container of a jury's private material."""

    __parent__ = None
    __name__ = None

    def __init__(self):
        self.evidence = EvidenceLibrary()
        self.agenda = Agenda()
        self.threads = Threads()
        self.recommendations = Recommendations()
        for name in ("evidence", "agenda", "threads", "recommendations"):
            folder = getattr(self, name)
            folder.__parent__, folder.__name__ = self, name

    def __getitem__(self, name):
        if name in ("evidence", "agenda", "threads", "recommendations"):
            return getattr(self, name)
        raise KeyError(name)


class Attachment(Persistent):
    """A file attached to evidence, in its own record so that listing the
    library does not load the files. Served only through the workspace."""

    def __init__(self, filename, content_type, data):
        self.filename = filename
        self.content_type = content_type  # from the extension (workspace.attachments)
        self.size = len(data)
        self.data = data


class EvidenceItem(Persistent):
    """A document or an expert's testimony, labelled with its perspective so
    that opposing views can be shown side by side."""

    __parent__ = None
    __name__ = None

    def __init__(
        self,
        title,
        kind,
        perspective,
        author,
        summary,
        body,
        language,
        added,
        added_by,
        link=None,
        attachment=None,
    ):
        self.id = new_id()
        self.title = title
        self.kind = kind  # EVIDENCE_KINDS
        self.perspective = perspective  # PERSPECTIVES
        self.author = author  # who gives the evidence (an expert's name and position)
        self.summary = summary
        self.body = body
        self.language = language
        self.link = link
        self.attachment = attachment  # Attachment or None
        self.added = added
        self.added_by = added_by


class AgendaItem(Persistent):
    """One session slot: a title, a start and an end (UTC), a place. The
    title, place and description are {language: text}, as the organisers
    wrote them in each language (items stored as plain text before are
    given their language by evolve_23_agenda_languages)."""

    __parent__ = None
    __name__ = None

    def __init__(self, title, starts, ends, place, description, added_by):
        self.id = new_id()
        self.title = title
        self.starts = starts
        self.ends = ends
        self.place = place
        self.description = description
        self.added_by = added_by


class Post(Persistent):
    def __init__(self, author, text, language, created):
        self.id = new_id()
        self.author = author  # userid
        self.text = text
        self.language = language
        self.created = created


class Thread(Persistent):
    """A private deliberation thread: posts in the order they were written."""

    __parent__ = None
    __name__ = None

    def __init__(self, title, author, created):
        self.id = new_id()
        self.title = title
        self.author = author
        self.created = created
        self.posts = OOBTree()  # "<iso time>-<sequence>-<id>" -> Post, in order
        self.post_count = Length()

    def add_post(self, post):
        # The sequence keeps the order of posts written in the same instant.
        self.posts[f"{post.created.isoformat()}-{self.post_count():08d}-{post.id}"] = post
        self.post_count.change(1)
        return post


class Revision(Persistent):
    # "withdrawn" or "restored" for a revision that records only that; a
    # class default, so revisions stored before it read None.
    event = None

    def __init__(self, text, reasoning, minority, editor, when, note=""):
        self.text = text
        self.reasoning = reasoning
        self.minority = minority
        self.editor = editor
        self.when = when
        self.note = note


class MinistryAnswer(Persistent):
    """The ministry's answer to one recommendation."""

    def __init__(
        self,
        disposition,
        reason,
        language,
        official,
        official_role,
        when,
        translation=None,
        revision_reason=None,
    ):
        self.disposition = disposition  # ANSWER_DISPOSITIONS
        self.reason = reason
        self.language = language
        self.translation = translation  # {language: text} or None
        self.official = official  # userid
        self.official_role = official_role  # the position, shown publicly
        self.when = when
        self.revision_reason = revision_reason


class Recommendation(Persistent):
    """A draft recommendation that jurors edit and vote on (one vote per
    juror, which they may change until the findings are submitted)."""

    __parent__ = None
    __name__ = None

    def __init__(self, number, title, text, language, author, created):
        self.id = new_id()
        self.number = number  # shown as "Recommendation N"; the order of the findings
        self.title = title
        self.text = text
        self.language = language
        self.reasoning = ""  # why the panel recommends it
        self.minority = ""  # minority opinions
        self.author = author
        self.created = created
        self.revisions = PersistentList()  # Revision, oldest first
        self.votes = OOBTree()  # userid -> VOTES
        self.withdrawn = False
        self.answer = None  # MinistryAnswer
        self.answer_history = PersistentList()  # earlier MinistryAnswer objects

    def tally(self):
        counts = dict.fromkeys(VOTES, 0)
        for vote in self.votes.values():
            counts[vote] += 1
        return counts

    def shares(self):
        """{vote: share of the votes cast} (0 when nobody voted)."""
        counts = self.tally()
        total = sum(counts.values())
        return {vote: (count / total if total else 0.0) for vote, count in counts.items()}


class Findings(Persistent):
    """What the panel submitted, frozen at submission."""

    def __init__(self, summary, language, submitted, submitted_by, recommendations):
        self.summary = summary
        self.language = language
        self.submitted = submitted
        self.submitted_by = submitted_by
        # Plain dicts, one per recommendation in order: id, number, title, text,
        # language, reasoning, minority, votes ({vote: count}), jurors (panel size
        # who could vote).
        self.recommendations = tuple(dict(r) for r in recommendations)
