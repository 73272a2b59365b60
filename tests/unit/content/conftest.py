import pytest
import ZODB
from factories import NOW

from consult.clock import FixedClock
from consult.config import evolution_steps
from consult.content.services import ContentService
from consult.resources import opened_root


@pytest.fixture
def db():
    database = ZODB.DB(None)
    yield database
    database.close()


@pytest.fixture
def root(db):
    """An evolved application root in a real (in-memory) ZODB, its
    transaction open for the test."""
    with opened_root(db, evolution_steps()) as root:
        yield root


@pytest.fixture
def content_clock():
    return FixedClock(NOW)


@pytest.fixture
def service(root, content_clock):
    events = []
    service = ContentService(root, content_clock, notify=events.append)
    service.events = events
    return service
