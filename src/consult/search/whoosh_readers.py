"""The segment readers of a whoosh index and what is cached from them.

Each thread keeps its own segment readers (whoosh readers are not safe to
share between threads) and, when the index generation changed, re-opens
only the segments that are new or whose deletions changed. Whoosh's
`Searcher.refresh()` is not used: in whoosh-reloaded 2.7.5 it keeps the old
deletions of a reused segment and adds back segments a merge removed (so an
updated document is found twice).

Per segment, which never changes once written (only its deletions grow),
`SegmentReaders` caches in memory, shared between threads:

- the postings of the stems searched (docnums and term frequencies, 8 bytes
  a posting, least recently used first out past POSTINGS_CACHE postings);
- the filter/visibility/date conditions of a query, as the set of docnums
  they allow or deny (whichever is smaller), keyed by the segment, its
  deletion count and the conditions, so the common anonymous search computes
  it once per segment, not once per search (FILTER_CACHE docnums at most);
- the columns needed to filter, facet, sort and break ties (kind, language,
  consultation, stage, stance, ..., created, id) and the field lengths BM25
  needs, loaded on first use and dropped with their segment."""

import threading
import weakref
from array import array
from collections import OrderedDict
from math import log

from whoosh.reading import SegmentReader, TermNotFound

from .whoosh_files import LENGTHS, TERMS, UNDATED, column_values, read_postings

POSTINGS_CACHE = 4_000_000  # postings kept in memory (about 8 bytes each)
FILTER_CACHE = 2_000_000  # docnums kept in cached filter sets


class _LRU:
    """A thread-safe mapping that forgets its least recently used entries
    once their summed sizes pass `budget`."""

    def __init__(self, budget):
        self.budget = budget
        self.size = 0
        self._items = OrderedDict()  # key -> (size, value)
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key, value, size):
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[0]
            self._items[key] = (size, value)
            self.size += size
            while self.size > self.budget and len(self._items) > 1:
                self.size -= self._items.popitem(last=False)[1][0]

    def drop_segments(self, live):
        """Forget the entries of segments not in `live` (keys start with the
        segment id)."""
        with self._lock:
            for key in [key for key in self._items if key[0] not in live]:
                self.size -= self._items.pop(key)[0]

    def __len__(self):
        return len(self._items)


class _Leaf:
    """One segment as a thread sees it: its reader and what identifies its
    content (segment id and deletion count)."""

    __slots__ = ("segment_id", "deleted", "reader", "count")

    def __init__(self, segment, reader):
        self.segment_id = segment.segment_id()
        self.deleted = segment.deleted_count()
        self.reader = reader
        self.count = segment.doc_count_all()

    @property
    def key(self):
        return (self.segment_id, self.deleted)


class _State:
    """One thread's view of one index generation."""

    def __init__(self, generation, leaves):
        self.generation = generation
        self.leaves = leaves
        self.doc_count_all = sum(leaf.count for leaf in leaves)
        self.avg_length = (
            sum(leaf.reader.field_length(TERMS) for leaf in leaves) / (self.doc_count_all or 1)
        ) or 1
        self._idfs = {}
        # Its readers are closed when it is (`close`), or when its thread
        # ends and drops it; a state that hands them on detaches this.
        self.finalizer = weakref.finalize(self, _close_readers, [leaf.reader for leaf in leaves])

    def idf(self, stem, postings_of):
        """whoosh.scoring.WeightingModel.idf over the whole index; the
        document frequency, deleted documents included as in whoosh, is the
        length of the (cached) postings: `postings_of(leaf, stem)`."""
        idf = self._idfs.get(stem)
        if idf is None:
            frequency = sum(len(postings_of(leaf, TERMS, stem)[0]) for leaf in self.leaves)
            idf = self._idfs[stem] = log(self.doc_count_all / (frequency + 1)) + 1
        return idf

    def close(self):
        self.finalizer()
        self.leaves = []


def _close_readers(readers):
    for reader in readers:
        reader.close()


class SegmentReaders:
    """This thread's readers of a whoosh `FileIndex` (`state()`), and the
    caches shared by every thread; see the module docstring."""

    def __init__(self, index):
        self._index = index
        self._local = threading.local()  # .state: this thread's _State
        self._states: weakref.WeakSet[_State] = weakref.WeakSet()  # every thread's, to close them
        self._lock = threading.Lock()
        self._postings = _LRU(POSTINGS_CACHE)
        self._filters = _LRU(FILTER_CACHE)
        self._columns = {}  # (segment id, field) -> list of values by docnum
        self._segment_ids: frozenset[str] = (
            frozenset()
        )  # the newest generation's, to drop old caches

    def close(self):
        """Close every thread's readers and forget the caches."""
        for state in list(self._states):
            state.close()
        self._local = threading.local()
        self._postings = _LRU(POSTINGS_CACHE)
        self._filters = _LRU(FILTER_CACHE)
        self._columns = {}

    def state(self):
        """This thread's _State of the newest generation, re-opening only
        the segments that changed since its previous one."""
        state = getattr(self._local, "state", None)
        if state is not None and state.generation == self._index.latest_generation():
            return state
        reusable = {leaf.key: leaf.reader for leaf in state.leaves} if state else {}
        for attempt in range(10):
            # A commit may replace the TOC, or a merge delete a segment's
            # file, while we read them: read the newest TOC again.
            opened = []
            try:
                toc = self._index._read_toc()
                if state is not None and state.generation == toc.generation:
                    return state
                leaves = []
                for segment in toc.segments:
                    reader = reusable.get((segment.segment_id(), segment.deleted_count()))
                    if reader is None:
                        reader = SegmentReader(
                            self._index.storage, toc.schema, segment, generation=toc.generation
                        )
                        opened.append(reader)
                    leaves.append(_Leaf(segment, reader))
                break
            except (OSError, EOFError):
                for reader in opened:
                    reader.close()
                if attempt == 9:
                    raise
        if state is not None:  # the readers the new state does not take over
            state.finalizer.detach()
            used = {id(leaf.reader) for leaf in leaves}
            _close_readers([reader for reader in reusable.values() if id(reader) not in used])
        fresh = _State(toc.generation, leaves)
        self._local.state = fresh
        live = frozenset(leaf.segment_id for leaf in leaves)
        with self._lock:
            if state is not None:
                self._states.discard(state)
            self._states.add(fresh)
            gone = not live >= self._segment_ids
            self._segment_ids = live
        if gone:  # a merge or clear: forget the segments it removed
            self._postings.drop_segments(live)
            self._filters.drop_segments(live)
            with self._lock:
                self._columns = {
                    key: values for key, values in self._columns.items() if key[0] in live
                }
        return fresh

    def column(self, leaf, name):
        """The values of a column of one segment, by docnum."""
        key = (leaf.segment_id, name)
        values = self._columns.get(key)
        if values is None:
            reader = leaf.reader
            if name == LENGTHS:  # what BM25F's scorer reads (a document without terms: 0)
                values = array(
                    "I",
                    (
                        reader.doc_field_length(docnum, TERMS, 1) or 0
                        for docnum in range(leaf.count)
                    ),
                )
            else:
                values = column_values(reader, name)
            self._columns[key] = values
        return values

    def postings_of(self, leaf, field, text):
        """(docnums, frequencies) of a term in one segment, deleted documents
        included (the filter sets leave them out)."""
        key = (leaf.segment_id, field, text)
        found = self._postings.get(key)
        if found is None:
            found = read_postings(leaf.reader, field, text)
            self._postings.put(key, found, len(found[0]) + 1)
        return found

    def allowed(self, leaf, conditions):
        """("allow" or "deny", docnums) of a segment for a query's principals,
        filters and date range; deleted documents are never allowed."""
        key = (leaf.segment_id, leaf.deleted, conditions)
        found = self._filters.get(key)
        if found is None:
            principals, filters, low, high = conditions
            reader = leaf.reader
            allowed = set()
            for principal in principals:
                try:  # `reader.postings` leaves deleted documents out
                    allowed.update(reader.postings("visible_to", principal).all_ids())
                except TermNotFound:
                    pass
            for name, value in filters:  # missing values are "", as in engine.accepts
                column = self.column(leaf, name)
                allowed = {docnum for docnum in allowed if column[docnum] == value}
            if low is not None or high is not None:
                created = self.column(leaf, "created")
                low = UNDATED + 1 if low is None else low
                high = -UNDATED if high is None else high
                allowed = {docnum for docnum in allowed if low <= created[docnum] <= high}
            if 2 * len(allowed) <= leaf.count:
                found = ("allow", frozenset(allowed))
            else:
                found = ("deny", frozenset(range(leaf.count)).difference(allowed))
            self._filters.put(key, found, len(found[1]) + 1)
        return found
