"""The tantivy engine (Rust, via the official `tantivy` Python bindings).

Engines never analyse text: the stems from `analysis.analyze` are joined by
spaces into `body`, whose tokenizer is tantivy's "whitespace" (no lowercasing,
no splitting on punctuation, no length limit), so every stem is one term
exactly as consult's analyzer produced it. Queries are built from
`tantivy.Query` combinators, never from tantivy's query parser, so user text
can't cause a syntax error.

Fields:
  body         stems, whitespace tokenizer, BM25 (freqs, no positions)
  id, kind, language, consultation, stage, article, stance, state
               raw-tokenized (exact match) and fast (facets by aggregation)
  visible_to   raw, multi-valued
  created      i64 microseconds since the epoch, indexed and fast (range, sort)
  doc          the SearchDocument as UTF-8 JSON bytes, stored only

Searches: `tantivy_search` (one aggregation for the total and the facets,
one ranking search for the page, stored documents read only around it).

Writes: `add`/`remove` stage; `commit` opens one IndexWriter, deletes each
staged id by term, adds the new versions, commits, waits for merges and drops
the writer, so the directory lock is held only during a commit."""

import os
import threading
import time
from datetime import UTC, datetime

import tantivy
from zope.interface import implementer

from . import engine, tantivy_search
from .interfaces import FILTER_FIELDS, ISearchIndex

BODY = "body"
CREATED = tantivy_search.CREATED
STORED = tantivy_search.STORED
RAW_FIELDS = ("id",) + FILTER_FIELDS
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Bytes, split between the writer threads; tantivy wants at least 15 MB a
# thread. The feeder's commits are small (a few hundred documents), so 32 MB
# is plenty and keeps 32 MB off the process's peak (benchmarks/README.md).
WRITER_HEAP = 32_000_000
WRITER_THREADS = max(1, min(2, os.cpu_count() or 1))
LOCK_TIMEOUT = 10.0  # seconds to wait for another writer's directory lock


def build_schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(BODY, tokenizer_name="whitespace", index_option="freq")
    for name in RAW_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_text_field("visible_to", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field(CREATED, indexed=True, fast=True)
    # Stored only: a text field would also index the whole JSON as one term.
    builder.add_bytes_field(STORED, stored=True)
    return builder.build()


def _micros(moment):
    """Microseconds since the epoch (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


# The stored form and the stems are shared with the other engines.
dump_document = engine.dumps
load_document = engine.loads
stems_of = engine.terms_of


@implementer(ISearchIndex)
class TantivyIndex:
    """An ISearchIndex in a tantivy directory (in RAM when `path` is None)."""

    def __init__(self, path=None):
        self.path = path
        self._schema = build_schema()
        self._index: tantivy.Index | None
        if path is None:
            self._index = tantivy.Index(self._schema)
        else:
            os.makedirs(path, exist_ok=True)
            try:
                self._index = tantivy.Index(self._schema, path=str(path), reuse=True)
            except ValueError as error:  # "An index exists but the schema does not match."
                raise ValueError(
                    f"{path}: {error} The search index is derived data: remove"
                    " the directory and reindex."
                ) from error
        self._staging = engine.Staging()
        self._lock = threading.Lock()  # callers serialise writes; this guards our state

    # -- writes ------------------------------------------------------------

    def add(self, documents):
        self._staging.add(documents)

    def remove(self, ids):
        self._staging.remove(ids)

    def commit(self):
        with self._lock:
            if self._staging:
                self._write(self._staging.take())

    def abort(self):
        self._staging.clear()

    def clear(self):
        with self._lock:
            self._staging.clear()
            self._write(None)

    def _write(self, pending):
        """Apply `pending` (or delete everything when None) in one commit."""
        writer = self._writer()
        try:
            if pending is None:
                writer.delete_all_documents()
            else:
                for document_id, document in pending.items():
                    writer.delete_documents_by_term("id", document_id)
                    if document is not None:
                        writer.add_document(self._tantivy_document(document))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            # Finishes the merges and drops the writer: releases the lock.
            writer.wait_merging_threads()
        self._open_index().reload()

    def _writer(self):
        """An IndexWriter, waiting a little while another one (another
        process: the CLI, a second worker) holds the directory lock."""
        index = self._open_index()
        deadline = time.monotonic() + LOCK_TIMEOUT
        delay = 0.01
        while True:
            try:
                return index.writer(WRITER_HEAP, WRITER_THREADS)
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    def _tantivy_document(self, document):
        doc = tantivy.Document()
        doc.add_text(BODY, stems_of(document))
        doc.add_text("id", document.id)
        for name in FILTER_FIELDS:  # "" too, so that a filter on "" is exact as well
            doc.add_text(name, getattr(document, name) or "")
        for principal in document.visible_to:
            doc.add_text("visible_to", principal)
        if document.created is not None:
            doc.add_integer(CREATED, _micros(document.created))
        doc.add_bytes(STORED, dump_document(document).encode("utf-8"))
        return doc

    # -- reads -------------------------------------------------------------

    def _open_index(self):
        if self._index is None:
            raise RuntimeError("the tantivy index is closed")
        return self._index

    def get(self, document_id):
        searcher = self._open_index().searcher()
        found = searcher.search(self._term("id", document_id), limit=1, count=False).hits
        return load_document(searcher.doc(found[0][1]).get_first(STORED)) if found else None

    def count(self):
        return self._open_index().searcher().num_docs

    def _term(self, name, value):
        return tantivy.Query.term_query(self._schema, name, value, index_option="basic")

    def _any_of(self, name, values):
        queries = [self._term(name, value) for value in dict.fromkeys(values)]
        if not queries:
            return tantivy.Query.empty_query()
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def build_query(self, query, words):
        """The tantivy Query for a SearchQuery and its `engine.query_words`:
        every word (any of its variant stems), the filters, visibility and
        the date range."""
        clauses = []
        for variants in words:
            stems = [
                tantivy.Query.term_query(self._schema, BODY, stem, index_option="freq")
                for stem in sorted(variants)
            ]
            word = (
                stems[0]
                if len(stems) == 1
                else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in stems])
            )
            clauses.append((tantivy.Occur.Must, word))
        for name, value in sorted(query.filters.items()):
            # Like engine.accepts: equal to the value, and a non-string equals nothing.
            clauses.append(
                (
                    tantivy.Occur.Must,
                    self._term(name, value)
                    if isinstance(value, str)
                    else tantivy.Query.empty_query(),
                )
            )
        clauses.append((tantivy.Occur.Must, self._any_of("visible_to", query.principals)))
        if query.since is not None or query.until is not None:  # inclusive, undated excluded
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        self._schema,
                        CREATED,
                        tantivy.FieldType.Integer,
                        _micros(query.since) if query.since is not None else None,
                        _micros(query.until) if query.until is not None else None,
                    ),
                )
            )
        return tantivy.Query.boolean_query(clauses)

    def search(self, query):
        engine.check(query)
        words = engine.query_words(query)
        if not words:
            return engine.empty_result(query)
        searcher = self._open_index().searcher()
        return tantivy_search.search(searcher, self.build_query(query, words), query)

    def close(self):
        with self._lock:
            self._staging.clear()
            self._index = None  # dropping the Index closes its reader and files


__all__ = ["TantivyIndex"]
