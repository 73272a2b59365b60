"""A jury service on a fixed clock and a jury recruiting with it, for the
unit tests that need no mail or principals (`test_services.py` has its own)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from consult.accounts.models import Principal
from consult.clock import FixedClock
from consult.juries.models import Juries
from consult.juries.services import JuryService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def service():
    return JuryService(FixedClock(NOW), "secret")


@pytest.fixture
def jury(service):
    creator = Principal("org@example.kz", "Dana", "O", "", NOW)
    data = {
        "remit": {"en": "Pensions?"},
        "panel_size": 15,
        "recruitment_opens": NOW - timedelta(days=1),
        "recruitment_closes": NOW + timedelta(days=9),
        "sessions": [date(2026, 4, 4)],
        "features": ("gender", "language"),
    }
    return service.create(Juries(), "pensions", "citizens-juries", data, creator)
