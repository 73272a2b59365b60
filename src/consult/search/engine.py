"""What every engine shares, so that results agree across engines: the term
string a document is indexed under, its stored JSON, staging, visibility,
filters, facet counting, ordering, paging and snippets."""

import json
from collections import OrderedDict
from datetime import datetime

from . import analysis
from .interfaces import FILTER_FIELDS, SORTS, SearchDocument, SearchHit, SearchResult

# -- documents ---------------------------------------------------------------


def terms_of(document):
    """The whitespace-separated stems a document is indexed under."""
    return " ".join(analysis.analyze(document.title + " " + document.text, document.language))


def dumps(document):
    """The whole document as JSON (`created` as ISO 8601), for a stored field."""
    data = {name: getattr(document, name) for name in SearchDocument.__dataclass_fields__}
    data["created"] = document.created.isoformat() if document.created else None
    data["visible_to"] = list(document.visible_to)
    return json.dumps(data, ensure_ascii=False)


def loads(text):
    """The SearchDocument `dumps` stored."""
    data = json.loads(text)
    data["created"] = datetime.fromisoformat(data["created"]) if data["created"] else None
    data["visible_to"] = tuple(data["visible_to"])
    return SearchDocument(**data)


# -- staging -----------------------------------------------------------------


class Staging:
    """Adds and removes in the order they were made, collapsed to the final
    state per id: {id: SearchDocument to (re)place, or None to remove}."""

    def __init__(self):
        self.changes = OrderedDict()

    def add(self, documents):
        for document in documents:
            self.changes.pop(document.id, None)
            self.changes[document.id] = document

    def remove(self, ids):
        for document_id in ids:
            self.changes.pop(document_id, None)
            self.changes[document_id] = None

    def take(self):
        changes, self.changes = self.changes, OrderedDict()
        return changes

    def clear(self):
        self.changes = OrderedDict()

    def __bool__(self):
        return bool(self.changes)


# -- queries -----------------------------------------------------------------


def query_words(query):
    """The query's alternative-stem sets, each once, in order (a long query
    that repeats a word does not build a longer engine query)."""
    return list(dict.fromkeys(analysis.query_terms(query.text, analysis.PREFIXED)))


def check(query):
    """Reject what no engine can honour, the same way everywhere."""
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort {query.sort!r}; expected one of {SORTS}")
    unknown = set(query.filters) - set(FILTER_FIELDS)
    if unknown:
        raise ValueError(f"cannot filter on {sorted(unknown)}; expected {FILTER_FIELDS}")
    unknown = set(query.facets) - set(FILTER_FIELDS)
    if unknown:
        raise ValueError(f"cannot facet on {sorted(unknown)}")


def visible(document, principals):
    return bool(set(document.visible_to) & set(principals))


def accepts(document, query):
    """Filters, date range and visibility (everything but the words)."""
    if not visible(document, query.principals):
        return False
    if any(getattr(document, name) != value for name, value in query.filters.items()):
        return False
    if query.since is not None or query.until is not None:
        if document.created is None:
            return False
        if query.since is not None and document.created < query.since:
            return False
        if query.until is not None and document.created > query.until:
            return False
    return True


def empty_result(query):
    return SearchResult(total=0, hits=[], facets={name: {} for name in query.facets})


def count_facets(documents, fields):
    """{field: {value: count}} over `documents`; empty values are not counted."""
    facets: dict[str, dict[str, int]] = {name: {} for name in fields}
    for document in documents:
        for name in fields:
            value = getattr(document, name)
            if value:
                facets[name][value] = facets[name].get(value, 0) + 1
    return facets


def clean_facets(groups):
    """An engine's {value: count}, without the missing/empty value."""
    return {value: count for value, count in groups.items() if value not in (None, "", b"")}


# -- ordering, paging, hits --------------------------------------------------

UNDATED = float("-inf")


def timestamp(document):
    return document.created.timestamp() if document.created else UNDATED


def order(scored, sort):
    """[(document, score)] in result order: by score, or newest first with
    undated last; ties by id so that pages are stable."""
    if sort == "date":
        return sorted(scored, key=lambda pair: (-timestamp(pair[0]), pair[0].id))
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].id))


def page_bounds(query):
    """(start, stop) offsets of the requested page."""
    page, per_page = max(1, query.page), max(1, query.per_page)
    return (page - 1) * per_page, page * per_page


def hit(document, score, query):
    terms = analysis.query_terms(query.text, (document.language,))
    return SearchHit(
        document=document,
        score=float(score),
        snippet=analysis.highlight(document.text, document.language, terms),
    )
