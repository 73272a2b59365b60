"""What happened, announced to whoever cares.

A capability says what it did with `request.registry.notify(SomeEvent(...))`
and never calls into the capabilities that react (Substance D's folder events,
Kinto's `ResourceChanged`). Each capability declares its events in its own
`events.py`, as subclasses of the classes here; the reactions live in the
reacting capability's `subscribers.py`.

An event that belongs on the public record's audit log is a `RecordedEvent`:
it names the action, the resource acted on, the reason given and a few
details, and the audit log (consult.audit) writes one hash-chained entry for
each, in the same transaction as the action itself."""
from zope.interface import Attribute, Interface, implementer


class IEvent(Interface):
    request = Attribute("The request in which it happened (None in a console script).")


class IRecordedEvent(IEvent):
    """An action the audit log records."""

    action = Attribute("A stable dotted name of what was done, e.g. 'role.granted'.")
    subject = Attribute("The resource acted on (its path is recorded), or None.")
    reason = Attribute("Why, in the words of the person who did it; '' if none was asked.")
    actor = Attribute("The userid of who did it; None: the request's signed-in person.")

    def details():
        """{str: str}: what else identifies the action (a role, a state,
        a count), never personal data beyond a userid."""


@implementer(IEvent)
class Event:
    def __init__(self, request):
        self.request = request


@implementer(IRecordedEvent)
class RecordedEvent(Event):
    """Subclasses set `action` and usually override `details()`."""

    action = None
    actor = None

    def __init__(self, request, subject=None, reason=""):
        super().__init__(request)
        self.subject = subject
        self.reason = reason or ""

    def details(self):
        return {}
