"""A jury service on a fixed clock and a jury recruiting with it, for the
unit tests that need no mail or principals (`test_services.py` has its own)."""

from datetime import UTC, datetime

import factories
import pytest

from consult.clock import FixedClock
from consult.juries.models import Juries
from consult.juries.services import JuryService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def service():
    return JuryService(FixedClock(NOW), "secret")


@pytest.fixture
def jury(service):
    return factories.jury(Juries(), service)
