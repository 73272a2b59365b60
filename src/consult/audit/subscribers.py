"""The audit log records every RecordedEvent, in the transaction of the
action itself: if the action is rolled back, so is its entry."""

from pyramid.traversal import resource_path

from ..clock import IClock
from ..events import IRecordedEvent
from .models import audit_log_of


def _title(subject):
    title = getattr(subject, "title", None)
    if isinstance(title, dict):
        return next((title[lang] for lang in ("ru", "kk", "en") if title.get(lang)), "")
    return title if isinstance(title, str) else ""


def record(event):
    if not event.recorded():
        return
    request = event.request
    root = event.root if event.root is not None else request.root
    actor = event.actor
    if actor is None and request is not None and request.identity is not None:
        actor = request.identity.id
    person = root["principals"].get(actor) if actor else None
    when = event.when or request.find_service(IClock).now()
    subject = event.subject
    audit_log_of(root).append(
        when,
        actor,
        f"{person.first_name} {person.last_name}" if person else "",
        event.action,
        resource_path(subject) if subject is not None else "",
        _title(subject),
        event.reason,
        event.details(),
    )


def includeme(config):
    config.add_subscriber(record, IRecordedEvent)
