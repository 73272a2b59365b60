"""Accounts' events say what the audit log records: the action, the subject
and a few details, never personal data beyond a userid."""

from datetime import UTC, datetime

import factories
from zope.interface.verify import verifyObject

from consult.accounts.events import (
    PasswordChanged,
    RoleGranted,
    RoleRevoked,
    SessionsEnded,
    SignedIn,
    SignedOut,
)
from consult.events import IRecordedEvent
from consult.resources.models import Root

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def person(roles=()):
    return factories.principal("a@example.kz", "Aigerim", "Serikova", created=NOW, roles=roles)


def test_role_events_name_the_resource_the_role_is_held_on():
    root = Root()
    granted = RoleGranted(None, root, "u1", "moderator")
    revoked = RoleRevoked(None, root, "u1", "moderator", reason="left the ministry")
    assert (granted.action, revoked.action) == ("role.granted", "role.revoked")
    assert granted.subject is root and revoked.reason == "left the ministry"
    assert granted.details() == revoked.details() == {"userid": "u1", "role": "moderator"}
    assert granted.actor is None  # the request's signed-in person
    for event in (granted, revoked):
        assert verifyObject(IRecordedEvent, event)


def test_account_events():
    staff, citizen = person(("editor",)), person()
    assert SignedIn(None, staff).details() == {"userid": staff.id, "staff": True}
    assert SignedIn(None, citizen).details() == {"userid": citizen.id, "staff": False}
    assert SignedIn(None, citizen).actor == citizen.id
    assert SignedIn(None, citizen).action == "account.signed_in"
    assert SignedOut(None, citizen).action == "account.signed_out"
    changed = PasswordChanged(None, citizen, "reset")
    assert changed.subject is citizen and changed.details()["how"] == "reset"
    ended = SessionsEnded(None, citizen, 3)
    assert ended.actor is None and ended.details() == {"userid": citizen.id, "sessions": "3"}
    for event in (SignedIn(None, staff), changed, ended):
        assert verifyObject(IRecordedEvent, event)
        assert "a@example.kz" not in repr(event.details())
