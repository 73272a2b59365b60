"""The whoosh engine (whoosh-reloaded). It indexes the stems consult's analyzer
produced, split on spaces by whoosh's own SpaceSeparatedTokenizer: no analyzer
of ours goes into the schema whoosh pickles. Queries are built as objects, so
there is no query syntax to break."""
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import sorting, writing
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.query import And, NumericRange, Or, Term
from zope.interface import implementer

from . import engine
from .interfaces import FILTER_FIELDS, ISearchIndex, SearchResult

UNDATED = -(2**62)  # sorts after every date when newest come first
WRITE_LOCK_TIMEOUT = 30.0  # seconds to wait for another writer


def schema():
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        terms=TEXT(analyzer=SpaceSeparatedTokenizer()),
        visible_to=KEYWORD(commas=True),
        created=NUMERIC(bits=64, signed=True, sortable=True),  # microseconds since epoch
        doc=STORED(),
        **{name: ID(sortable=True) for name in FILTER_FIELDS},
    )


def microseconds(moment):
    return round(moment.timestamp() * 1_000_000)


def fields_of(document):
    fields = {
        "id": document.id,
        "terms": engine.terms_of(document),
        "visible_to": ",".join(document.visible_to),
        "created": microseconds(document.created) if document.created else UNDATED,
        "doc": engine.dumps(document),
    }
    for name in FILTER_FIELDS:
        value = getattr(document, name)
        if value:
            fields[name] = value
    return fields


def score_of(hit, query):
    """With `sortedby`, whoosh gives the sort key as the score: by relevance
    it starts with the negated score; sorting by date scores nothing."""
    if query.sort == "date":
        return 0.0
    return -hit.score[0]


@implementer(ISearchIndex)
class WhooshIndex:
    def __init__(self, path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(str(self.path)):
            self._index = whoosh_index.open_dir(str(self.path))
        else:
            self._index = whoosh_index.create_in(str(self.path), schema())
        self._staging = engine.Staging()

    # -- writing -------------------------------------------------------------

    def add(self, documents):
        self._staging.add(documents)

    def remove(self, ids):
        self._staging.remove(ids)

    def commit(self):
        """Write every staged change with one writer. The commit does not
        merge segments (a merging commit blocked 20-40 s); `optimize()` does."""
        changes = self._staging.take()
        if not changes:
            return
        writer = self._index.writer(timeout=WRITE_LOCK_TIMEOUT)
        try:
            for document_id, document in changes.items():
                if document is None:
                    writer.delete_by_term("id", document_id)
                else:
                    writer.update_document(**fields_of(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)

    def abort(self):
        self._staging.clear()

    def optimize(self):
        """Merge every segment into one (slow; for a quiet moment)."""
        self._index.optimize()

    def clear(self):
        self._staging.clear()
        writer = self._index.writer(timeout=WRITE_LOCK_TIMEOUT)
        writer.commit(mergetype=writing.CLEAR)

    def close(self):
        self._staging.clear()
        self._index.close()

    # -- reading -------------------------------------------------------------

    def search(self, query):
        engine.check(query)
        words = engine.query_words(query)
        if not words or not query.principals:
            return engine.empty_result(query)
        matcher = And([Or([Term("terms", stem) for stem in sorted(word)]) for word in words])
        conditions = [Or([Term("visible_to", principal) for principal in query.principals])]
        conditions += [Term(name, value) for name, value in sorted(query.filters.items())]
        if query.since is not None or query.until is not None:
            conditions.append(NumericRange(
                "created",
                microseconds(query.since) if query.since is not None else UNDATED + 1,
                microseconds(query.until) if query.until is not None else None))
        if query.sort == "date":
            order = sorting.MultiFacet([sorting.FieldFacet("created", reverse=True),
                                        sorting.FieldFacet("id")])
        else:
            order = sorting.MultiFacet([sorting.ScoreFacet(), sorting.FieldFacet("id")])
        groups = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in query.facets}
        start, stop = engine.page_bounds(query)
        with self._index.searcher() as searcher:
            results = searcher.search(matcher, filter=And(conditions), limit=stop,
                                      sortedby=order, groupedby=groups or None)
            hits = [engine.hit(engine.loads(hit["doc"]), score_of(hit, query), query)
                    for hit in results[start:stop]]
            facets = {name: engine.clean_facets(results.groups(name)) for name in query.facets}
            return SearchResult(total=len(results), hits=hits, facets=facets)

    def get(self, document_id):
        with self._index.searcher() as searcher:
            fields = searcher.document(id=document_id)
        return engine.loads(fields["doc"]) if fields else None

    def count(self):
        return self._index.doc_count()
