"""Sessions that end when they should.

The session itself is Pyramid's signed cookie; what it proves is checked
against the database on every request:

- Each sign-in begins a session with a new random id (`sid`), recorded in
  the account's `sessions` tree (sid -> when it began). A cookie counts only
  while its sid is there: signing out removes it, and a password change or
  reset, an administrator's "sign out everywhere" and a revoked role clear
  the tree, so a cookie copied before any of these is refused afterwards.
- The database is written only when a session begins or ends, never by a
  request that merely reads pages (benchmarks/pages.py measures the pages
  signed in; a write per page would cost a commit and invite conflicts).
- The idle time is kept in the signed cookie (`auth.seen`, refreshed at most
  every `refresh` seconds, so the cookie is not signed again on every page),
  the absolute lifetime in the database (when the session began). Both are
  read on the injected clock (Pyramid's own cookie timeout reads
  `time.time()`, and remains as a backstop with the same idle time).
- A sign-in begins from an empty session: nothing an anonymous visitor (or
  someone who planted a cookie) had in it survives, the CSRF token included.

Settings (consult.settings): `consult.session.idle_minutes` (20), after
which a session ends without a request, and `consult.session.lifetime_hours`
(12), after which it ends however active.

12 hours and a short idle time are NIST SP 800-63B's re-authentication
bounds for AAL2 (the staff's roles can publish and moderate); 20 minutes of
inactivity was the cookie's timeout before, and a form that outlives it keeps
the person's text (forms.py), so nothing written is lost."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pyramid_zodbconn import get_connection

from ..clock import IClock
from ..resources import APP_KEY
from ..settings import as_settings, settings_of
from .events import SignedIn, SignedOut

USERID = "auth.userid"
SID = "auth.sid"
SEEN = "auth.seen"
# The request attribute holding the session checked last: ((userid, sid),
# principal). Pyramid asks the policy for `request.identity` without keeping
# the answer, a dozen times on a page and more on a POST; the check (clock,
# settings, dates) is done once and the answer reused while the cookie names
# the same session and the account still has it live.
CHECKED = "_consult_checked_session"


@dataclass(frozen=True)
class SessionRules:
    idle: timedelta
    lifetime: timedelta

    @property
    def refresh(self):
        """How often the last-seen time in the cookie is brought up to date:
        a tenth of the idle time, at most two minutes (Pyramid's rule of
        thumb for re-signing a cookie)."""
        return min(timedelta(minutes=2), self.idle / 10)

    @classmethod
    def from_settings(cls, settings):
        settings = as_settings(settings)
        return cls(
            idle=timedelta(minutes=settings["consult.session.idle_minutes"]),
            lifetime=timedelta(hours=settings["consult.session.lifetime_hours"]),
        )


def rules(request):
    return request.registry.consult_session_rules


def _now(request):
    return request.find_service(IClock).now()


def principals_folder(request):
    root = get_connection(request).root().get(APP_KEY)
    return None if root is None else root.get("principals")


def _stamp(when):
    return when.timestamp()


def _drop(session):
    for key in (USERID, SID, SEEN):
        session.pop(key, None)


def current_principal(request):
    """The Principal whose live session the request's cookie holds, or None.
    A cookie whose session ended, idled out or outlived its lifetime is
    emptied of its sign-in (its CSRF token stays, so an open form still
    comes back with the person's text)."""
    session = request.session
    userid, sid = session.get(USERID), session.get(SID)
    if not userid or not sid:
        return None
    checked = getattr(request, CHECKED, None)
    if checked is not None and checked[0] == (userid, sid):
        principal = checked[1]
        if principal.session_began(sid) is not None:
            return principal
    principal = _checked_principal(request, session, userid, sid)
    if principal is not None:
        setattr(request, CHECKED, ((userid, sid), principal))
    return principal


def _checked_principal(request, session, userid, sid):
    principals = principals_folder(request)
    principal = None if principals is None else principals.get(userid)
    began = None if principal is None else principal.session_began(sid)
    now = _now(request)
    seen = session.get(SEEN)
    limits = rules(request)
    if (
        began is None
        or now - began >= limits.lifetime
        or not isinstance(seen, (int, float))
        or now - datetime.fromtimestamp(seen, UTC) >= limits.idle
    ):
        _drop(session)
        return None
    if now - datetime.fromtimestamp(seen, UTC) >= limits.refresh:
        session[SEEN] = _stamp(now)
    return principal


def _ended(request):
    """End the session the request's cookie holds, if any; its Principal."""
    session = request.session
    userid, sid = session.get(USERID), session.get(SID)
    principals = principals_folder(request) if userid else None
    principal = None if principals is None else principals.get(userid)
    if principal is None or principal.session_began(sid) is None:
        return None
    principal.end_session(sid)
    return principal


def begin(request, principal):
    """Sign `principal` in: a fresh session (a new sid, a new CSRF token)
    recorded on the account; the one this browser had before ends."""
    now = _now(request)
    session = request.session
    _ended(request)
    session.invalidate()
    sid = secrets.token_urlsafe(24)
    principal.begin_session(sid, now, rules(request).lifetime)
    session[USERID] = principal.id
    session[SID] = sid
    session[SEEN] = _stamp(now)
    session.new_csrf_token()
    request.registry.notify(SignedIn(request, principal))


def end(request):
    """Sign out: this session ends on the account and in the cookie."""
    principal = _ended(request)
    if principal is not None:
        request.registry.notify(SignedOut(request, principal))
    request.session.invalidate()


def end_all(principal):
    """End every session of `principal` (a new password, a revoked role, an
    administrator's "sign out everywhere"); returns how many were live."""
    return principal.end_sessions()


def includeme(config):
    config.registry.consult_session_rules = SessionRules.from_settings(settings_of(config))
