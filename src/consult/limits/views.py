"""What views call: check before acting, count after the commit, and the
refusal as a page or as JSON."""

from pyramid.httpexceptions import HTTPTooManyRequests

from .interfaces import IRateLimiter


def who(request):
    """(account id or None, remote address or None) of the person asking."""
    identity = request.identity
    return (identity.id if identity is not None else None), request.client_addr


def email_key(request, email):
    """The key under which an e-mail address (as typed) is counted."""
    return request.find_service(IRateLimiter).email_key(email)


def check(request, action, userid=None):
    """Raise RateLimited if the person asking may not `action` now."""
    account, address = who(request)
    request.find_service(IRateLimiter).check(action, userid or account, address)


def record(request, action, userid=None, limiter=None):
    """Count `action` for the person asking once the transaction commits."""
    account, address = who(request)
    limiter = limiter or request.find_service(IRateLimiter)
    userid = userid or account

    def counted(success):
        if success:
            limiter.hit(action, userid, address)

    request.tm.get().addAfterCommitHook(counted)


def wants_json(request):
    """Whether the response to `request` should be JSON (the API, or a
    client that asks for JSON first)."""
    if request.path.startswith("/api/"):
        return True
    offers = request.accept.acceptable_offers(["text/html", "application/json"])
    return bool(offers) and offers[0][0] == "application/json"


def too_many(request, error):
    """Set the 429 status and Retry-After on `request.response` (for an HTML
    page rendered by the view itself)."""
    request.response.status = 429
    request.response.headers["Retry-After"] = str(error.retry_after)


def json_error(request, error):
    """A 429 JSON response for `error`."""
    response = HTTPTooManyRequests(headers={"Retry-After": str(error.retry_after)})
    response.content_type = "application/json"
    response.json_body = {
        "error": "rate_limited",
        "message": request.localizer.translate(error.message),
        "action": error.action,
        "retry_after": error.retry_after,
    }
    return response
