"""The change feed's log: entries are written with the transaction that made
the change, once per change, and never by an aborted transaction; logs
pickled before it left the search package still load."""

import random

import pytest
import transaction
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.changes.log import ChangeLog, on_commit, remove_listener
from consult.timekeys import KEY_BITS, key_for, seconds_of


def entries(log):
    return [entry for _key, entry in log.since(0)]


@pytest.fixture
def stored_log():
    db = DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    with manager:
        connection.root()["log"] = ChangeLog()
    yield manager, connection.root()["log"]
    manager.abort()
    connection.close()
    db.close()


def test_entries_are_written_at_commit(stored_log):
    manager, log = stored_log
    with manager:
        log.note(("comment", "a", 1))
        log.note(("comment", "a", 2))
        assert len(log) == 0  # not before the commit
    assert entries(log) == [("comment", "a", 1), ("comment", "a", 2)]


def test_an_aborted_transaction_writes_nothing(stored_log):
    manager, log = stored_log
    manager.begin()
    log.note(("comment", "a", 1))
    manager.abort()
    with manager:
        pass
    assert len(log) == 0


def test_the_same_change_twice_in_a_transaction_is_one_entry(stored_log):
    manager, log = stored_log
    with manager:
        log.note(("comment", "a", 1))
        log.note(("consultation", "a", False))
        log.note(("comment", "a", 1))
    assert entries(log) == [("comment", "a", 1), ("consultation", "a", False)]


def test_keys_follow_the_clock_and_never_collide():
    log = ChangeLog()
    same = random.Random(1)
    log.append([("comment", "a", 1)], now=1000.0, rng=random.Random(1))
    log.append([("comment", "a", 2)], now=1000.0, rng=same)  # the very same key drawn
    log.append([("comment", "a", 3)], now=1001.0)
    keys = [key for key, _entry in log.since(0)]
    assert len(set(keys)) == 3
    assert [round(seconds_of(key)) for key in keys] == [1000, 1000, 1001]
    assert keys[0] >= key_for(1000.0) and keys[-1] < key_for(1001.0) + (1 << KEY_BITS) + 1


def test_listeners_hear_of_commits_that_recorded_changes(stored_log):
    manager, log = stored_log
    heard = []
    listener = lambda: heard.append(True)  # noqa: E731
    on_commit(listener)
    try:
        with manager:
            pass
        assert heard == []
        with manager:
            log.note(("comment", "a", 1))
        assert heard == [True]
    finally:
        remove_listener(listener)


def test_prune_removes_old_entries_and_remembers_where():
    log = ChangeLog()
    log.append([("comment", "a", 1)], now=100.0)
    log.append([("comment", "a", 2)], now=200.0)
    assert log.prune(key_for(150.0)) == 1
    assert entries(log) == [("comment", "a", 2)]
    assert key_for(100.0) < log.pruned_before <= key_for(150.0)
    assert log.prune(key_for(150.0)) == 0


def test_entries_spread_over_shards_and_read_back_in_key_order():
    log = ChangeLog()
    rng = random.Random(5)
    for number in range(200):
        log.append([("comment", "a", number)], now=1000.0 + number, rng=rng)
    used = [tree for tree in log.trees() if len(tree)]
    assert len(used) > 8  # concurrent writers rarely share a bucket
    assert entries(log) == [("comment", "a", number) for number in range(200)]
    assert log.last_key() == max(key for key, _entry in log.since(0))
    assert log.prune(key_for(1100.0)) == 100 and len(log) == 100


def test_a_log_from_before_the_shards_gains_them():
    log = ChangeLog()
    log.shards = ()
    log.append([("comment", "a", 1)], now=10.0)
    log.add_shards()
    assert len(log.trees()) == 16 and entries(log) == [("comment", "a", 1)]


def test_a_log_pickled_under_its_old_path_still_loads(monkeypatch):
    """Databases made before the feed moved name `consult.search.changes.ChangeLog`."""
    db = DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    monkeypatch.setattr(ChangeLog, "__module__", "consult.search.changes")
    with manager:
        log = connection.root()["log"] = ChangeLog()
        log.append([("comment", "a", 1)], now=10.0)
    oid = connection.root()["log"]._p_oid
    stored, _serial = db.storage.load(oid)
    assert b"consult.search.changes" in stored and b"consult.changes.log" not in stored
    monkeypatch.undo()
    connection.close()
    db.cacheMinimize()
    again = db.open(transaction.TransactionManager())
    try:
        loaded = again.root()["log"]
        assert type(loaded) is ChangeLog
        assert entries(loaded) == [("comment", "a", 1)] and len(loaded.trees()) == 16
    finally:
        again.close()
        db.close()
