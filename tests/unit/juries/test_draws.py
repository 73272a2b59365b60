from datetime import date, datetime, timedelta, timezone

import pytest

from consult.accounts.models import Principal
from consult.clock import FixedClock
from consult.juries.draws import status_of
from consult.juries.models import Juries
from consult.juries.services import JuryService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def service():
    return JuryService(FixedClock(NOW), "secret")


@pytest.fixture
def jury(service):
    creator = Principal("org@example.kz", "Dana", "O", "", NOW)
    data = {"remit": {"en": "Pensions?"}, "panel_size": 15,
            "recruitment_opens": NOW - timedelta(days=1),
            "recruitment_closes": NOW + timedelta(days=9), "sessions": [date(2026, 4, 4)],
            "features": ("gender", "language")}
    return service.create(Juries(), "pensions", "citizens-juries", data, creator)


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
