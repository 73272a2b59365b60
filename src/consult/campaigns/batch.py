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
   with a batch of others (`similarity.signatures`) and its band keys kept
   in a numpy array;
2. per band, the keys are sorted: the first comment (in id order) with a
   key is the one `place` would have stored for it, and the comment every
   later one with that key is compared with;
3. the word sets (as arrays of 32-bit word hashes, kept from step 1) of
   the comments that have someone to compare with are compared with those
   of the first holders, and clusters formed in id order, as `place` forms
   them;
4. the band tree is written in key order, a band at a time, with
   savepoints so that the written buckets can leave memory.

It runs in the worker's transaction: the pass is stored whole or not at
all. Comments committed while it runs are placed afterwards from the change
log, as they are after the worker's chunked pass."""
import logging

import numpy

from . import similarity

log = logging.getLogger(__name__)

BATCH = 5000  # comments read and signed together
WRITE_CHUNK = 1_000_000  # band entries written between savepoints
PAIRS = 100_000  # (key, id) pairs made at once for BTree.update


def cluster_all(index, store, ids, threshold=similarity.THRESHOLD, savepoint=None,
                progress=None):
    """Place the comments of `ids` (ascending, and none placed yet) into an
    index that holds nothing yet. `savepoint()`, when given, is called
    after each large write (to let written objects leave memory);
    `progress(stage, done, total)` reports the work. Returns how many
    comments were looked at."""
    if len(index.seen) or len(index.bands):
        raise ValueError("cluster_all needs an empty campaign index")
    ids = numpy.asarray(ids, dtype=numpy.int64)
    report = progress or (lambda stage, done, total: None)
    signed = _signed(store, ids, report)
    holders = _write_bands(index, signed.ids, signed.keys, savepoint)
    del signed.keys
    clusters = _clusters(signed, holders, threshold, report)
    del holders, signed
    _write_clusters(index, store, clusters, savepoint)
    for start in range(0, len(ids), WRITE_CHUNK):
        index.seen.update(ids[start:start + WRITE_CHUNK].tolist())
    return len(ids)


class _Signed:
    """The comments long enough to cluster, in id order: their ids, band
    keys ((n, BANDS) int64) and hashed words (`words[starts[i]:starts[i +
    1]]` are those of the i-th)."""

    def __init__(self, ids, keys, words, starts):
        self.ids, self.keys, self.words, self.starts = ids, keys, words, starts

    def word_set(self, row):
        return set(self.words[self.starts[row]:self.starts[row + 1]].tolist())


def _signed(store, ids, report):
    keys = numpy.empty((len(ids), similarity.BANDS), dtype=numpy.int64)
    rows = numpy.empty(len(ids), dtype=numpy.int64)
    words, lengths = [], []
    kept = 0
    comments = store.comments
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH].tolist()
        word_sets = [similarity.words(comments[comment_id].text) for comment_id in chunk]
        positions = [start + offset for offset, words_of in enumerate(word_sets)
                     if len(words_of) >= similarity.MIN_WORDS]
        if positions:
            hashed, sizes = similarity.hashed_words([word_sets[position - start]
                                                     for position in positions])
            signed = similarity.signatures_of(hashed, sizes)
            keys[kept:kept + len(positions)] = similarity.band_keys_of(signed)
            rows[kept:kept + len(positions)] = positions
            kept += len(positions)
            words.append(hashed)
            lengths.append(sizes)
        _release(store)
        report("signatures", min(start + BATCH, len(ids)), len(ids))
    lengths = numpy.concatenate(lengths) if lengths else numpy.zeros(0, dtype=numpy.int64)
    starts = numpy.concatenate(([0], numpy.cumsum(lengths)))
    words = numpy.concatenate(words) if words else numpy.zeros(0, dtype=numpy.uint32)
    return _Signed(ids[rows[:kept]], keys[:kept].copy(), words, starts)


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
            index.bands.update(list(zip(band_keys[start:start + PAIRS].tolist(),
                                        band_ids[start:start + PAIRS].tolist())))
            if savepoint is not None and (start + PAIRS) % WRITE_CHUNK < PAIRS:
                savepoint()
    return holders


def _clusters(signed, holders, threshold, report):
    """The clusters `place` would form, as lists of comment ids in id order
    (the first two being the pair that founded it)."""
    count = len(signed.ids)
    own = numpy.arange(count, dtype=numpy.int32)[:, None]
    compares = numpy.flatnonzero((holders != own).any(axis=1))
    if not len(compares):
        return []
    # Each (comparing row, first holder) pair, and the last row that needs
    # each holder's words: they are dropped after it.
    pair_rows = numpy.repeat(compares, similarity.BANDS)
    pair_holders = holders[compares].ravel()
    mask = pair_holders != pair_rows
    pair_rows, pair_holders = pair_rows[mask], pair_holders[mask]
    order = numpy.argsort(pair_holders, kind="stable")  # rows stay ascending per holder
    by_holder, rows_by_holder = pair_holders[order], pair_rows[order]
    ends = numpy.flatnonzero(numpy.append(by_holder[1:] != by_holder[:-1], True))
    releases = {}
    for holder, row in zip(by_holder[ends].tolist(), rows_by_holder[ends].tolist()):
        releases.setdefault(row, []).append(holder)
    del pair_rows, pair_holders, order, by_holder, rows_by_holder
    kept_words, cluster_of, clusters = {}, {}, []
    jaccard, word_set = similarity.jaccard, signed.word_set
    for done, row in enumerate(compares.tolist(), 1):
        words = word_set(row)
        best, best_score, tried = None, threshold, set()
        for holder in holders[row].tolist():  # band order, as `place` tries them
            if holder == row or holder in tried:
                continue
            tried.add(holder)
            other = kept_words.get(holder)
            if other is None:
                other = kept_words[holder] = word_set(holder)
            score = jaccard(words, other)
            if score >= best_score:
                best, best_score = holder, score
        if best is not None:
            number = cluster_of.get(best)
            if number is None:
                number = cluster_of[best] = len(clusters)
                clusters.append([best])
            cluster_of[row] = number
            clusters[number].append(row)
        for holder in releases.pop(row, ()):
            kept_words.pop(holder, None)
        if done % BATCH == 0:
            report("comparisons", done, len(compares))
    report("comparisons", len(compares), len(compares))
    return [[int(signed.ids[row]) for row in members] for members in clusters]


def _write_clusters(index, store, clusters, savepoint):
    for members in clusters:
        comments = [store.comments[comment_id] for comment_id in members]
        cluster = index.new_cluster(min(comments[0].created, comments[1].created))
        for comment in comments:
            index.join(cluster, comment)
    if savepoint is not None:
        savepoint()


def _release(store):
    """Let the comments read so far leave the ZODB cache."""
    jar = store._p_jar
    if jar is not None:
        jar.cacheGC()
