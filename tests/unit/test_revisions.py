"""Page revision counters (consult.revisions): an event about something
under a revisioned resource moves that resource's counter and no other's;
an event that changes every page moves the site's; concurrent increments
from two connections both commit."""

import pytest
import transaction
from etag_requests import etag_request
from factories import NOW
from persistent import Persistent
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.caching import page_etag
from consult.clock import FixedClock
from consult.events import Event
from consult.resources.models import Folder
from consult.revisions import Revisioned, record_event, revision_holder, site_revision


class Holder(Revisioned, Folder):
    pass


class Leaf(Persistent):
    def __init__(self, parent):
        self.__parent__ = parent


class Happened(Event):
    def __init__(self, request, comment=None, root=None):
        super().__init__(request)
        self.comment = comment
        self.root = root


class EveryPageChanged(Event):
    changes_every_page = True

    def __init__(self, request, root):
        super().__init__(request)
        self.root = root


@pytest.fixture
def db(tmp_path):
    database = DB(FileStorage(str(tmp_path / "Data.fs")))
    with database.transaction() as connection:
        root = Folder()
        connection.root()["consult"] = root
        for name in ("a", "b"):
            root.add(name, Holder())
            root[name].add("store", Folder())
    yield database
    database.close()


def in_transaction(db, work):
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        manager.begin()
        result = work(connection.root()["consult"])
        manager.commit()
        return result
    finally:
        connection.close()


def counts(db):
    return in_transaction(
        db,
        lambda root: (
            root["a"].page_revision_value(),
            root["b"].page_revision_value(),
            site_revision(root),
        ),
    )


def test_the_holder_is_the_nearest_revisioned_resource_in_the_lineage(db):
    def check(root):
        leaf = Leaf(root["a"]["store"])
        assert revision_holder(leaf) is root["a"]
        assert revision_holder(root["a"]) is root["a"]
        assert revision_holder(root) is None

    in_transaction(db, check)


def test_an_event_moves_only_the_counter_of_the_resource_it_concerns(db):
    assert counts(db) == (0, 0, 0)
    in_transaction(db, lambda root: record_event(Happened(None, Leaf(root["a"]["store"]))))
    assert counts(db) == (1, 0, 0)
    in_transaction(db, lambda root: record_event(Happened(None, Leaf(root["b"]["store"]))))
    assert counts(db) == (1, 1, 0)


def test_an_unlocated_resource_moves_nothing(db):
    in_transaction(db, lambda root: record_event(Happened(None, Leaf(None))))
    assert counts(db) == (0, 0, 0)


def test_an_event_that_changes_every_page_moves_the_sites_counter(db):
    in_transaction(db, lambda root: record_event(EveryPageChanged(None, root)))
    assert counts(db) == (0, 0, 1)


def test_concurrent_increments_of_one_counter_both_commit(db):
    """Two transactions that each record a comment in the same consultation,
    overlapping: the counter resolves the conflict instead of failing one."""
    in_transaction(db, lambda root: root["a"].bump_page_revision())  # the counter exists
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    try:
        first.begin()
        second.begin()
        for connection in (one, two):
            root = connection.root()["consult"]
            record_event(Happened(None, Leaf(root["a"]["store"])))
        first.commit()
        second.commit()
    finally:
        one.close()
        two.close()
    assert counts(db)[0] == 3


def etag(db, path, clock):
    def read(root):
        context = root
        for name in filter(None, path.split("/")):
            context = context[name]
        request = etag_request(clock, root, context, path)
        return page_etag(request)

    return in_transaction(db, read)


def test_the_etag_of_a_page_within_a_holder(db):
    clock = FixedClock(NOW)
    before = etag(db, "/a/store", clock)

    def write_elsewhere(root):
        root.add("unrelated", Folder())

    in_transaction(db, write_elsewhere)
    in_transaction(db, lambda root: record_event(Happened(None, Leaf(root["b"]["store"]))))
    assert etag(db, "/a/store", clock) == before, "a change elsewhere leaves it"
    in_transaction(db, lambda root: record_event(Happened(None, Leaf(root["a"]["store"]))))
    after_comment = etag(db, "/a/store", clock)
    assert after_comment != before
    in_transaction(db, lambda root: record_event(EveryPageChanged(None, root)))
    assert etag(db, "/a/store", clock) != after_comment


def test_a_page_outside_any_holder_follows_every_write(db):
    clock = FixedClock(NOW)
    before = etag(db, "/", clock)
    in_transaction(db, lambda root: record_event(Happened(None, Leaf(root["b"]["store"]))))
    assert etag(db, "/", clock) != before
