"""The activity log of a consultation: what was posted, supported and
reported, by how old an account and from which (hashed) address, for the
burst signals (`signals.detection`), and the moderators' reviews of them.

An event is recorded in the same ZODB transaction as the action itself, so a
retried or refused request leaves none. Events are keyed by the time of the
action in microseconds, times 1024, plus 10 random bits, and go to one of
several LOBTrees at random, like the entries of the change feed (both are a
`shardedlog.ShardedLog`: issue 6 measured 3 % ConflictErrors with a single
time-keyed tree). Old events are pruned a few at a time by the writers
themselves (`ActivityLog.add`).

An event is a plain tuple (cheap to store), read back as an `Event`. The
client's address is never stored: only a keyed hash of it
(`signals.services.address_hash`)."""

import random
from collections import namedtuple
from datetime import UTC, datetime

from BTrees.Length import Length
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from ..shardedlog import ShardedLog
from ..timekeys import KEY_BITS, key_for, random_key

SHARDS = 16
RETENTION_SECONDS = 7 * 24 * 3600  # events older than this are pruned
PRUNE_BATCH = 50  # events deleted at most per write

KINDS = ("comment", "reply", "support", "report", "signature")

#: kind: one of KINDS; when: epoch seconds; comment: the comment posted,
#: supported or reported; target: its thread; account: the account id;
#: age: the account's age in seconds at that moment (None if unknown);
#: address: the keyed hash of the client address (None if unknown);
#: parent: for a reply, the comment it answers.
Event = namedtuple("Event", "kind when comment target account age address parent")


def epoch(when):
    """Epoch seconds of an aware datetime."""
    return when.timestamp()


def from_epoch(seconds):
    return datetime.fromtimestamp(seconds, UTC)


class Review(Persistent):
    """A moderator's review of one flag: the flag as it was seen, and the note.
    Kept as the record; the flag's window does not raise a flag again."""

    reports = 0  # reports in the burst (reviews made before reports counted have none)

    def __init__(self, flag, moderator, when, note):
        self.flag_id = flag.id
        self.kind = flag.kind
        self.label = flag.label
        self.start = flag.start
        self.end = flag.end
        self.count = flag.count
        self.threshold = flag.threshold
        self.comment_ids = tuple(flag.comment_ids)
        self.new_share = flag.new_share
        self.reports = flag.by_kind.get("report", 0)
        self.moderator = moderator
        self.when = when
        self.note = note

    @property
    def reviewed_until(self):
        """Events up to here belong to the reviewed burst (epoch seconds)."""
        return epoch(self.end)


class ActivityLog(ShardedLog):
    """`consultation.activity`: the recent events and every review."""

    __parent__ = None
    __name__ = "activity"

    def __init__(self, shards=SHARDS):
        self.shards = tuple(LOBTree() for _ in range(shards))
        self.reviews = OOBTree()  # flag id -> Review
        self.review_count = Length()

    def add(self, event, rng=random, retention=RETENTION_SECONDS):
        """Record `event` (an Event or a tuple in its order); prune a few
        events older than `retention` seconds from the same tree."""
        event = tuple(event)
        tree = self.pick_tree(rng)
        key = random_key(event[1], rng)
        while key in tree:
            key += 1
        tree[key] = event
        self.prune_tree(tree, key_for(event[1] - retention), PRUNE_BATCH)
        return key

    def prune(self, before_seconds, limit=10_000):
        """Delete up to `limit` events older than `before_seconds` (epoch) from
        every tree; returns how many."""
        return self.prune_keys(key_for(before_seconds), limit)

    def events(self, since=0.0, until=None):
        """The events from `since` (epoch seconds) on, up to `until` included,
        in time order."""
        low = key_for(since)
        high = None if until is None else key_for(until) + (1 << KEY_BITS) - 1
        for _key, value in self.items(low, high):
            yield Event(*value)

    # -- reviews -------------------------------------------------------------
    def add_review(self, review):
        if review.flag_id in self.reviews:
            raise KeyError(review.flag_id)
        self.reviews[review.flag_id] = review
        self.review_count.change(1)
        return review

    def reviewed(self):
        """{flag id: reviewed until (epoch seconds)} for the detection."""
        return {flag_id: review.reviewed_until for flag_id, review in self.reviews.items()}

    def latest_reviews(self, limit=None):
        """The reviews, latest first."""
        reviews = sorted(self.reviews.values(), key=lambda review: review.when, reverse=True)
        return reviews if limit is None else reviews[:limit]


def activity_log(consultation, create=False):
    """The consultation's activity log; made at the first event when `create`
    (consultations made before this package have none until then, or until
    `evolve_signals_activity_logs` runs)."""
    log = getattr(consultation, "activity", None)
    if log is None and create:
        log = consultation.activity = ActivityLog()
        log.__parent__ = consultation
    return log


def evolve_signals_activity_logs(root):
    """Give every consultation an activity log for the burst signals."""
    for consultation in root["consultations"].values():
        activity_log(consultation, create=True)
