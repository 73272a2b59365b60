"""What happened, announced to whoever cares.

A capability says what it did with `request.registry.notify(SomeEvent(...))`
and never calls into the capabilities that react (Substance D's folder events,
Kinto's `ResourceChanged`). Each capability declares its events in its own
`events.py`, as subclasses of the classes here; the reactions live in the
reacting capability's `subscribers.py`.

An event that belongs on the public record's audit log is a `RecordedEvent`:
it names the action, the resource acted on, the reason given and a few
details, and the audit log (consult.audit) writes one hash-chained entry for
each, in the same transaction as the action itself.

Services get the registry's `notify` from their factory. Built without one
(a console script, the demo, a test that builds a service by hand), they
announce to `notify_outside_requests`: the subscribers that keep stored data
in step whoever changed it (the change feed, a new consultation's activity
log, comment store and response register), without the request-bound ones
(the audit log wants a request's actor and clock, flashes want a session)."""

import functools

from pyramid.config import Configurator
from zope.interface import Attribute, Interface, implementer

from .i18n import _


class IEvent(Interface):
    request = Attribute("The request in which it happened (None in a console script).")


class IRecordedEvent(IEvent):
    """An action the audit log records."""

    action = Attribute("A stable dotted name of what was done, e.g. 'role.granted'.")
    title = Attribute("What was done, for people (translatable), e.g. 'A role was granted'.")
    subject = Attribute("The resource acted on (its path is recorded), or None.")
    reason = Attribute("Why, in the words of the person who did it; '' if none was asked.")
    actor = Attribute("The userid of who did it; None: the request's signed-in person.")
    root = Attribute(
        "The application root; None: the request's (set it where there is "
        "no request, as in a background worker)."
    )
    when = Attribute("When it happened (aware datetime); None: the request's clock now.")

    def details():
        """{str: str}: what else identifies the action (a role, a state,
        a count), never personal data beyond a userid."""

    def recorded():
        """Whether this one belongs on the log (a citizen's sign-in does not,
        a staff member's does)."""


@implementer(IEvent)
class Event:
    def __init__(self, request):
        self.request = request


@implementer(IRecordedEvent)
class RecordedEvent(Event):
    """Subclasses set `action` and `title` and usually override `details()`."""

    action = None
    title = None

    def __init__(self, request, subject=None, reason="", actor=None, root=None, when=None):
        super().__init__(request)
        self.subject = subject
        self.reason = reason or ""
        self.actor = actor
        self.root = root
        self.when = when

    def details(self):
        return {}

    def recorded(self):
        return True


class ExportDownloaded(RecordedEvent):
    """A file of data that is not public (comments with their authors'
    details, a jury's pool) was downloaded; any capability may announce it."""

    action = "export.downloaded"
    title = _("An export was downloaded")

    def __init__(self, request, subject, filename):
        super().__init__(request, subject)
        self.filename = filename

    def details(self):
        return {"file": self.filename}


# Named, not imported: this module is below every capability, and these
# subscribers import the capabilities' events.
SUBSCRIBERS_OUTSIDE_REQUESTS = (
    "consult.changes.subscribers",
    "consult.signals.subscribers",
    # A new consultation's comment store and response register; a new
    # comment in its author's activity.
    "consult.feedback.subscribers.include_outside_requests",
    "consult.responses.subscribers",
    # The page revisions that shared pages' validators count.
    "consult.revisions",
)


@functools.cache
def _registry_outside_requests():
    config = Configurator()
    for name in SUBSCRIBERS_OUTSIDE_REQUESTS:
        config.include(name)
    config.commit()
    return config.registry


def notify_outside_requests(event):
    """Announce `event` where there is no registry (see the module's docstring)."""
    _registry_outside_requests().notify(event)


def recorded_actions():
    """{action: title} of every RecordedEvent subclass imported so far."""
    found, pending = {}, list(RecordedEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.action:
            found[cls.action] = cls.title or cls.action
    return found
