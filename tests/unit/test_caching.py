"""The validator of anonymous pages (consult.caching.page_etag): a committed
write, the address, the language, the representation or the time bucket
changes it; reading, an aborted write and time within the bucket do not.
Each address's bucket turns at its own moment."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import transaction
from etag_requests import etag_request
from factories import NOW
from persistent.mapping import PersistentMapping
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.caching import database_revision, page_etag
from consult.clock import FixedClock


@pytest.fixture
def db():
    database = DB(MappingStorage())
    with database.transaction() as connection:
        connection.root()["consult"] = PersistentMapping(title="first")
    yield database
    database.close()


@pytest.fixture
def clock():
    return FixedClock(NOW)


def etag_of(db, clock, path="/consultations/x/", language="en", accept="text/html"):
    """The ETag a request with these properties gets, read in its own transaction."""
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        manager.begin()
        # context None: a page outside any resource that counts its revisions
        request = etag_request(
            clock, connection.root()["consult"], None, path, language=language, accept=accept
        )
        return page_etag(request)
    finally:
        manager.abort()
        connection.close()


def write(db, value, commit=True):
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    manager.begin()
    connection.root()["consult"]["title"] = value
    (manager.commit if commit else manager.abort)()
    connection.close()


def test_the_same_page_read_again_keeps_its_etag(db, clock):
    assert etag_of(db, clock) == etag_of(db, clock)


def test_a_committed_write_changes_it_and_an_aborted_one_does_not(db, clock):
    before = etag_of(db, clock)
    write(db, "aborted", commit=False)
    assert etag_of(db, clock) == before
    write(db, "second")
    assert etag_of(db, clock) != before


@pytest.mark.parametrize(
    "other",
    [
        {"path": "/consultations/y/"},
        {"path": "/consultations/x/?page=2"},
        {"language": "kk"},
        {"accept": "application/json"},
    ],
)
def test_the_address_the_language_and_the_representation_change_it(db, clock, other):
    assert etag_of(db, clock, **other) != etag_of(db, clock)


def changes_over(db, clock, seconds, path="/consultations/x/"):
    """How many times the ETag of `path` changes over `seconds`, read each second."""
    seen = [etag_of(db, clock, path)]
    for _ in range(seconds):
        clock.advance(timedelta(seconds=1))
        seen.append(etag_of(db, clock, path))
    return sum(1 for before, after in zip(seen, seen[1:], strict=False) if before != after)


def test_time_changes_it_once_a_bucket(db, clock):
    assert changes_over(db, clock, 60) == 1
    assert changes_over(db, clock, 120) == 2


def test_each_address_turns_over_at_its_own_moment(db, clock):
    """A cache's pages are not all rendered again in the same second."""
    paths = [f"/consultations/x/drafts/1/{number}/" for number in range(1, 13)]
    turned = []
    for path in paths:
        moment = FixedClock(clock.now())
        first = etag_of(db, moment, path)
        while etag_of(db, moment, path) == first:
            moment.advance(timedelta(seconds=1))
        turned.append(moment.now())
    assert len(set(turned)) > 6


def test_the_revision_is_the_snapshot_the_request_reads(db):
    """A write committed while a request reads does not move that request's
    revision: its ETag never names a newer state than its page shows."""
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    manager.begin()
    root = connection.root()["consult"]
    request = SimpleNamespace(root=root)
    seen = database_revision(request)
    assert root["title"] == "first"
    write(db, "meanwhile")
    assert database_revision(request) == seen
    manager.abort()
    manager.begin()
    assert database_revision(request) != seen
    connection.close()
