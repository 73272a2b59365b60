"""The search contract every engine implements (memory, whoosh, tantivy),
and the service requests search through (`ISearchService`).

Engines never analyse text themselves: consult's own analyzer
(`search.analysis`) turns text into stems in Python, engines index those
stems, and snippets are highlighted in Python from the original text. That
keeps results identical across engines, gives Kazakh the same treatment as
Russian and English, and avoids whoosh pickling an analyzer."""

from dataclasses import dataclass, field
from datetime import datetime

from zope.interface import Attribute, Interface

EVERYONE = "system.Everyone"
FILTER_FIELDS = ("kind", "language", "consultation", "stage", "article", "stance", "state")
FACET_FIELDS = ("kind", "language", "consultation", "stage", "stance")
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class SearchDocument:
    """One searchable thing. `id` is unique across the site, e.g.
    "comment:<slug>:<id>" or "article:<slug>:<version>:<uid>:<language>".
    Its `title` and `text` are searched; `context` is only shown with it."""

    id: str
    kind: str  # consultation | document | question | article | comment
    language: str  # kk | ru | en; a comment's may be any language ("de", "zh")
    title: str  # a comment has none of its own: ""
    text: str
    url: str  # a path with the anchor, e.g. /consultations/x/drafts/1/3/#article-3
    # What the document is about, shown with it but never searched: a comment's
    # Green-Paper question or "Article 3, paragraph 2". Searching it made every
    # comment on a question match the question's words.
    context: str = ""
    consultation: str = ""
    stage: str = ""
    article: str = ""
    stance: str = ""
    state: str = "published"
    created: datetime | None = None  # aware UTC
    author: str = ""  # the public name only, never an e-mail
    # Principals that may see it (Pyramid's effective principals); the query's
    # principals must share one of them.
    visible_to: tuple = (EVERYONE,)


@dataclass(frozen=True)
class SearchQuery:
    text: str
    filters: dict = field(default_factory=dict)  # field in FILTER_FIELDS -> value
    since: datetime | None = None
    until: datetime | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    principals: tuple = (EVERYONE,)
    facets: tuple = FACET_FIELDS


@dataclass
class SearchHit:
    document: SearchDocument
    score: float
    snippet: str  # HTML: escaped text with the matched words in <mark>


@dataclass
class SearchResult:
    total: int
    hits: list
    facets: dict  # facet field -> {value: count}, over every match, not one page


class ISearchIndex(Interface):
    """Changes are staged by `add`/`remove` and become visible at `commit`;
    `abort` drops them. One writer per index: callers serialise writes."""

    path = Attribute("Where the index lives (None for the memory index)")

    def add(documents):
        """Stage documents, replacing any with the same id."""

    def remove(ids):
        """Stage the removal of these ids (unknown ids are ignored)."""

    def commit():
        """Make staged changes visible to searches."""

    def abort():
        """Drop staged changes."""

    def search(query):
        """A SearchResult for a SearchQuery: every query word must match
        (in any of its language variants), filters and visibility applied."""

    def get(document_id):
        """The committed SearchDocument with this id, or None."""

    def count():
        """How many committed documents there are."""

    def clear():
        """Remove every document (committed at once)."""

    def close():
        """Release files and threads."""


class ISearchService(Interface):
    """What request code searches with: `request.find_service(ISearchService)`.
    Requests only read: the process's index feeder (search.feed.IndexFeeder)
    is the index's only writer."""

    building = Attribute("True while a full rebuild runs: results may be incomplete.")

    def search(query):
        """Search the index the process currently serves.

        :param query: a SearchQuery; its `principals` decide what may be seen.
        :returns: a SearchResult (this page's hits with snippets, the total
            and the facet counts over every match).
        """
