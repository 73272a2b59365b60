"""The whoosh engine (whoosh-reloaded). It indexes the stems consult's analyzer
produced, split on spaces by whoosh's own SpaceSeparatedTokenizer: no analyzer
of ours goes into the schema whoosh pickles.

Whoosh stores the index; searching is done here, on whoosh's segment readers,
because whoosh's own `Searcher.search` is too slow for the search page at
100 000 documents (it turns the visibility filter into a docnum set and
re-reads every sort and facet column on every search). Per segment, which
never changes once written (only its deletions grow), this module caches in
memory, shared between threads:

- the postings of the stems searched (docnums and term frequencies, 8 bytes
  a posting, least recently used first out past POSTINGS_CACHE postings);
- the filter/visibility/date conditions of a query, as the set of docnums
  they allow or deny (whichever is smaller), keyed by the segment, its
  deletion count and the conditions, so the common anonymous search computes
  it once per segment, not once per search (FILTER_CACHE docnums at most);
- the columns needed to filter, facet, sort and break ties (kind, language,
  consultation, stage, stance, ..., created, id) and the field lengths BM25
  needs, loaded on first use and dropped with their segment.

Scores are whoosh's BM25F (B 0.75, K1 1.2, whoosh's idf and lossy field
lengths), as `Searcher.search` would give them: each word scores the sum of
its matching variant stems, a document the sum of its words. Equal scores
are ordered by id (whoosh's float summation order used to make some of them
differ in the last bit). Filters compare column values, so a filter on ""
matches the documents without a value, as in `engine.accepts`.

Files are read through a shared read-only mmap (`MappedStorage`), not
whoosh's mmap mode, which copies each segment into memory per reader.
`terms` is indexed without positions (snippets are highlighted in Python);
indexes made with positions are read the same.

Readers: each thread keeps its own segment readers (whoosh readers are not
safe to share between threads) and, when the index generation changed,
re-opens only the segments that are new or whose deletions changed. Whoosh's
`Searcher.refresh()` is not used: in whoosh-reloaded 2.7.5 it keeps the old
deletions of a reused segment and adds back segments a merge removed (so an
updated document is found twice).

Writes: one writer at a time (callers serialise writes). `commit` never
merges (a merging commit blocked 20-40 s); beyond ISearchIndex:

- `maintain(max_segments=MAX_SEGMENTS, max_documents=MERGE_DOCUMENTS)`: when
  there are more than `max_segments` segments, merge the smallest into one
  (at most `max_documents` documents, so that it is short), for the
  background writer to call when idle; returns whether it merged;
- `optimize()`: merge everything into one segment (slow);
- `segment_count()`: how many segments the index has."""
import heapq
import mmap
import threading
import weakref
from array import array
from collections import Counter, OrderedDict
from itertools import accumulate, chain, repeat
from math import log
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.reading import SegmentReader, TermNotFound
from zope.interface import implementer

from . import engine
from .interfaces import FILTER_FIELDS, ISearchIndex, SearchResult

UNDATED = -(2**62)  # sorts after every date when newest come first
WRITE_LOCK_TIMEOUT = 30.0  # seconds to wait for another writer
POSTINGS_CACHE = 4_000_000  # postings kept in memory (about 8 bytes each)
FILTER_CACHE = 2_000_000  # docnums kept in cached filter sets
MAX_SEGMENTS = 8  # `maintain` merges past this many segments
MERGE_DOCUMENTS = 5_000  # and at most this many documents at once (some 10 s)
B, K1 = 0.75, 1.2  # whoosh's BM25F defaults
TERMS = "terms"
LENGTHS = ":lengths"  # the column key of the field lengths of TERMS


def schema():
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        # Frequencies only: snippets are highlighted in Python, so whoosh
        # needs no positions. (Indexes made with positions still work.)
        terms=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
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


def smallest_segments(segments, max_segments, max_documents):
    """The segments `maintain` merges: the smallest, as many as it takes to
    leave `max_segments`, but no more documents than `max_documents` (so a
    merge is short); none when fewer than two would be merged."""
    if len(segments) <= max_segments:
        return []
    chosen, documents = [], 0
    for segment in sorted(segments, key=lambda segment: segment.doc_count_all()):
        if len(chosen) > len(segments) - max(1, max_segments) or \
                documents + segment.doc_count_all() > max_documents:
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


def read_postings(reader, field, text):
    """(docnums, frequencies) of a term in a segment, as arrays, deleted
    documents included. Whoosh's matchers cost about a microsecond a
    posting; reading its W3 posting blocks whole is many times faster (the
    ids are delta-encoded: `accumulate` decodes them in C)."""
    docnums, weights = array("i"), array("f")
    try:  # the segment's raw postings, not `reader.postings`, which filters deletions
        matcher = reader._terms.matcher(field, text.encode("utf-8"), reader.schema[field].format)
    except (KeyError, TermNotFound):
        return docnums, weights
    if isinstance(matcher, W3LeafMatcher):
        while True:
            if matcher._data is None:
                matcher._read_data()
            ids, frequencies = matcher._data[0], matcher._data[1]
            docnums.extend(iter(ids) if matcher._byteids else accumulate(ids))
            if frequencies is None or isinstance(frequencies, float):
                weights.extend(repeat(frequencies or 1.0, matcher._blocklength))
            else:
                weights.extend(iter(frequencies))
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
    else:  # inlined postings (a term in very few documents): a ListMatcher
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return docnums, weights


def column_values(reader, name):
    """Every value of a column of a segment, by docnum (equal values are one
    object). A column of strings (whoosh's VarBytesColumn) is read in one
    piece: whoosh reads it value by value, a seek and a read each, which
    made the first search after a start take a second at 100 000 documents."""
    raw = reader.column_reader(name, translate=False)
    field = reader.schema[name]
    if not isinstance(raw, VarBytesColumn.Reader):
        return list(reader.column_reader(name))
    lengths = raw._lengths
    blob = raw._dbfile.get(raw._basepos, sum(lengths))
    decoded = {}
    values = []
    position = 0
    for length in lengths:
        chunk = blob[position:position + length]
        position += length
        value = decoded.get(chunk)
        if value is None:
            value = decoded[chunk] = field.from_column_value(chunk)
        values.append(value)
    return values


class MappedStorage(FileStorage):
    """Whoosh's FileStorage, its files read through a read-only mmap.

    Whoosh's own mmap support (`supports_mmap`, the default) copies each
    file of a compound segment into memory when a reader opens it (a
    BytesIO of the mapped buffer): some 230 MB a reader at 100 000
    documents, and our readers stay open, one set per thread. Without mmap
    every read is a seek and a read system call, which makes cold searches
    about twice as slow. Here whoosh's non-mmap code reads from an mmap
    object (seek, read and readline in C, no system call, no copy, pages
    shared by every reader). Segment and TOC files never change once
    written; files being written are not opened this way."""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as stream:
            try:
                mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (ValueError, OSError):  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
        return StructFile(mapped, name=name, **kwargs)


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
        self.avg_length = (sum(leaf.reader.field_length(TERMS) for leaf in leaves)
                           / (self.doc_count_all or 1)) or 1
        self._idfs = {}
        # Its readers are closed when it is (`close`), or when its thread
        # ends and drops it; a state that hands them on detaches this.
        self.finalizer = weakref.finalize(self, _close_readers,
                                          [leaf.reader for leaf in leaves])

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


@implementer(ISearchIndex)
class WhooshIndex:
    """An ISearchIndex in a whoosh directory; see the module docstring for
    the caches and the methods beyond ISearchIndex (`maintain`, `optimize`,
    `segment_count`)."""

    def __init__(self, path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        storage = MappedStorage(str(self.path), supports_mmap=False)
        if whoosh_index.exists_in(str(self.path)):
            self._index = whoosh_index.FileIndex(storage)
        else:
            self._index = whoosh_index.FileIndex.create(storage, schema())
        self._staging = engine.Staging()
        self._local = threading.local()  # .state: this thread's _State
        self._states = weakref.WeakSet()  # every thread's, to close them
        self._lock = threading.Lock()
        self._postings = _LRU(POSTINGS_CACHE)
        self._filters = _LRU(FILTER_CACHE)
        self._columns = {}  # (segment id, field) -> list of values by docnum
        self._segment_ids = frozenset()  # the newest generation's, to drop old caches

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
        for state in list(self._states):
            state.close()
        self._local = threading.local()
        self._postings = _LRU(POSTINGS_CACHE)
        self._filters = _LRU(FILTER_CACHE)
        self._columns = {}
        self._index.close()

    # -- readers and caches ---------------------------------------------------

    def _state(self):
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
                        reader = SegmentReader(self._index.storage, toc.schema, segment,
                                               generation=toc.generation)
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
                self._columns = {key: values for key, values in self._columns.items()
                                 if key[0] in live}
        return fresh

    def _column(self, leaf, name):
        """The values of a column of one segment, by docnum."""
        key = (leaf.segment_id, name)
        values = self._columns.get(key)
        if values is None:
            reader = leaf.reader
            if name == LENGTHS:  # what BM25F's scorer reads (a document without terms: 0)
                values = array("I", (reader.doc_field_length(docnum, TERMS, 1) or 0
                                     for docnum in range(leaf.count)))
            else:
                values = column_values(reader, name)
            self._columns[key] = values
        return values

    def _postings_of(self, leaf, field, text):
        """(docnums, frequencies) of a term in one segment, deleted documents
        included (the filter sets leave them out)."""
        key = (leaf.segment_id, field, text)
        found = self._postings.get(key)
        if found is None:
            found = read_postings(leaf.reader, field, text)
            self._postings.put(key, found, len(found[0]) + 1)
        return found

    def _allowed(self, leaf, conditions):
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
                column = self._column(leaf, name)
                allowed = {docnum for docnum in allowed if column[docnum] == value}
            if low is not None or high is not None:
                created = self._column(leaf, "created")
                low = UNDATED + 1 if low is None else low
                high = -UNDATED if high is None else high
                allowed = {docnum for docnum in allowed if low <= created[docnum] <= high}
            if 2 * len(allowed) <= leaf.count:
                found = ("allow", frozenset(allowed))
            else:
                found = ("deny", frozenset(range(leaf.count)).difference(allowed))
            self._filters.put(key, found, len(found[1]) + 1)
        return found

    # -- reading -------------------------------------------------------------

    def search(self, query):
        engine.check(query)
        words = engine.query_words(query)
        if not words or not query.principals:
            return engine.empty_result(query)
        if not all(isinstance(value, str) for value in query.filters.values()):
            return engine.empty_result(query)  # like engine.accepts: equal to nothing
        conditions = (
            tuple(sorted(set(query.principals))),
            tuple(sorted(query.filters.items())),
            microseconds(query.since) if query.since is not None else None,
            microseconds(query.until) if query.until is not None else None)
        words = [sorted(word) for word in words]
        state = self._state()
        relevance = query.sort != "date"
        start, stop = engine.page_bounds(query)

        total = 0
        matches = []  # (leaf, {docnum: score}) or (leaf, docnums)
        facets = {name: Counter() for name in query.facets}
        for leaf in state.leaves:
            docnums = self._match(leaf, words, conditions)
            if not docnums:
                continue
            total += len(docnums)
            for name, counts in facets.items():
                counts.update(map(self._column(leaf, name).__getitem__, docnums))
            if relevance:
                matches.append((leaf, self._scores(state, leaf, words, docnums)))
            else:
                matches.append((leaf, docnums))

        window = self._window(matches, relevance, stop)[start:stop]
        hits = [engine.hit(engine.loads(leaf.reader.stored_fields(docnum)["doc"]),
                           score if relevance else 0.0, query)
                for score, leaf, docnum in window]
        return SearchResult(total=total, hits=hits,
                            facets={name: engine.clean_facets(counts)
                                    for name, counts in facets.items()})

    def _match(self, leaf, words, conditions):
        """The set of docnums of a segment matching every word (any of its
        stems) and the conditions."""
        mode, docset = self._allowed(leaf, conditions)
        if mode == "allow" and not docset:
            return None
        unions = []
        for word in words:
            lists = [docnums for docnums, _ in
                     (self._postings_of(leaf, TERMS, stem) for stem in word) if docnums]
            if not lists:
                return None
            unions.append(lists)
        unions.sort(key=lambda lists: sum(map(len, lists)))
        matched = set(chain.from_iterable(unions[0]))
        if mode == "allow":
            matched.intersection_update(docset)
        else:
            matched.difference_update(docset)
        for lists in unions[1:]:
            if not matched:
                break
            if len(lists) == 1:
                matched.intersection_update(lists[0])
            else:
                matched.intersection_update(set(chain.from_iterable(lists)))
        return matched

    def _scores(self, state, leaf, words, docnums):
        """{docnum: BM25F score} of the matched docnums of a segment."""
        from bisect import bisect_left
        lengths = self._column(leaf, LENGTHS)
        norm0, norm1 = K1 * (1 - B), K1 * B / state.avg_length
        scores = dict.fromkeys(docnums, 0.0)
        for word in words:
            for stem in word:
                ids, weights = self._postings_of(leaf, TERMS, stem)
                if not ids:
                    continue
                factor = state.idf(stem, self._postings_of) * (K1 + 1)
                if 8 * len(scores) < len(ids):  # few matches: look them up
                    for docnum in scores:
                        i = bisect_left(ids, docnum)
                        if i < len(ids) and ids[i] == docnum:
                            tf = weights[i]
                            scores[docnum] += factor * tf / (tf + norm0 + norm1 * lengths[docnum])
                else:
                    for docnum, tf in zip(ids, weights):
                        if docnum in scores:
                            scores[docnum] += factor * tf / (tf + norm0 + norm1 * lengths[docnum])
        return scores

    def _window(self, matches, relevance, stop):
        """The first `stop` matches in `engine.order`: [(key, leaf, docnum)],
        the key being the score by relevance, the date otherwise; equal keys
        ordered by id. Only matches at least as good as the stop-th are
        sorted, and only their ids are read."""
        if relevance:
            keyed = [(scores, leaf) for leaf, scores in matches]
            values = chain.from_iterable(scores.values() for scores, _ in keyed)
        else:
            keyed = []
            for leaf, docnums in matches:
                created = self._column(leaf, "created")
                keyed.append(({docnum: created[docnum] for docnum in docnums}, leaf))
            values = chain.from_iterable(keys.values() for keys, _ in keyed)
        best = heapq.nlargest(stop, values)
        if not best:
            return []
        threshold = best[-1]
        candidates = []
        for keys, leaf in keyed:
            ids = None
            for docnum, key in keys.items():
                if key >= threshold:
                    if ids is None:
                        ids = self._column(leaf, "id")
                    candidates.append((-key, ids[docnum], leaf, docnum))
        candidates.sort(key=lambda item: (item[0], item[1]))
        return [(-key, leaf, docnum) for key, _, leaf, docnum in candidates[:stop]]

    def get(self, document_id):
        for leaf in reversed(self._state().leaves):
            try:  # `reader.postings` leaves deleted documents out
                docnums = list(leaf.reader.postings("id", document_id).all_ids())
            except TermNotFound:
                continue
            if docnums:
                return engine.loads(leaf.reader.stored_fields(docnums[0])["doc"])
        return None

    def count(self):
        return sum(leaf.reader.doc_count() for leaf in self._state().leaves)
