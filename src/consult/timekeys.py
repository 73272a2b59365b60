"""Time-ordered keys for logs spread over several LOBTrees (the search change
log, the activity log of the burst signals).

A key is the time in microseconds, times 1024, plus 10 random bits, so that
processes rarely pick the same key; a log writes each entry to one of its
trees at random, because keys that follow the clock would otherwise send
every writer to the last bucket of one tree and concurrent writers would
conflict there (issue 6 measured 3 % ConflictErrors with a single tree)."""

import heapq

KEY_BITS = 10  # random low bits of a key


def key_for(seconds):
    """The smallest key of the entries recorded at `seconds` (epoch time)."""
    return int(seconds * 1_000_000) << KEY_BITS


def seconds_of(key):
    return (key >> KEY_BITS) / 1_000_000


def random_key(seconds, rng):
    """A key at `seconds` with random low bits."""
    return key_for(seconds) + rng.randrange(1 << KEY_BITS)


def merged_items(trees, low=None, high=None):
    """(key, value) pairs of all `trees` between `low` and `high` (both
    included), in key order."""
    return heapq.merge(*(tree.items(min=low, max=high) for tree in trees))
