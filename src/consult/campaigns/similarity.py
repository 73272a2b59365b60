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

import numpy
from datasketch import MinHash

from ..search.analysis import normalize, tokenize

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


def words(text):
    """The set of normalised words of `text` (words of one letter dropped)."""
    return {normalize(word) for word, _start, _end in tokenize(text or "") if len(word) > 1}


def signature(word_set):
    """The MinHash hash values of a word set (numpy uint64 array)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations,
                      scheme=_TEMPLATE.scheme)
    minhash.update_batch([word.encode("utf-8") for word in sorted(word_set)])
    return minhash.hashvalues


def band_keys(hashvalues):
    """One int64 key per band: the band number in the top byte, 56 bits of
    BLAKE2b of the band's hash values below it."""
    keys = []
    for band in range(BANDS):
        rows = numpy.ascontiguousarray(hashvalues[band * ROWS:(band + 1) * ROWS])
        digest = hashlib.blake2b(rows.tobytes(), digest_size=7).digest()
        keys.append((band << 56) | int.from_bytes(digest, "big"))
    return keys


def jaccard(first, second):
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
