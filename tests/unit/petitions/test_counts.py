"""The counters of a petition's signatures: what a signature and its
withdrawal change, the roll-up of territories, the hourly window, the
listed signers' pages, the snapshot kept per process, and signatures that
compare by value (which BTrees' conflict resolution needs)."""

import pickle
from datetime import timedelta
from types import SimpleNamespace

import pytest
from BTrees.OOBTree import OOBTree
from factories import NOW
from ZODB import DB

from consult.organisations.territories import load_territories
from consult.petitions.chart import bars
from consult.petitions.counts import (
    STATED,
    VERIFIED,
    Signature,
    cached_counts,
    hour_of,
    hour_start,
    read_counts,
)
from consult.petitions.models import Petition

ASTANA, YESIL, KARAGANDA = "710000000", "711210000", "350000000"


@pytest.fixture
def petition():
    return Petition("author", "T", "Text", "Asks", "body", "", NOW)


def add(petition, userid, signature):
    petition.signatures[userid] = signature
    petition.signature_count.change(1)
    petition.tally.add(userid, signature)


def test_a_signature_moves_its_level_territory_and_hour(petition):
    add(petition, "a", Signature(NOW, 2, YESIL, STATED, listed=True))
    add(petition, "b", Signature(NOW + timedelta(hours=1), 1))
    tally = petition.tally
    assert {level: n() for level, n in tally.levels.items()} == {0: 0, 1: 1, 2: 1, 3: 0}
    assert {key: n() for key, n in tally.regions.items()} == {f"stated:{YESIL}": 1}
    assert [n() for n in tally.hours.values()] == [1, 1]
    assert tally.listed_count() == 1 and tally.at_least(2) == 1
    tally.remove("a", petition.signatures["a"])
    assert tally.at_least(0) == 1 and tally.listed_count() == 0
    assert not any(len(shard) for shard in tally.listed)
    assert tally.regions[f"stated:{YESIL}"]() == 0


def test_the_threshold_counts_the_required_level_and_above(petition):
    for userid, level in (("a", 1), ("b", 2), ("c", 3)):
        add(petition, userid, Signature(NOW, level))
    assert (petition.count(), petition.counted()) == (3, 3)  # opened before levels counted
    petition.signature_level = 2
    petition.threshold = 4
    assert (petition.counted(), petition.progress()) == (2, 50)


def test_territories_add_up_to_their_parents(petition):
    add(petition, "a", Signature(NOW, 2, YESIL, STATED))
    add(petition, "b", Signature(NOW, 2, ASTANA, VERIFIED))
    add(petition, "c", Signature(NOW, 2, KARAGANDA, STATED))
    add(petition, "d", Signature(NOW, 2))
    counts = read_counts(petition, load_territories(), NOW)
    rows = [(row.territory.kato, row.verified, row.stated, row.total) for row in counts.regions]
    assert rows == [(KARAGANDA, 0, 1, 1), (ASTANA, 1, 1, 2), (YESIL, 0, 1, 1)]
    assert counts.unplaced == 1


def test_the_hourly_window_fills_the_hours_without_signatures(petition):
    add(petition, "a", Signature(NOW, 2))
    add(petition, "b", Signature(NOW + timedelta(hours=2, minutes=59), 2))
    counts = read_counts(petition, load_territories(), NOW)
    assert counts.hours == ((NOW, 1), (NOW + timedelta(hours=2), 1))
    window = counts.window(4)
    assert [n for _start, n in window] == [0, 1, 0, 1]
    assert window[-1][0] == NOW + timedelta(hours=2)
    drawn = bars(window, width=400, height=100)
    assert [(bar.x, bar.height) for bar in drawn] == [(0, 0), (100, 100), (200, 0), (300, 100)]
    assert hour_start(hour_of(NOW + timedelta(minutes=30))) == NOW


def test_listed_signers_come_newest_first_by_pages(petition):
    for minute, userid in enumerate("abcde"):
        add(petition, userid, Signature(NOW + timedelta(minutes=minute), 2, listed=True))
    add(petition, "hidden", Signature(NOW, 2))
    ids, after = petition.tally.listed_page(size=2)
    assert ids == ["e", "d"]
    ids, after = petition.tally.listed_page(after, size=2)
    assert ids == ["c", "b"]
    assert petition.tally.listed_page(after, size=2) == (["a"], None)


def test_counts_are_kept_for_the_seconds_given(petition):
    registry = SimpleNamespace()
    territories = load_territories()
    add(petition, "a", Signature(NOW, 2))
    assert cached_counts(registry, petition, territories, NOW, 20).total == 1
    add(petition, "b", Signature(NOW, 2))
    later = NOW + timedelta(seconds=19)
    assert cached_counts(registry, petition, territories, later, 20).total == 1
    assert cached_counts(registry, petition, territories, later, 0).total == 2
    add(petition, "c", Signature(NOW, 2))  # the snapshot above was made at 19 s
    assert (
        cached_counts(registry, petition, territories, NOW + timedelta(seconds=38), 20).total == 2
    )
    assert (
        cached_counts(registry, petition, territories, NOW + timedelta(seconds=39), 20).total == 3
    )


def test_signatures_compare_by_value_as_their_copies_do():
    signature = Signature(NOW, 2, YESIL, STATED, listed=True)
    copy = pickle.loads(pickle.dumps(signature))
    assert copy == signature and not copy < signature and hash(copy) == hash(signature)
    assert Signature(NOW, 1) < Signature(NOW, 2)
    assert Signature(NOW, 2, None, STATED).source is None  # no territory, no source


def test_signatures_are_stored_compactly_and_old_ones_still_load(monkeypatch):
    signature = Signature(NOW, 2, YESIL, STATED, listed=True)
    database = DB(None)
    try:
        with database.transaction() as connection:
            connection.root()["signatures"] = OOBTree({"a": signature})
        with database.transaction() as connection:
            tree = connection.root()["signatures"]
            record, _serial = database.storage.load(tree._p_oid)
            assert tree["a"] == signature and tree["a"].when == NOW
    finally:
        database.close()
    # A call with plain values: no attribute names, no instance dict.
    assert b"stored_signature" in record and b"region" not in record
    compact = pickle.dumps(signature)
    # As signatures were stored before: the instance and its dict.
    monkeypatch.delattr(Signature, "__reduce__")
    before = pickle.dumps(signature)
    monkeypatch.undo()
    old = pickle.loads(before)
    assert type(old) is Signature and old == signature and old.when == NOW
    assert len(compact) < len(before) and b"region" in before
