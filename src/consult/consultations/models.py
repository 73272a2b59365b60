"""Consultations, their stages, stage documents and structured drafts.

Text that a ministry may provide in several languages is a plain dict
{language: text}; it is replaced whole, never mutated in place, so that
persistence notices the change."""

import uuid

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from pyramid.authorization import ALL_PERMISSIONS, Allow, Deny, Everyone

from ..resources.models import Folder, LocalRoles
from ..revisions import Revisioned
from .article_uids import article_by_uid
from .tags import TagNames

STAGE_KINDS = ("green", "white", "outcome")
DOCUMENT_KINDS = ("concept", "expert", "statement", "other")
STATES = ("draft", "scheduled", "open", "closed", "outcome")


def new_uid():
    return uuid.uuid4().hex[:12]


def merged(texts, language, text):
    """A copy of `texts` with `language` set to `text` (or removed if empty)."""
    result = dict(texts or {})
    if text and text.strip():
        result[language] = text.strip()
    else:
        result.pop(language, None)
    return result


class Consultations(Folder):
    """All consultations, keyed by slug, and the names of their tags."""

    def __init__(self):
        super().__init__()
        self.tag_names = TagNames()

    def by_newest(self):
        return sorted(self.values(), key=lambda c: c.created, reverse=True)


class Document(Persistent):
    """A published stage document: the Green Paper's concept, an expert
    consultation, the White Paper's policy statement."""

    def __init__(self, kind, title, body):
        if kind not in DOCUMENT_KINDS:
            raise ValueError(kind)
        self.uid = new_uid()
        self.kind = kind
        self.title = dict(title)
        self.body = dict(body)


class Question(Persistent):
    """A question put to the public in the Green Paper; comments may answer it."""

    def __init__(self, text):
        self.uid = new_uid()
        self.text = dict(text)

    @property
    def target(self):
        return f"question:{self.uid}"


class Stage(Persistent):
    """One stage of a consultation, open for comments between two instants (UTC)."""

    def __init__(self, kind):
        if kind not in STAGE_KINDS:
            raise ValueError(kind)
        self.kind = kind
        self.opens_at = None
        self.closes_at = None
        self.documents = PersistentList()
        self.questions = PersistentList()

    @property
    def __name__(self):
        return self.kind

    @staticmethod
    def check_times(opens_at, closes_at):
        """Raise ValueError unless the pair can schedule a stage."""
        if (opens_at is None) != (closes_at is None):
            raise ValueError("a stage needs both an opening and a closing time, or neither")
        if opens_at is not None:
            if opens_at.tzinfo is None or closes_at.tzinfo is None:
                raise ValueError("stage times must be timezone-aware")
            if closes_at <= opens_at:
                raise ValueError("a stage must close after it opens")

    def schedule(self, opens_at, closes_at):
        self.check_times(opens_at, closes_at)
        self.opens_at, self.closes_at = opens_at, closes_at

    def status(self, now):
        if self.opens_at is None:
            return "unscheduled"
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"

    def is_open(self, now):
        return self.status(now) == "open"

    def question(self, uid):
        for question in self.questions:
            if question.uid == uid:
                return question
        return None


class Paragraph(Persistent):
    def __init__(self, number, text):
        self.uid = new_uid()
        self.number = number
        self.text = dict(text)


class Article(Persistent):
    """An article of a draft bill. `uid` is its identity across versions and
    renumbering; `number` is what readers see and what anchors use."""

    def __init__(self, number, heading):
        self.uid = new_uid()
        self.number = str(number)
        self.heading = dict(heading)
        self.paragraphs = PersistentList()

    @property
    def __name__(self):
        return self.number

    @property
    def anchor(self):
        return f"article-{self.number}"

    @property
    def target(self):
        return f"article:{self.uid}"

    def paragraph_target(self, paragraph):
        return f"paragraph:{self.uid}:{paragraph.uid}"

    def set_paragraph_texts(self, language, texts):
        """Set this language's paragraph texts by position, adding paragraphs as needed."""
        for index, text in enumerate(texts):
            if index < len(self.paragraphs):
                paragraph = self.paragraphs[index]
                paragraph.text = merged(paragraph.text, language, text)
            else:
                self.paragraphs.append(Paragraph(index + 1, {language: text}))
        for paragraph in self.paragraphs[len(texts) :]:
            paragraph.text = merged(paragraph.text, language, "")
        # Paragraphs with no text left in any language are dropped.
        kept = [p for p in self.paragraphs if p.text]
        if len(kept) != len(self.paragraphs):
            self.paragraphs[:] = kept
            for number, paragraph in enumerate(self.paragraphs, start=1):
                paragraph.number = number


class Section(Persistent):
    def __init__(self, number, heading):
        self.uid = new_uid()
        self.number = number
        self.heading = dict(heading)
        self.articles = PersistentList()


class Draft(Persistent):
    """One version of the draft bill: sections of articles of paragraphs.
    `created` is when the version was published."""

    # Who published the version (a user id) and what changed ({language:
    # text}). Class defaults, so versions stored before these existed read
    # None and need no evolution step.
    published_by = None
    summary = None

    def __init__(self, version, created):
        self.version = version
        self.created = created
        self.title = {}
        self.preamble = {}
        self.sections = PersistentList()
        self._articles = OOBTree()  # number -> Article

    def articles(self):
        for section in self.sections:
            yield from section.articles

    def article_count(self):
        return len(self._articles)

    def __getitem__(self, number):
        return self._articles[number]

    def get(self, number, default=None):
        return self._articles.get(number, default)

    def article_by_uid(self, uid):
        return article_by_uid(self, uid)

    def find_target(self, target):
        """(kind, object) of an "article:" or "paragraph:" target in this
        version, or (None, None)."""
        kind, _, rest = target.partition(":")
        article_uid, _, paragraph_uid = rest.partition(":")
        if kind not in ("article", "paragraph"):
            return None, None
        article = self.article_by_uid(article_uid)
        if article is None:
            return None, None
        if kind == "article":
            return kind, article
        for paragraph in article.paragraphs:
            if paragraph.uid == paragraph_uid:
                return kind, (article, paragraph)
        return None, None

    def _reindex(self):
        self._articles.clear()
        for article in self.articles():
            article.__parent__ = self
            self._articles[article.number] = article

    def apply_parsed(self, language, parsed):
        """Merge one language's parsed text into the structure: sections by
        position, articles by number. Articles missing from the file keep their
        other languages; this language's text is removed from them."""
        self.preamble = merged(self.preamble, language, "\n\n".join(parsed.preamble))
        seen = set()
        for position, parsed_section in enumerate(parsed.sections):
            if position < len(self.sections):
                section = self.sections[position]
                section.heading = merged(section.heading, language, parsed_section.heading)
            else:
                section = Section(
                    parsed_section.number,
                    {language: parsed_section.heading} if parsed_section.heading else {},
                )
                self.sections.append(section)
            for parsed_article in parsed_section.articles:
                article = self._articles.get(parsed_article.number)
                if article is None:
                    article = Article(parsed_article.number, {})
                    section.articles.append(article)
                    self._articles[article.number] = article
                article.heading = merged(article.heading, language, parsed_article.heading)
                article.set_paragraph_texts(language, [p.text for p in parsed_article.paragraphs])
                seen.add(article.number)
        for article in list(self.articles()):
            if article.number not in seen:
                article.heading = merged(article.heading, language, "")
                article.set_paragraph_texts(language, [])
        self._reindex()


class Drafts(Folder):
    """The versions of a consultation's draft, keyed "1", "2", ..."""

    def latest(self):
        if not len(self):
            return None
        return self[max(self.keys(), key=int)]

    def in_order(self):
        """The versions, oldest first."""
        return [self[key] for key in sorted(self.keys(), key=int)]

    def next_version(self):
        return max((int(key) for key in self.keys()), default=0) + 1

    def add_version(self, draft):
        if draft.version != self.next_version():
            raise ValueError(f"version {draft.version} does not follow the latest")
        return self.add(str(draft.version), draft)


class Consultation(LocalRoles, Revisioned, Persistent):
    """A consultation on a draft law: its stages, documents, draft versions and
    comments. Its state follows from publication and the stages' times."""

    # Clusters of near-identical comments (campaigns.models.CampaignIndex),
    # created by the campaign worker with the first comment it places.
    campaigns = None

    # Days after a stage closes within which its comments are answered
    # (responses); a class default, so consultations stored before it read 15.
    answer_days = 15

    # The verification level (verification.interfaces) required to comment
    # and to support comments; class defaults: a confirmed e-mail address.
    comment_level = 1
    support_level = 1

    # Its organisation's address (step 22 set it on those stored before).
    organisation = None

    # Its comment store (`comments`, feedback.store.CommentStore) and
    # response register (`responses`, responses.models.ResponseRegister) are
    # added by those capabilities when they hear ConsultationCreated, which
    # the service announces: consultations builds below both.

    def __init__(self, title, summary, ministry, tags, created, created_by):
        self.title = dict(title)
        self.summary = dict(summary)
        self.ministry = dict(ministry)
        self.tags = tuple(tags)
        self.created = created
        self.created_by = created_by
        self.published_at = None
        self.outcome_published_at = None
        self.outcome = {}
        self.premoderation = False
        self.local_roles = OOBTree()
        self.stages = {kind: Stage(kind) for kind in STAGE_KINDS}
        for stage in self.stages.values():
            stage.__parent__ = self
        self.drafts = Drafts()
        self.drafts.__parent__, self.drafts.__name__ = self, "drafts"

    @property
    def slug(self):
        return self.__name__

    def roles_held_through(self):
        """Its organisation, whose staff's roles hold here (accounts.security)."""
        root = getattr(getattr(self, "__parent__", None), "__parent__", None)
        found = root.get("organisations") if root is not None and self.organisation else None
        found = found.get(self.organisation) if found is not None else None
        return () if found is None else (found,)

    @property
    def __acl__(self):
        if self.published_at is not None:
            return []
        # Until published, only staff see it.
        return [
            (Allow, "role:administrator", ALL_PERMISSIONS),
            (Allow, "role:editor", ("view", "answer")),
            (Allow, "role:moderator", ("view", "answer")),
            (Deny, Everyone, "view"),
        ]

    def __getitem__(self, name):
        if name in self.stages:
            return self.stages[name]
        if name == "draft":
            draft = self.current_draft()
            if draft is None:
                raise KeyError(name)
            return draft
        if name == "drafts":
            return self.drafts
        if name == "comments":
            return self.comments
        if name == "campaigns" and self.campaigns is not None:
            return self.campaigns
        raise KeyError(name)

    def current_draft(self):
        return self.drafts.latest()

    def ensure_draft(self, now):
        draft = self.current_draft()
        if draft is None:
            draft = self.drafts.add("1", Draft(1, now))
        return draft

    def state(self, now):
        if self.published_at is None:
            return "draft"
        if self.outcome_published_at is not None:
            return "outcome"
        statuses = [self.stages[kind].status(now) for kind in ("green", "white")]
        if "open" in statuses:
            return "open"
        if "upcoming" in statuses:
            return "scheduled"
        if "closed" in statuses:
            return "closed"
        return "scheduled"

    def open_stage(self, now):
        for kind in ("green", "white"):
            if self.stages[kind].is_open(now):
                return self.stages[kind]
        return None

    def stage_for_document(self, kind):
        """The stage that publishes a document of `kind`: the Green Paper holds
        the concept and expert consultations, the White Paper the rest."""
        return self.stages["green" if kind in ("concept", "expert") else "white"]

    def stage_for_target(self, target):
        """The stage during which `target` accepts comments."""
        kind = "green" if target.startswith("question:") else "white"
        return self.stages[kind]

    def find_target(self, target):
        """(kind, object) named by a comment target, or (None, None)."""
        kind, _, rest = target.partition(":")
        if kind == "question":
            return kind, self.stages["green"].question(rest)
        draft = self.current_draft()
        if draft is None:
            return None, None
        if kind == "article":
            return kind, draft.article_by_uid(rest)
        if kind == "paragraph":
            article_uid, _, paragraph_uid = rest.partition(":")
            article = draft.article_by_uid(article_uid)
            if article is not None:
                for paragraph in article.paragraphs:
                    if paragraph.uid == paragraph_uid:
                        return kind, (article, paragraph)
        return None, None
