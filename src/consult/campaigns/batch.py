"""The first pass over a consultation's comments, in bulk.

`clustering.place` takes one comment at a time: 16 band keys looked up and
stored in one large BTree, and the comments sharing a band read and
compared. Over a million comments that is 16 million random lookups and
inserts into a tree far larger than the ZODB cache, and the worker's first
pass fell from 1 150 to 330 comments/s as the tree grew
(benchmarks/campaigns.py). This pass gives the same clusters as placing the
comments one by one in id order (`tests/unit/campaigns/test_batch.py`
checks it), with the work arranged for arrays instead:

1. every comment is read once; its word set's MinHash signature is computed
   with a batch of others (`similarity.sign_texts`), by another process
   while this one reads the next batch when the worker is given one, and
   its band keys kept in a numpy array;
2. per band, the keys are sorted: the first comment (in id order) with a
   key is the one `place` would have stored for it, and the comment every
   later one with that key is compared with;
3. the word sets (as arrays of 32-bit word hashes, kept from step 1) of
   the comments that have someone to compare with are compared with those
   of the first holders (the most used kept in an LRU), and clusters
   formed in id order, as `place` forms them;
4. the band tree is written in key order, a band at a time, with
   savepoints so that the written buckets can leave memory.

It runs in the worker's transaction: the pass is stored whole or not at
all. Comments committed while it runs are placed afterwards from the change
log, as they are after the worker's chunked pass."""

import logging
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from multiprocessing import get_context

import numpy
from ZODB.utils import u64

from . import similarity

log = logging.getLogger(__name__)

BATCH = 5000  # comments read and signed together
WRITE_CHUNK = 1_000_000  # band entries written between savepoints
PAIRS = 100_000  # (key, id) pairs made at once for BTree.update
IN_FLIGHT = 3  # batches handed to the signing processes ahead of the one awaited
PARALLEL_FROM = 50_000  # fewer comments are signed here: starting a process costs ~1 s
COMPACT_CHUNK = 100_000
MICROSECOND = timedelta(microseconds=1)
HOLDER_SETS = 20_000  # first holders' word sets kept (some 3 KB each)


def cluster_all(
    index, store, ids, threshold=similarity.THRESHOLD, savepoint=None, progress=None, processes=0
):
    """Place the comments of `ids` (ascending, and none placed yet) into an
    index that holds nothing yet. `savepoint()`, when given, is called
    after each large write (to let written objects leave memory);
    `progress(stage, done, total)` reports the work; with `processes` > 0
    and at least PARALLEL_FROM comments, that many other processes sign the
    texts while this one reads the next ones. Returns how many comments
    were looked at."""
    if index.seen or index.bands:  # (truth is a look at the first bucket; len reads them all)
        raise ValueError("cluster_all needs an empty campaign index")
    ids = numpy.asarray(ids, dtype=numpy.int64)
    report = progress or (lambda stage, done, total: None)
    signed = None
    if processes > 0 and len(ids) >= PARALLEL_FROM:
        try:
            with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
                signed, states = _signed(store, ids, report, pool)
        except BrokenProcessPool:
            log.warning("campaigns: a signing process stopped; signing in this one instead")
            signed = None
    if signed is None:
        signed, states = _signed(store, ids, report)
    holders = _write_bands(index, signed.ids, signed.keys, savepoint)
    del signed.keys
    clusters = _clusters(signed, holders, threshold, report)
    del holders, signed
    _write_clusters(index, clusters, ids, states, savepoint)
    for start in range(0, len(ids), WRITE_CHUNK):
        index.seen.update(ids[start : start + WRITE_CHUNK].tolist())
    return len(ids)


class _Signed:
    """The comments long enough to cluster, in id order: their positions in
    the ids given to `cluster_all`, their ids and band keys ((n, BANDS)
    int64), and their hashed words, kept as the batches
    made them (joining them into one array would need twice the memory for
    a moment): row i's are `batches[batch_of[i]][starts[i]:ends[i]]`."""

    def __init__(self, positions, ids, keys, batches, batch_of, starts, ends):
        self.positions, self.ids, self.keys = positions, ids, keys
        self.batches, self.batch_of, self.starts, self.ends = batches, batch_of, starts, ends

    def word_set(self, row):
        words = self.batches[self.batch_of[row]]
        return set(words[self.starts[row] : self.ends[row]].tolist())


class _States:
    """What a cluster needs of each comment of `ids` (by position), read
    with its text so that forming the clusters reads no comment again: when
    it was made (microseconds), its sort key, whether it is published."""

    def __init__(self, count):
        self.created = numpy.empty(count, dtype=numpy.int64)
        self.sort_keys = numpy.empty(count, dtype=numpy.int64)
        self.visible = numpy.zeros(count, dtype=bool)
        self.epoch = None

    def record(self, position, comment):
        created = comment.created
        if self.epoch is None:
            self.epoch = datetime(1970, 1, 1, tzinfo=created.tzinfo and UTC)
        self.created[position] = (created - self.epoch) // MICROSECOND
        self.sort_keys[position] = comment.sort_key
        self.visible[position] = comment.visible

    def when(self, microseconds):
        return self.epoch + MICROSECOND * int(microseconds)


def _signed(store, ids, report, pool=None):
    """(`_Signed` of the comments of `ids`, their `_States`)."""
    count = len(ids)
    keys = numpy.empty((count, similarity.BANDS), dtype=numpy.int64)
    kept = numpy.zeros(count, dtype=bool)
    batch_of = numpy.empty(count, dtype=numpy.int32)
    starts = numpy.empty(count, dtype=numpy.int32)
    ends = numpy.empty(count, dtype=numpy.int32)
    states = _States(count)
    batches, done = [], 0
    for positions, signed in _signed_batches(store, ids, states, pool):
        found, hashed, sizes, band_keys = signed
        if found:
            rows = positions[found]
            keys[rows] = band_keys
            kept[rows] = True
            batch_of[rows] = len(batches)
            ends[rows] = numpy.cumsum(sizes)
            starts[rows] = ends[rows] - sizes
            batches.append(hashed)
        done += len(positions)
        report("signatures", done, count)
    rows = numpy.flatnonzero(kept)
    _compact(keys, rows)
    # A view, not a copy: the unused tail is small, a copy of the keys is not.
    return _Signed(
        rows, ids[rows], keys[: len(rows)], batches, batch_of[rows], starts[rows], ends[rows]
    ), states


def _compact(array, rows):
    """Move `array[rows]` (ascending) to the front of `array`, in place, a
    chunk at a time (a row only ever moves towards the front)."""
    for start in range(0, len(rows), COMPACT_CHUNK):
        chunk = rows[start : start + COMPACT_CHUNK]
        array[start : start + len(chunk)] = array[chunk]


def _read_order(store, ids):
    """The positions of `ids` in the order their records were written (their
    oids'), so that reading them all reads the database file from front to
    back rather than at random (comment ids are random)."""
    comments = store.comments
    try:
        oids = numpy.fromiter(
            (u64(comments[comment_id]._p_oid) for comment_id in ids.tolist()),
            dtype=numpy.int64,
            count=len(ids),
        )
    except TypeError:  # not stored yet: no oids
        return numpy.arange(len(ids))
    return numpy.argsort(oids, kind="stable")


def _signed_batches(store, ids, states, pool):
    """(positions in `ids`, `similarity.sign_texts` of their texts) for each
    batch, in the order of `_read_order`: signed here, or by `pool` (an
    executor) while the following batches are read from the database."""
    comments = store.comments
    order = _read_order(store, ids)

    def texts(start):
        positions = order[start : start + BATCH]
        batch = []
        for position, comment_id in zip(positions.tolist(), ids[positions].tolist(), strict=False):
            comment = comments[comment_id]
            batch.append(comment.text)
            states.record(position, comment)
        _release(store)
        return positions, batch

    firsts = range(0, len(ids), BATCH)
    if pool is None:
        for start in firsts:
            positions, batch = texts(start)
            yield positions, similarity.sign_texts(batch)
        return
    pending = deque()
    for start in firsts:
        positions, batch = texts(start)
        pending.append((positions, pool.submit(similarity.sign_texts, batch)))
        if len(pending) > IN_FLIGHT:
            positions, future = pending.popleft()
            yield positions, future.result()
    while pending:
        positions, future = pending.popleft()
        yield positions, future.result()


def _write_bands(index, row_ids, keys, savepoint):
    """Store each band key with the first comment that has it, and return,
    for every comment and band, the row of that first comment (an (n,
    BANDS) int32 array)."""
    count = len(row_ids)
    holders = numpy.empty(keys.shape, dtype=numpy.int32)
    for band in range(similarity.BANDS):
        column = keys[:, band]
        # A stable sort keeps the rows of one key in id order: the first is
        # the one `place` stored the key for.
        order = numpy.argsort(column, kind="stable")
        ordered = column[order]
        starts = numpy.flatnonzero(numpy.concatenate(([True], ordered[1:] != ordered[:-1])))
        sizes = numpy.diff(numpy.append(starts, count))
        first = order[starts]
        holders[order, band] = numpy.repeat(first, sizes)
        band_keys, band_ids = ordered[starts], row_ids[first]
        for start in range(0, len(band_keys), PAIRS):
            index.bands.update(
                list(
                    zip(
                        band_keys[start : start + PAIRS].tolist(),
                        band_ids[start : start + PAIRS].tolist(),
                        strict=False,
                    )
                )
            )
            if savepoint is not None and (start + PAIRS) % WRITE_CHUNK < PAIRS:
                savepoint()
    return holders


def _clusters(signed, holders, threshold, report):
    """The clusters `place` would form, as arrays of positions in the ids
    given to `cluster_all`, ascending (the first two being the pair that
    founded it)."""
    count = len(signed.ids)
    own = numpy.arange(count, dtype=numpy.int32)[:, None]
    compares = numpy.flatnonzero((holders != own).any(axis=1))
    # A few first holders (of keys common words make) are compared with
    # most comments; the rest once or twice.
    holder_words = lru_cache(maxsize=HOLDER_SETS)(signed.word_set)
    cluster_of, clusters = {}, []
    jaccard, word_set = similarity.jaccard, signed.word_set
    for done, row in enumerate(compares.tolist(), 1):
        words = word_set(row)
        best, best_score, tried = None, threshold, set()
        for holder in holders[row].tolist():  # band order, as `place` tries them
            if holder == row or holder in tried:
                continue
            tried.add(holder)
            score = jaccard(words, holder_words(holder))
            if score >= best_score:
                best, best_score = holder, score
        if best is not None:
            number = cluster_of.get(best)
            if number is None:
                number = cluster_of[best] = len(clusters)
                clusters.append([best])
            cluster_of[row] = number
            clusters[number].append(row)
        if done % BATCH == 0:
            report("comparisons", done, len(compares))
    report("comparisons", len(compares), len(compares))
    return [signed.positions[members] for members in clusters]


def _write_clusters(index, clusters, ids, states, savepoint):
    """Store the clusters as `place` would have left them (see
    `CampaignIndex.join`), from what `_States` kept."""
    for positions in clusters:
        members = ids[positions].tolist()
        created = states.created[positions]
        cluster = index.new_cluster(states.when(min(created[0], created[1])))
        cluster.members.update(members)
        cluster.size.change(len(members))
        cluster.first_seen = states.when(created.min())
        cluster.last_seen = states.when(created.max())
        published = positions[states.visible[positions]]
        cluster.published.update(
            list(zip(states.sort_keys[published].tolist(), ids[published].tolist(), strict=False))
        )
        cluster.published_count.change(len(published))
        index.cluster_of.update([(comment_id, cluster.id) for comment_id in members])
        index.follow_publicity(cluster, was_public=False)
    if savepoint is not None:
        savepoint()


def _release(store):
    """Let the comments read so far leave the ZODB cache."""
    jar = store._p_jar
    if jar is not None:
        jar.cacheGC()
