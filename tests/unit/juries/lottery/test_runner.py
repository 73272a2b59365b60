"""The draw's status, and DrawRunner starting the worker after the commit
with the service its caller hands it (the runner never builds one)."""

from datetime import timedelta

import pytest
import transaction
from persistent.mapping import PersistentMapping
from pyramid import testing
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.juries.lottery.runner import DrawRunner, status_of
from consult.resources import APP_KEY


def test_a_running_draw_without_its_worker_is_interrupted(service, jury):
    service.clock.advance(timedelta(days=10))
    draw = service.announce_draw(jury, "maximin")
    service.start_draw(jury, draw)
    assert status_of(draw, runner=None) == "interrupted"  # this process, no thread
    draw.runner = "another-process"
    assert status_of(draw) == "running"  # its heartbeat is fresh
    draw.heartbeat -= 3600
    assert status_of(draw) == "interrupted"
    service.start_draw(jury, draw)  # may be started again
    assert draw.status == "running"


@pytest.fixture
def stored(service, jury):
    """The jury in a real database, its draw started in an open transaction."""
    db = DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    connection.root()[APP_KEY] = PersistentMapping({"juries": jury.__parent__})
    manager.commit()
    service.clock.advance(timedelta(days=10))
    draw = service.announce_draw(jury, "maximin")
    service.start_draw(jury, draw)  # nobody applied: the lottery will refuse
    request = testing.DummyRequest()
    request.tm = manager
    request.registry._zodb_databases = {"": db}
    yield request, draw
    db.close()


def test_the_worker_service_is_asked_for_once_the_start_commits(service, jury, stored):
    request, draw = stored
    asked = []

    def worker_service():
        asked.append(True)
        return service.for_worker()

    runner = DrawRunner(isolated=False)
    runner.start_after_commit(request, jury, draw, worker_service)
    assert asked == []
    request.tm.commit()
    assert runner.wait(120)
    assert asked == [True]

    connection = request.registry._zodb_databases[""].open()
    stored_draw = connection.root()[APP_KEY]["juries"]["pensions"].draws["1"]
    assert stored_draw.status == "failed"  # stored by the worker's service
    assert stored_draw.error
    connection.close()


def test_no_worker_and_no_service_when_the_start_is_aborted(service, jury, stored):
    request, draw = stored
    asked = []
    runner = DrawRunner(isolated=False)
    runner.start_after_commit(request, jury, draw, lambda: asked.append(True))
    request.tm.abort()
    assert asked == []
    assert not runner.is_running(draw)
