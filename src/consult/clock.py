"""The one source of the current time, injected so that deadlines can be tested exactly."""

from datetime import UTC, datetime

from zope.interface import Interface, implementer


class IClock(Interface):
    def now():
        """The current time as an aware UTC datetime."""


@implementer(IClock)
class SystemClock:
    def now(self):
        return datetime.now(UTC)


@implementer(IClock)
class FixedClock:
    """A clock that only moves when told to (tests, demo builders)."""

    def __init__(self, when):
        self.when = when

    def now(self):
        return self.when

    def advance(self, delta):
        self.when = self.when + delta


def includeme(config):
    config.register_service(SystemClock(), IClock)
