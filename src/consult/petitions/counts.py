"""A petition's signatures counted so that a surge of signers does not
write one object: every count is a BTrees `Length` of its own (per
verification level, per territory and how it is known, per hour), whose
conflict resolution adds concurrent changes instead of refusing them, and
nothing here loads the signatures themselves to count.

What a signature writes: the petition's `signatures` OOBTree (one key per
person, so two signatures of one person conflict and the second retries
and is refused), the total `Length`, its level's, its territory's (a new
territory or hour is one insertion in a BTree, which conflict resolution
also merges unless two transactions insert the same new key: one then
retries) and its hour's, and, when the person chose to be listed, the list
of listed signers ordered by time. That list is split in LISTED_SHARDS
OOBTrees by the signer's id: a list ordered by time takes every new entry
in one bucket, and each split of that bucket conflicts with every signature
in flight (in benchmarks/petitions.py, 16 shards took a surge of 3 000
signatures from 803 conflict retries and one error to 604 and none, on a
data set whose other hot spot was later found to be the benchmark's own);
the pages merge the shards' orders.

The public breakdowns are read into `Counts`, a plain snapshot kept per
process for `consult.petitions.counts_seconds` (20 s by default): a page
under a surge then loads its Length objects at most that often. With the
anonymous page cache (`consult.cache.max_age` 5 s, then
`stale_while_revalidate` 30 s) a count a reader sees is at most 55 s old."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from heapq import merge
from itertools import islice
from zlib import crc32

from BTrees.Length import Length
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

# How the territory of a signature is known: from a verification of the
# person (a verifier that records a KATO code), or as the person stated it
# on the sign form.
VERIFIED, STATED = "verified", "stated"
HOUR = 3600
LISTED_SHARDS = 16
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Signature:
    """One person's signature: when, the verification level they had (or
    signed with), the KATO code of their territory and how it is known
    (VERIFIED, STATED, or None without a territory), and whether they chose
    to appear in the public list. Immutable: withdrawing removes it."""

    def __init__(self, when, level, region=None, source=None, listed=False):
        self.when = when
        self.level = level
        self.region = region
        self.source = source if region else None
        self.listed = bool(listed)

    def _fields(self):
        return (self.when, self.level, self.region or "", self.source or "", self.listed)

    # BTrees' conflict resolution merges two transactions' insertions only
    # if the values both left alone compare equal, and each transaction
    # unpickles its own copies: equal by value, not by identity, and
    # ordered (BTrees asks `<` first; a TypeError counts as a change).
    def __eq__(self, other):
        return isinstance(other, Signature) and self._fields() == other._fields()

    def __lt__(self, other):
        return self._fields() < other._fields()

    def __hash__(self):
        return hash(self._fields())

    def __repr__(self):
        return f"<Signature level {self.level} {self.source}:{self.region}>"

    # Stored as a call with a tuple of plain values: the bucket of about 30
    # signatures a new one lands in is pickled again at each signature, and
    # an instance's dict with its datetime cost about 22 pickled objects a
    # signature against 8 (benchmarks/petitions.py). Signatures stored
    # before as instances load as they were and are written back compactly
    # with the next change of their bucket.
    def __reduce__(self):
        micros = (self.when - _EPOCH) // _MICROSECOND
        return stored_signature, (micros, self.level, self.region, self.source, self.listed)


_MICROSECOND = timedelta(microseconds=1)


def stored_signature(micros, level, region, source, listed):
    """A Signature from its stored values (`Signature.__reduce__`); its
    name is in the stored pickles, so it stays."""
    return Signature(_EPOCH + timedelta(microseconds=micros), level, region, source, listed)


def hour_of(when):
    """The hour a time falls in, as hours since 1970 (UTC)."""
    return int((when - _EPOCH).total_seconds()) // HOUR


def hour_start(number):
    return _EPOCH + timedelta(hours=number)


def _listing_key(userid, signature):
    # Newest first in key order; the id keeps two signatures of one
    # microsecond apart.
    return (-int((signature.when - _EPOCH).total_seconds() * 1_000_000), userid)


def _counter(tree, key):
    counter = tree.get(key)
    if counter is None:
        counter = tree[key] = Length()
    return counter


class Tally(Persistent):
    """The counters of one petition (`Petition.tally`); written once, when
    made: afterwards only its BTrees and Lengths change."""

    def __init__(self, levels=(0, 1, 2, 3)):
        self.levels = OOBTree({level: Length() for level in levels})
        self.regions = OOBTree()  # "verified:<kato>" / "stated:<kato>" -> Length
        self.hours = LOBTree()  # hour_of(when) -> Length
        # _listing_key -> userid, in the shard of the userid (_shard)
        self.listed = tuple(OOBTree() for _ in range(LISTED_SHARDS))
        self.listed_count = Length()

    def _shard(self, userid):
        return self.listed[crc32(userid.encode()) % len(self.listed)]

    def add(self, userid, signature):
        _counter(self.levels, signature.level).change(1)
        if signature.region:
            _counter(self.regions, f"{signature.source}:{signature.region}").change(1)
        _counter(self.hours, hour_of(signature.when)).change(1)
        if signature.listed:
            self._shard(userid)[_listing_key(userid, signature)] = userid
            self.listed_count.change(1)

    def remove(self, userid, signature):
        """Undo `add`: a withdrawn signature leaves every count, its hour's
        too, so the hourly series always adds up to the total."""
        _counter(self.levels, signature.level).change(-1)
        if signature.region:
            _counter(self.regions, f"{signature.source}:{signature.region}").change(-1)
        _counter(self.hours, hour_of(signature.when)).change(-1)
        key = _listing_key(userid, signature)
        shard = self._shard(userid)
        if signature.listed and key in shard:
            del shard[key]
            self.listed_count.change(-1)

    def at_least(self, level):
        """Signatures made at `level` or above."""
        return sum(counter() for key, counter in self.levels.items() if key >= level)

    def listed_page(self, after=None, size=50):
        """Up to `size` listed signers' ids, newest first, after the key
        `after` (a cursor from the previous page); returns (ids, next cursor
        or None)."""
        items = merge(
            *(shard.items(min=after, excludemin=after is not None) for shard in self.listed)
        )
        page = list(islice(items, size + 1))
        more = len(page) > size
        page = page[:size]
        return [userid for _key, userid in page], (page[-1][0] if more else None)


@dataclass(frozen=True)
class RegionCount:
    """Signatures in one territory, its sub-territories included."""

    territory: object  # organisations.territories.Territory
    verified: int
    stated: int

    @property
    def total(self):
        return self.verified + self.stated


@dataclass(frozen=True)
class Counts:
    """A snapshot of a petition's counts, made of plain values (shared
    between threads): `levels` {level: n}, `counted` those at the level the
    addressee requires, `regions` RegionCount rows in the classifier's
    order, `unplaced` signatures without a territory, `hours` [(start of
    the hour, n)] for the hours with signatures, oldest first; `rendered`
    the HTML made of them, which threads share as they share the snapshot."""

    total: int
    levels: dict
    required_level: int
    counted: int
    regions: tuple
    unplaced: int
    hours: tuple
    made: datetime
    # The page's HTML of these counts, per language and variant (signing_page
    # .counts_html): made once per snapshot, gone with it.
    rendered: dict = field(default_factory=dict, compare=False, repr=False)

    def window(self, hours=48):
        """The last `hours` hours up to the latest with signatures, zeros
        included (for the chart and its table)."""
        if not self.hours:
            return []
        last = hour_of(self.hours[-1][0])
        known = {hour_of(start): n for start, n in self.hours}
        return [
            (hour_start(number), known.get(number, 0))
            for number in range(last - hours + 1, last + 1)
        ]


def read_counts(petition, territories, now):
    """Count `petition`'s signatures from its counters (never from the
    signatures); `territories` is the classifier ({KATO: Territory})."""
    tally = petition.tally
    by_region = {}
    for key, counter in tally.regions.items():
        source, kato = key.split(":", 1)
        value = counter()
        while kato in territories and value:
            verified, stated = by_region.get(kato, (0, 0))
            by_region[kato] = (
                (verified + value, stated) if source == VERIFIED else (verified, stated + value)
            )
            kato = territories[kato].parent
    regions = tuple(
        RegionCount(territories[kato], *by_region[kato])
        for kato in territories
        if kato in by_region and sum(by_region[kato])
    )
    placed = sum(row.total for row in regions if row.territory.parent not in by_region)
    levels = {level: counter() for level, counter in tally.levels.items()}
    total = petition.count()
    required = petition.required_level()
    return Counts(
        total=total,
        levels=levels,
        required_level=required,
        counted=sum(n for level, n in levels.items() if level >= required),
        regions=regions,
        unplaced=max(0, total - placed),
        hours=tuple(
            (hour_start(number), counter()) for number, counter in tally.hours.items() if counter()
        ),
        made=now,
    )


def cached_counts(registry, petition, territories, now, seconds):
    """`read_counts`, kept per process (on the app's registry) for up to
    `seconds` after it was made, by the petition's object id."""
    cache = registry.__dict__.setdefault("consult_petition_counts", {})
    key = petition._p_oid or id(petition)
    counts = cache.get(key)
    if counts is None or seconds <= 0 or now - counts.made >= timedelta(seconds=seconds):
        counts = cache[key] = read_counts(petition, territories, now)
    return counts


def forget_counts(request, petition):
    """Drop this process's snapshot of `petition`'s counts once the
    transaction commits (after a change that a page must show at once)."""
    cache = request.registry.__dict__.get("consult_petition_counts", {})
    key = petition._p_oid or id(petition)

    def forget(success):
        if success:
            cache.pop(key, None)

    request.tm.get().addAfterCommitHook(forget)
