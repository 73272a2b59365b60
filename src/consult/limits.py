"""Abuse limits: how often one account, or one address, may post comments,
support, report and register (the `limits` package's moving windows).

Settings (ini), each a `limits` expression, several separated by `;`; a
limit that is not set (or empty) does not apply. The recommended values:

    consult.limits.comment = 10/minute;100/day            per account
    consult.limits.comment.address = 30/minute;300/day    per address
    consult.limits.support = 60/minute
    consult.limits.support.address = 300/minute
    consult.limits.report = 10/hour
    consult.limits.report.address = 30/hour
    consult.limits.register.address = 5/hour             (no account yet)
    consult.limits.storage = memory://                    or redis://host:6379

The address is `request.client_addr`: behind a proxy, waitress must be told
to trust it (`trusted_proxy`, `trusted_proxy_headers`), or every person
shares the proxy's address.

A view asks `check()` before acting, so that a refused person gets their
form back with their text, and records the action with `record()`, which
counts it only once the transaction commits: a retried request or a refused
comment costs nothing."""
import math
import threading
import time
from bisect import bisect_right

from limits import parse_many
from limits.storage import MovingWindowSupport, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pyramid.httpexceptions import HTTPTooManyRequests
from zope.interface import Interface, implementer

from .i18n import _

ACTIONS = ("comment", "support", "report", "register", "jury_application", "verification")

#: The settings, with the values recommended for a public site. No limit
#: applies unless the ini sets it: load tests and benchmarks post far faster
#: than any person, and a limit a deployment did not choose would surprise it.
RECOMMENDED = {
    "comment": "10/minute;100/day",
    "comment.address": "30/minute;300/day",
    "support": "60/minute",
    "support.address": "300/minute",
    "report": "10/hour",
    "report.address": "30/hour",
    "register": "",
    "register.address": "5/hour",
    # Each try tests an IIN (and an address): few per person, more per address
    # because many people share one (mobile carriers' NAT, a library, a hearing).
    "jury_application": "5/hour;20/day",
    "jury_application.address": "20/hour;100/day",
    "verification": "5/hour;10/day",
    "verification.address": "20/hour;100/day",
}


class IRateLimiter(Interface):
    pass


class RateLimited(Exception):
    """`action` is refused for `retry_after` more seconds."""

    def __init__(self, action, retry_after):
        super().__init__(action, retry_after)
        self.action = action
        self.retry_after = max(1, int(math.ceil(retry_after)))

    @property
    def message(self):
        # "min" and "h": no plural forms to get wrong ("1 minutes").
        minutes = max(1, int(math.ceil(self.retry_after / 60)))
        if minutes <= 90:
            return _MESSAGES[(self.action, "minutes")](minutes=minutes)
        return _MESSAGES[(self.action, "hours")](hours=int(math.ceil(minutes / 60)))


# Whole sentences, so that each language can word them its own way.
_MESSAGES = {
    ("comment", "minutes"): lambda **m: _(
        "You have posted many comments in a short time. Please try again in ${minutes} "
        "min.", mapping=m),
    ("comment", "hours"): lambda **m: _(
        "You have posted many comments in a short time. Please try again in ${hours} h.",
        mapping=m),
    ("support", "minutes"): lambda **m: _(
        "You have supported many comments in a short time. Please try again in ${minutes} "
        "min.", mapping=m),
    ("support", "hours"): lambda **m: _(
        "You have supported many comments in a short time. Please try again in ${hours} "
        "h.", mapping=m),
    ("report", "minutes"): lambda **m: _(
        "You have sent many reports in a short time. Please try again in ${minutes} min.",
        mapping=m),
    ("report", "hours"): lambda **m: _(
        "You have sent many reports in a short time. Please try again in ${hours} h.",
        mapping=m),
    ("register", "minutes"): lambda **m: _(
        "Many accounts were created from your address in a short time. Please try again in "
        "${minutes} min.", mapping=m),
    ("register", "hours"): lambda **m: _(
        "Many accounts were created from your address in a short time. Please try again in "
        "${hours} h.", mapping=m),
    ("jury_application", "minutes"): lambda **m: _(
        "Many jury applications were sent from your address or account in a short time. "
        "Please try again in ${minutes} min.", mapping=m),
    ("jury_application", "hours"): lambda **m: _(
        "Many jury applications were sent from your address or account in a short time. "
        "Please try again in ${hours} h.", mapping=m),
    ("verification", "minutes"): lambda **m: _(
        "Many attempts to verify an identity were made from your address or account in a "
        "short time. Please try again in ${minutes} min.", mapping=m),
    ("verification", "hours"): lambda **m: _(
        "Many attempts to verify an identity were made from your address or account in a "
        "short time. Please try again in ${hours} h.", mapping=m),
}


class ClockedMemoryStorage(Storage, MovingWindowSupport):
    """The `limits` in-memory moving window, on an injected clock (so that a
    test can move time; `limits`' own MemoryStorage reads `time.time()`)."""

    STORAGE_SCHEME = ["consult-memory"]

    def __init__(self, now=time.time):
        super().__init__()
        self.now = now
        self.events = {}  # key -> sorted list of instants (seconds)
        self.lock = threading.Lock()

    @property
    def base_exceptions(self):  # pragma: no cover - nothing to wrap
        return ValueError

    def _live(self, key, expiry, now):
        events = self.events.get(key, [])
        del events[:bisect_right(events, now - expiry)]
        return events

    def acquire_entry(self, key, limit, expiry, amount=1):
        with self.lock:
            now = self.now()
            events = self._live(key, expiry, now)
            if len(events) + amount > limit:
                return False
            self.events[key] = events + [now] * amount
            return True

    def get_moving_window(self, key, limit, expiry):
        with self.lock:
            now = self.now()
            events = self._live(key, expiry, now)
            return (events[0], len(events)) if events else (now, 0)

    # The fixed-window half of the interface, unused by the moving window.
    def incr(self, key, expiry, amount=1):  # pragma: no cover
        raise NotImplementedError

    def get(self, key):  # pragma: no cover
        return len(self.events.get(key, ()))

    def get_expiry(self, key):  # pragma: no cover
        return self.now()

    def check(self):
        return True

    def reset(self):
        with self.lock:
            count = len(self.events)
            self.events.clear()
            return count

    def clear(self, key):
        with self.lock:
            self.events.pop(key, None)


def parse_rules(settings):
    """{(action, "account"|"address"): [RateLimitItem]} from the ini settings."""
    rules = {}
    for name in RECOMMENDED:
        action, _dot, scope = name.partition(".")
        value = settings.get(f"consult.limits.{name}", "")
        value = ";".join(part.strip() for part in (value or "").replace("\n", ";").split(";")
                         if part.strip())
        rules[(action, scope or "account")] = parse_many(value) if value else []
    return rules


@implementer(IRateLimiter)
class RateLimiter:
    """Keyed by (action, account id) and (action, remote address)."""

    def __init__(self, rules, storage=None, now=time.time):
        self.rules = rules
        self.storage = storage if storage is not None else ClockedMemoryStorage(now)
        self.now = getattr(self.storage, "now", time.time)
        self.strategy = MovingWindowRateLimiter(self.storage)

    @classmethod
    def from_settings(cls, settings, now=time.time):
        uri = settings.get("consult.limits.storage", "memory://").strip()
        storage = ClockedMemoryStorage(now) if uri == "memory://" else storage_from_string(uri)
        return cls(parse_rules(settings), storage)

    def _keys(self, action, userid, address):
        if userid:
            yield "account", f"user:{userid}"
        if address:
            yield "address", f"addr:{address}"

    def _items(self, action, userid, address):
        for scope, who in self._keys(action, userid, address):
            for item in self.rules.get((action, scope), ()):
                yield item, who

    def retry_after(self, action, userid=None, address=None):
        """Seconds until `action` is allowed again for this account and
        address (0: allowed now)."""
        wait = 0.0
        for item, who in self._items(action, userid, address):
            if not self.strategy.test(item, action, who):
                reset, _remaining = self.strategy.get_window_stats(item, action, who)
                wait = max(wait, reset - self.now(), 1.0)
        return wait

    def check(self, action, userid=None, address=None):
        """Raise RateLimited if `action` is over one of its limits."""
        wait = self.retry_after(action, userid, address)
        if wait > 0:
            raise RateLimited(action, wait)

    def hit(self, action, userid=None, address=None):
        """Count one `action` now, at once."""
        for item, who in self._items(action, userid, address):
            self.strategy.hit(item, action, who)

    def reset(self):
        self.storage.reset()


def who(request):
    """(account id or None, remote address or None) of the person asking."""
    identity = request.identity
    return (identity.id if identity is not None else None), request.client_addr


def check(request, action, userid=None):
    """Raise RateLimited if the person asking may not `action` now."""
    account, address = who(request)
    request.find_service(IRateLimiter).check(action, userid or account, address)


def record(request, action, userid=None):
    """Count `action` for the person asking once the transaction commits."""
    account, address = who(request)
    limiter = request.find_service(IRateLimiter)
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
    response.json_body = {"error": "rate_limited",
                          "message": request.localizer.translate(error.message),
                          "action": error.action, "retry_after": error.retry_after}
    return response


_lock = threading.Lock()


def limiter_factory(context, request):
    """One limiter per application (its memory is the count), made on first
    use with the application's clock."""
    from .clock import IClock

    registry = request.registry
    with _lock:
        limiter = getattr(registry, "consult_rate_limiter", None)
        if limiter is None:
            clock = request.find_service(IClock)
            limiter = RateLimiter.from_settings(registry.settings,
                                                now=lambda: clock.now().timestamp())
            registry.consult_rate_limiter = limiter
    return limiter


def includeme(config):
    config.register_service_factory(limiter_factory, IRateLimiter)
