"""The validator of anonymous pages (consult.caching.page_etag): a committed
write, the address, the language, the representation or the time bucket
changes it; reading, an aborted write and time within the bucket do not."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import transaction
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
        request = SimpleNamespace(
            registry=SimpleNamespace(consult_settings={"consult.cache.etag_seconds": 60}),
            find_service=lambda _interface: clock,
            locale_name=language,
            headers={"Accept": accept},
            path_qs=path,
            root=connection.root()["consult"],
            context=None,  # a page outside any resource that counts its revisions
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


def test_time_changes_it_only_from_one_bucket_to_the_next(db):
    clock = FixedClock(NOW.replace(second=0, microsecond=0) + timedelta(seconds=1))
    before = etag_of(db, clock)
    clock.advance(timedelta(seconds=58))
    assert etag_of(db, clock) == before
    clock.advance(timedelta(seconds=2))
    assert etag_of(db, clock) != before


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
