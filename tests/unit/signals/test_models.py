"""The activity log: events in time order across its trees, lazy pruning,
the reviews, and the evolution step for consultations made before it."""

import random
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from consult.signals.models import (
    RETENTION_SECONDS,
    SHARDS,
    ActivityLog,
    Event,
    Review,
    activity_log,
    evolve_signals_activity_logs,
)
from consult.timekeys import key_for, seconds_of

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp()


def event(when, comment=1, kind="comment"):
    return Event(kind, when, comment, "t", "acc", 0.0, "hash", None)


def test_events_come_back_in_time_order_from_every_tree():
    log = ActivityLog()
    rng = random.Random(3)
    times = [T0 + offset for offset in rng.sample(range(1000), 200)]
    for number, when in enumerate(times):
        log.add(event(when, comment=number), rng=rng)
    assert len(log) == 200
    assert sum(1 for tree in log.shards if tree) > SHARDS // 2  # spread over the trees
    read = list(log.events())
    assert [e.when for e in read] == sorted(times)
    assert all(isinstance(e, Event) for e in read)
    assert [e.when for e in log.events(since=T0 + 500)] == sorted(t for t in times if t >= T0 + 500)
    assert [e.when for e in log.events(T0 + 10, T0 + 20)] == sorted(
        t for t in times if T0 + 10 <= t <= T0 + 20
    )


def test_events_at_the_same_instant_are_all_kept():
    log = ActivityLog(shards=1)
    rng = random.Random(0)
    for number in range(50):
        log.add(event(T0, comment=number), rng=rng)
    assert sorted(e.comment for e in log.events()) == list(range(50))


def test_keys_keep_the_time():
    assert abs(seconds_of(key_for(T0) + 1023) - T0) < 1e-5


def test_writers_prune_old_events_a_few_at_a_time():
    log = ActivityLog(shards=1)
    rng = random.Random(1)
    for number in range(120):
        log.add(event(T0 + number), rng=rng)
    later = T0 + RETENTION_SECONDS + 1000
    log.add(event(later), rng=rng)
    assert len(log) == 121 - 50  # one batch pruned by the write
    log.add(event(later + 1), rng=rng)
    log.add(event(later + 2), rng=rng)
    assert [e.when for e in log.events()] == [later, later + 1, later + 2]
    # Recent events are never pruned by a write.
    log.add(event(later + 3), rng=rng, retention=10)
    assert len(log) == 4


def test_prune_everything_before_a_time():
    log = ActivityLog()
    for number in range(100):
        log.add(event(T0 + number), rng=random.Random(number))
    assert log.prune(T0 + 60) == 60
    assert min(e.when for e in log.events()) == T0 + 60


def test_reviews_are_kept_and_say_until_when():
    log = ActivityLog()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    flag = SimpleNamespace(
        id="f1",
        kind="new_accounts",
        label="",
        start=start,
        end=start + timedelta(minutes=5),
        count=25,
        threshold=20,
        comment_ids=[1, 2],
        new_share=1.0,
        by_kind={"comment": 20, "report": 5},
    )
    review = log.add_review(Review(flag, "moderator", start + timedelta(hours=1), "A class."))
    assert review.reports == 5
    assert log.reviewed() == {"f1": (start + timedelta(minutes=5)).timestamp()}
    assert log.latest_reviews() == [review] and log.review_count() == 1
    try:
        log.add_review(Review(flag, "moderator", start, "Again."))
    except KeyError:
        pass
    else:
        raise AssertionError("a flag is reviewed once")


def test_a_review_kept_from_before_reports_counted_reads_no_reports():
    old = Review.__new__(Review)  # as unpickled: no `reports` in its state
    old.__setstate__({"flag_id": "f0", "kind": "one_address"})
    assert old.reports == 0 and "reports" not in old.__dict__


class Consultations(dict):
    pass


def test_the_evolution_step_gives_every_consultation_a_log_once():
    first, second = SimpleNamespace(__name__="a"), SimpleNamespace(__name__="b")
    root = {"consultations": Consultations(a=first, b=second)}
    assert activity_log(first) is None
    evolve_signals_activity_logs(root)
    assert isinstance(first.activity, ActivityLog) and first.activity.__parent__ is first
    kept = second.activity
    kept.add(event(T0))
    evolve_signals_activity_logs(root)
    assert second.activity is kept and len(kept) == 1
