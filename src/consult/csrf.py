"""No unsafe request commits anything without its CSRF token.

Pyramid checks the token of every view that keeps `require_csrf` (the
default config.py sets); form views check theirs in the schema instead
(forms.CSRFSchema), so that a stale token gives the form back with the
person's text. This is the net under both: a POST, PUT, PATCH or DELETE whose
token did not match the session's when the request arrived cannot commit to
the database, whatever view it reached, so a view that forgets its check
still changes nothing (pyramid_tm's commit veto, `tm.commit_veto`).

The session's token is read when the request arrives, because a view may
rotate it (signing in does) before the veto looks."""

import logging

from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.interfaces import ICSRFStoragePolicy
from pyramid.util import strings_differ

log = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
_EXPECTED = "consult.csrf.expected"
_SIGNED = "consult.csrf.signed"


def _session_token(request):
    """The session's token without creating one (creating it would start a
    session for a visitor who has none)."""
    policy = request.registry.queryUtility(ICSRFStoragePolicy)
    if isinstance(policy, SessionCSRFStoragePolicy):
        return request.session.get(policy.key)
    return policy.get_csrf_token(request) if policy is not None else None


def expected_token_tween_factory(handler, registry):
    def expected_token_tween(request):
        if request.method in UNSAFE_METHODS:
            request.environ[_EXPECTED] = _session_token(request)
        return handler(request)

    return expected_token_tween


def supplied_token(request):
    return request.POST.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""


def signed_instead(request):
    """Say that this unsafe request proved itself with a signature the view
    checked instead of the session's token: the one-click unsubscribe of
    RFC 8058, posted by a mail provider with no cookie at all. Only a view
    that has verified such a signature calls it."""
    request.environ[_SIGNED] = True


def commit_veto(request, response):
    """True (abort) for an unsafe request that came without the token its
    session held when it arrived, and, as pyramid_tm does without a veto,
    for a response an exception view rendered."""
    if getattr(request, "exc_info", None) is not None:
        return True
    if request.method not in UNSAFE_METHODS or request.environ.get(_SIGNED):
        return False
    expected = request.environ.get(_EXPECTED)
    supplied = supplied_token(request)
    if expected and supplied and not strings_differ(str(supplied), str(expected)):
        return False
    log.warning(
        "aborted the transaction of %s %s: no valid CSRF token (answered %s)",
        request.method,
        request.path,
        response.status,
    )
    return True


def includeme(config):
    config.add_tween(
        "consult.csrf.expected_token_tween_factory", under="pyramid_tm.tm_tween_factory"
    )
