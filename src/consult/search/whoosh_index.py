"""The whoosh engine (whoosh-reloaded): `WhooshIndex`, the ISearchIndex
named `consult.search.whoosh_index.WhooshIndex` in `backends.BACKENDS`.

Whoosh stores the index; the layout of consult's documents in it and the
fast reading of its files are in `whoosh_files`, the per-thread segment
readers and the caches shared between threads in `whoosh_readers`, and the
searching and BM25F scoring (not whoosh's `Searcher.search`, too slow at
100 000 documents) in `whoosh_search`. This module opens the index, writes
it and merges its segments.

Writes: one writer at a time (callers serialise writes). `commit` never
merges (a merging commit blocked 20-40 s); beyond ISearchIndex:

- `maintain(max_segments=MAX_SEGMENTS, max_documents=MERGE_DOCUMENTS)`: when
  there are more than `max_segments` segments, merge the smallest into one
  (at most `max_documents` documents, so that it is short), for the
  background writer to call when idle; returns whether it merged;
- `optimize()`: merge everything into one segment (slow);
- `segment_count()`: how many segments the index has."""

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.reading import SegmentReader, TermNotFound
from zope.interface import implementer

from . import engine
from .interfaces import ISearchIndex
from .whoosh_files import MappedStorage, fields_of, schema
from .whoosh_readers import SegmentReaders
from .whoosh_search import search

WRITE_LOCK_TIMEOUT = 30.0  # seconds to wait for another writer
MAX_SEGMENTS = 8  # `maintain` merges past this many segments
MERGE_DOCUMENTS = 5_000  # and at most this many documents at once (some 10 s)


def smallest_segments(segments, max_segments, max_documents):
    """The segments `maintain` merges: the smallest, as many as it takes to
    leave `max_segments`, but no more documents than `max_documents` (so a
    merge is short); none when fewer than two would be merged."""
    if len(segments) <= max_segments:
        return []
    chosen: list = []  # whoosh Segments (whoosh has no types)
    documents = 0
    for segment in sorted(segments, key=lambda segment: segment.doc_count_all()):
        if (
            len(chosen) > len(segments) - max(1, max_segments)
            or documents + segment.doc_count_all() > max_documents
        ):
            break
        chosen.append(segment)
        documents += segment.doc_count_all()
    return chosen if len(chosen) > 1 else []


def merge_segments(chosen):
    """A whoosh merge policy merging the `chosen` segments into one."""

    def policy(writer, segments):
        ids = {segment.segment_id() for segment in chosen}
        merged = [segment for segment in segments if segment.segment_id() in ids]
        if len(merged) < 2:
            return segments
        for segment in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [segment for segment in segments if segment.segment_id() not in ids]

    return policy


@implementer(ISearchIndex)
class WhooshIndex:
    """An ISearchIndex in a whoosh directory; see the module docstring for
    the methods beyond ISearchIndex (`maintain`, `optimize`,
    `segment_count`), and `whoosh_readers` for the caches."""

    def __init__(self, path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        storage = MappedStorage(str(self.path), supports_mmap=False)
        if whoosh_index.exists_in(str(self.path)):
            self._index = whoosh_index.FileIndex(storage)
        else:
            self._index = whoosh_index.FileIndex.create(storage, schema())
        self._staging = engine.Staging()
        self._readers = SegmentReaders(self._index)

    # -- writing -------------------------------------------------------------

    def add(self, documents):
        self._staging.add(documents)

    def remove(self, ids):
        self._staging.remove(ids)

    def commit(self):
        """Write every staged change with one writer. The commit does not
        merge segments (a merging commit blocked 20-40 s); `maintain()` and
        `optimize()` do."""
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

    def segment_count(self):
        return len(self._index._segments())

    def maintain(self, max_segments=MAX_SEGMENTS, max_documents=MERGE_DOCUMENTS):
        """When there are more than `max_segments` segments, merge the
        smallest into one, as many as it takes to leave `max_segments` but
        no more than `max_documents` documents; returns whether it merged.
        For the background writer when it is idle: the merge holds the write
        lock (whoosh merges some 500 documents a second), searches go on.
        Called again and again, it turns the segments of single-document
        commits into few; `optimize()` merges everything."""
        if self.segment_count() <= max_segments:
            return False
        writer = self._index.writer(timeout=WRITE_LOCK_TIMEOUT)
        chosen = smallest_segments(writer.segments, max_segments, max_documents)
        if not chosen:
            writer.cancel()
            return False
        writer.commit(mergetype=merge_segments(chosen))
        return True

    def optimize(self):
        """Merge every segment into one (slow; for a quiet moment)."""
        self._index.optimize()

    def clear(self):
        self._staging.clear()
        writer = self._index.writer(timeout=WRITE_LOCK_TIMEOUT)
        writer.commit(mergetype=writing.CLEAR)

    def close(self):
        self._staging.clear()
        self._readers.close()
        self._index.close()

    # -- reading -------------------------------------------------------------

    def search(self, query):
        return search(self._readers, query)

    def get(self, document_id):
        for leaf in reversed(self._readers.state().leaves):
            try:  # `reader.postings` leaves deleted documents out
                docnums = list(leaf.reader.postings("id", document_id).all_ids())
            except TermNotFound:
                continue
            if docnums:
                return engine.loads(leaf.reader.stored_fields(docnums[0])["doc"])
        return None

    def count(self):
        return sum(leaf.reader.doc_count() for leaf in self._readers.state().leaves)
