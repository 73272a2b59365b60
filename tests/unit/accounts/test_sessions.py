"""Sessions checked against the account on the injected clock: the rules
from the settings, the account's tree of live sessions, the cookie's keys."""

from datetime import UTC, datetime, timedelta

import factories
import pytest
from pyramid import testing

from consult.accounts import sessions
from consult.accounts.events import RoleRevoked, SignedIn, SignedOut
from consult.accounts.models import Principals
from consult.accounts.subscribers import end_sessions_of_revoked
from consult.clock import FixedClock

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_rules_from_settings():
    default = sessions.SessionRules.from_settings({})
    assert (default.idle, default.lifetime) == (timedelta(minutes=20), timedelta(hours=12))
    assert default.refresh == timedelta(minutes=2)
    short = sessions.SessionRules.from_settings(
        {"consult.session.idle_minutes": "5", "consult.session.lifetime_hours": "0.5"}
    )
    assert (short.idle, short.lifetime, short.refresh) == (
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(seconds=30),
    )
    with pytest.raises(ValueError):
        sessions.SessionRules.from_settings({"consult.session.idle_minutes": "0"})


def test_an_account_keeps_its_live_sessions():
    principal = factories.principal("a@example.kz", "A", "B")
    lifetime = timedelta(hours=12)
    principal.begin_session("old", NOW, lifetime)
    principal.begin_session("new", NOW + timedelta(hours=11), lifetime)
    assert principal.session_began("old") == NOW
    # A sign-in drops the sessions past their lifetime (never signed out).
    principal.begin_session("newest", NOW + timedelta(hours=12), lifetime)
    assert principal.session_began("old") is None
    assert list(principal.sessions) == ["new", "newest"]
    principal.end_session("new")
    principal.end_session("unknown")
    assert principal.end_sessions() == 1
    assert principal.session_began("newest") is None and principal.session_began(None) is None


@pytest.fixture
def site(monkeypatch):
    """(request factory, principals, clock, events): DummyRequests sharing one
    cookie-like session dict, as one browser's requests do."""
    principals = Principals()
    principal = principals.add_principal(factories.principal("a@example.kz", "A", "B"))
    clock = FixedClock(NOW)
    config = testing.setUp()
    config.registry.consult_session_rules = sessions.SessionRules.from_settings({})
    events = []
    config.add_subscriber(events.append, SignedIn)
    config.add_subscriber(events.append, SignedOut)
    monkeypatch.setattr(sessions, "principals_folder", lambda request: principals)
    cookie = testing.DummySession()

    def request():
        req = testing.DummyRequest(session=cookie)
        req.find_service = lambda interface: clock
        return req

    yield request, principal, clock, events
    testing.tearDown()


def test_a_session_begins_checks_and_ends(site):
    request, principal, clock, events = site
    first = request()
    first.session["anonymous"] = "planted"
    sessions.begin(first, principal)
    assert "anonymous" not in first.session  # nothing from before sign-in survives
    sid = first.session[sessions.SID]
    assert principal.session_began(sid) == NOW
    assert sessions.current_principal(request()) is principal
    sessions.end(request())
    assert principal.session_began(sid) is None
    assert sessions.current_principal(request()) is None
    assert [type(e) for e in events] == [SignedIn, SignedOut]


def test_the_last_request_is_written_in_the_cookie_at_most_every_two_minutes(site):
    request, principal, clock, _events = site
    sessions.begin(request(), principal)
    seen = request().session[sessions.SEEN]
    clock.advance(timedelta(seconds=90))
    assert sessions.current_principal(request()) is principal
    assert request().session[sessions.SEEN] == seen
    clock.advance(timedelta(seconds=60))
    assert sessions.current_principal(request()) is principal
    assert request().session[sessions.SEEN] == (NOW + timedelta(seconds=150)).timestamp()


def test_a_forged_or_foreign_session_id_signs_nobody_in(site):
    request, principal, _clock, _events = site
    sessions.begin(request(), principal)
    request().session[sessions.SID] = "made-up"
    assert sessions.current_principal(request()) is None
    assert sessions.USERID not in request().session  # the cookie is emptied of it


def test_a_revoked_role_ends_every_session_of_its_holder(site):
    request, principal, _clock, _events = site
    sessions.begin(request(), principal)
    other = request()
    other.session = testing.DummySession()
    sessions.begin(other, principal)
    assert len(principal.sessions) == 2
    end_sessions_of_revoked(RoleRevoked(request(), object(), principal.id, "editor"))
    assert len(principal.sessions) == 0
    end_sessions_of_revoked(RoleRevoked(request(), object(), "nobody", "editor"))  # no error


def test_a_request_checks_its_session_once_and_sees_it_end(site):
    """Pyramid asks for the identity many times a request: the clock and the
    rules are read once, and the answer still follows the account."""
    request, principal, clock, _events = site
    sessions.begin(request(), principal)
    page = request()
    asked = []
    page.find_service = lambda interface: asked.append(interface) or clock
    assert [sessions.current_principal(page) for _ in range(5)] == [principal] * 5
    assert len(asked) == 1
    principal.end_sessions()  # e.g. a password changed by this very request
    assert sessions.current_principal(page) is None


def test_a_request_that_signs_in_then_out_sees_both(site):
    request, principal, _clock, _events = site
    page = request()
    assert sessions.current_principal(page) is None
    sessions.begin(page, principal)
    assert sessions.current_principal(page) is principal
    sessions.end(page)
    assert sessions.current_principal(page) is None
