"""Near-duplicate detection for comments: MinHash signatures (datasketch)
over the set of a comment's normalised words, banded for LSH.

A word set, not word n-grams: form letters are edited by swapping words,
reordering sentences and adding a line of one's own, and a set is blind to
the first two. Kazakh, Russian and English are normalised alike by the search
analyzer (casefolding, ё→е, stray marks), without stemming, so a typo is one
word lost, not a different comment.

Keys must be the same in every process (they are stored), so bands are hashed
with BLAKE2b, never with Python's randomised `hash`."""

import hashlib
import threading
from functools import lru_cache

import numpy
from datasketch import MinHash
from datasketch.minhash import _fmix  # the scheme's pre-mix, to match its signatures exactly

from ..search.analysis import WORD, normalize

NUM_PERM = 32
# 16 bands of 2 rows: a pair with Jaccard 0.6 shares a band with p ≈ 0.999.
# Chosen on the planted campaign of tests/unit/campaigns (recall and precision
# 1.0 for every template); 8 bands of 4 rows or a threshold of 0.7 missed up
# to 28 % of a short template's variants (typos, reordering, an own line).
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.6  # Jaccard similarity of word sets that makes two comments near-identical
MIN_WORDS = 3  # shorter texts ("I agree") are not clustered: too many agree by chance
SEED = 1
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)


# Words repeat (Zipf): normalising each distinct word once was most of the
# time `words` took (benchmarks/campaigns.py).
_normal = lru_cache(maxsize=100_000)(normalize)  # some 15 MB when full
_local = threading.local()


def words(text):
    """The set of normalised words of `text` (words of one letter dropped)."""
    return {_normal(word) for word in set(WORD.findall(text or "")) if len(word) > 1}


@lru_cache(maxsize=8192)  # some 25 MB when full; 72 % of candidates hit at 60 000
def words_of_stored(text):
    """`words(text)` of a stored comment, cached by text: the same few
    thousand comments (the first holders of common band keys) are the
    candidates of most new comments, and tokenising them again was a third
    of the worker's time (benchmarks/campaigns.py). An edited text is a new
    key, so the cache is never stale."""
    return frozenset(words(text))


def signature(word_set):
    """The MinHash hash values of a word set (numpy array): one MinHash per
    thread, reset for each set (building one cost as much as hashing)."""
    minhash = getattr(_local, "minhash", None)
    if minhash is None:
        minhash = _local.minhash = MinHash(
            num_perm=NUM_PERM,
            seed=SEED,
            permutations=_TEMPLATE.permutations,
            scheme=_TEMPLATE.scheme,
        )
    minhash.hashvalues = _TEMPLATE.hashvalues.copy()
    minhash.update_batch([word.encode("utf-8") for word in word_set])
    return minhash.hashvalues


def band_keys(hashvalues):
    """One int64 key per band: the band number in the top byte, 56 bits of
    BLAKE2b of the bytes of the band's ROWS hash values below it."""
    raw = numpy.ascontiguousarray(hashvalues).tobytes()
    width = len(raw) // BANDS
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    return [
        (band << 56)
        | from_bytes(blake2b(raw[band * width : (band + 1) * width], digest_size=7).digest(), "big")
        for band in range(BANDS)
    ]


def fingerprint(text):
    """(word set, band keys) of a text, or None when it is too short to be
    clustered: what `clustering.place` needs, computable in another process."""
    own = words(text)
    if len(own) < MIN_WORDS:
        return None
    return own, band_keys(signature(own))


def jaccard(first, second):
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


# -- many comments at once (the first pass: campaigns.batch) -------------------

_sha1_hash32 = lru_cache(maxsize=200_000)(  # some 30 MB when full
    lambda word: _TEMPLATE.hashfunc(word.encode("utf-8"))
)
_A, _B = (numpy.asarray(row, dtype=numpy.uint32) for row in _TEMPLATE.permutations)


def hashed_words(word_sets):
    """(the 32-bit hash of each word of each set, in one flat uint32 array;
    each set's length): what `signatures_of` signs, and what the bulk pass
    compares instead of the words (two different words with the same hash
    count as one word: some one pair in four billion)."""
    lengths = numpy.fromiter(
        (len(words) for words in word_sets), dtype=numpy.int64, count=len(word_sets)
    )
    hashed = numpy.fromiter(
        (_sha1_hash32(word) for words in word_sets for word in words),
        dtype=numpy.uint32,
        count=int(lengths.sum()),
    )
    return hashed, lengths


def signatures_of(hashed, lengths):
    """The signature of each set of `hashed_words` (none empty), as one
    (len, NUM_PERM) uint32 array: the same arithmetic as datasketch's
    affine32 scheme (`MinHash.update_batch`), done for every word of every
    set in one numpy expression and reduced per set."""
    permuted = _fmix(hashed, 32)[:, None] * _A + _B  # uint32 arithmetic wraps, as datasketch's
    starts = numpy.concatenate(([0], numpy.cumsum(lengths)[:-1]))
    return numpy.minimum.reduceat(permuted, starts, axis=0)


def signatures(word_sets):
    """`signature(words)` of each of `word_sets` (none empty)."""
    return signatures_of(*hashed_words(word_sets))


def band_keys_of(signature_rows):
    """`band_keys` of each row of a `signatures` array, as an (n, BANDS)
    int64 array."""
    raw = numpy.ascontiguousarray(signature_rows, dtype=numpy.uint32).tobytes()
    width = len(raw) // (len(signature_rows) * BANDS) if len(signature_rows) else 0
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    digests = numpy.fromiter(
        (
            from_bytes(blake2b(raw[start : start + width], digest_size=7).digest(), "big")
            for start in range(0, len(raw), width or 1)
        ),
        dtype=numpy.int64,
        count=len(signature_rows) * BANDS,
    )
    keys = digests.reshape(len(signature_rows), BANDS)
    return keys | (numpy.arange(BANDS, dtype=numpy.int64) << 56)


def sign_texts(texts):
    """For a batch of texts, in a process of its own or not: (the positions
    of the texts long enough to cluster, their `hashed_words` and lengths,
    their `band_keys_of` array)."""
    word_sets = [words(text) for text in texts]
    positions = [position for position, found in enumerate(word_sets) if len(found) >= MIN_WORDS]
    if not positions:
        return (
            positions,
            numpy.zeros(0, dtype=numpy.uint32),
            numpy.zeros(0, dtype=numpy.int64),
            numpy.zeros((0, BANDS), dtype=numpy.int64),
        )
    hashed, lengths = hashed_words([word_sets[position] for position in positions])
    return positions, hashed, lengths, band_keys_of(signatures_of(hashed, lengths))
