"""Abuse limits: how often one account, or one address, may post comments,
support, report, register, sign in with a wrong password and ask for reset
links (the `limits` package's moving windows).

Settings: `consult.limits.<action>` (per account) and
`consult.limits.<action>.address` (per client address), each a `limits`
expression, several separated by `;`, an empty value switching a limit off;
`consult.limits.storage` (memory:// or redis://host:6379). They are declared,
with the values recommended for a public site, in consult.settings.

The limits that stop guessing and mail-bombing (register, signin, forgot)
apply with these values unless the ini says otherwise: a deployment that
forgot them would be open to guessing. Those on posting apply only when the
ini sets them: a limit on comments that a deployment did not choose would
surprise it. Load tests and benchmarks switch them off in their own ini.

Sign-in, registration and reset links are counted per e-mail address as
typed, whether or not an account uses it (a keyed hash of it, so no
address is stored in the limiter): the answers are the same for an address
with an account and one without (docs/security.md).

The address is `request.client_addr`: behind a proxy, waitress must be told
to trust it (`trusted_proxy`, `trusted_proxy_headers`), or every person
shares the proxy's address.

A view asks `check()` before acting, so that a refused person gets their
form back with their text, and records the action with `record()`, which
counts it only once the transaction commits: a retried request or a refused
comment costs nothing."""

import hashlib
import math
import threading
import time
from bisect import bisect_right

from limits.storage import MovingWindowSupport, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pyramid.httpexceptions import HTTPTooManyRequests
from zope.interface import Interface, implementer

from .i18n import _
from .settings import TABLE, as_settings, settings_of

PREFIX = "consult.limits."
ACTIONS = (
    "comment",
    "support",
    "report",
    "register",
    "signin",
    "signin.lock",
    "forgot",
    "jury_application",
    "verification",
)

#: The settings (consult.limits.<name>), with the values recommended for a
#: public site, and those applied when the ini does not name them; both are
#: declared in consult.settings ("Abuse limits").
RECOMMENDED = {
    name[len(PREFIX) :]: setting.recommended
    for name, setting in TABLE.items()
    if name.startswith(PREFIX) and setting.recommended
}
DEFAULTS = {
    name: TABLE[PREFIX + name].default for name in RECOMMENDED if TABLE[PREFIX + name].default
}


class IRateLimiter(Interface):
    """The counts behind every limit, one per application
    (`request.find_service(IRateLimiter)`). Views use the module's `check`
    and `record`, which find it; accounts asks it directly.

    `action` is one of ACTIONS; `userid` is an account id, or the key of an
    e-mail address (`email_key`) for the limits counted per address typed;
    `address` is the client address. Either may be None, and a limit of a
    scope (account, address) given no key does not apply."""

    def email_key(email):
        """The key an e-mail address (as typed) is counted under: a keyed
        hash, so that the limiter holds no address.

        :returns: str.
        """

    def refusal(action, userid=None, address=None):
        """How long `action` is refused, and by which limit.

        :returns: (seconds until allowed, "account" or "address"), or
            (0, None) when allowed now.
        """

    def retry_after(action, userid=None, address=None):
        """Seconds until `action` is allowed again (0: allowed now)."""

    def check(action, userid=None, address=None):
        """Refuse `action` while one of its limits is reached.

        :returns: None.
        :raises RateLimited: with the seconds to wait and the scope.
        """

    def reaches_limit(action, userid=None):
        """Whether counting `action` once more for this account fills one of
        its windows, so that the next attempt would be refused.

        :returns: bool.
        """

    def hit(action, userid=None, address=None):
        """Count one `action` now, at once (`record` counts after commit).

        :returns: None.
        """

    def reset():
        """Forget every count."""


class RateLimited(Exception):
    """`action` is refused for `retry_after` more seconds, by a limit of
    `scope` ("account" or "address")."""

    def __init__(self, action, retry_after, scope="account"):
        super().__init__(action, retry_after)
        self.action = action
        self.scope = scope
        self.retry_after = max(1, int(math.ceil(retry_after)))

    @property
    def message(self):
        # "min" and "h": no plural forms to get wrong ("1 minutes").
        minutes = max(1, int(math.ceil(self.retry_after / 60)))
        unit, mapping = (
            ("minutes", {"minutes": minutes})
            if minutes <= 90
            else ("hours", {"hours": int(math.ceil(minutes / 60))})
        )
        message = _MESSAGES.get((self.action, self.scope, unit)) or _MESSAGES[(self.action, unit)]
        return message(**mapping)


# Whole sentences, so that each language can word them its own way.
_MESSAGES = {
    ("comment", "minutes"): lambda **m: _(
        "You have posted many comments in a short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("comment", "hours"): lambda **m: _(
        "You have posted many comments in a short time. Please try again in ${hours} h.", mapping=m
    ),
    ("support", "minutes"): lambda **m: _(
        "You have supported many comments in a short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("support", "hours"): lambda **m: _(
        "You have supported many comments in a short time. Please try again in ${hours} h.",
        mapping=m,
    ),
    ("report", "minutes"): lambda **m: _(
        "You have sent many reports in a short time. Please try again in ${minutes} min.", mapping=m
    ),
    ("report", "hours"): lambda **m: _(
        "You have sent many reports in a short time. Please try again in ${hours} h.", mapping=m
    ),
    ("register", "minutes"): lambda **m: _(
        "Many accounts were created from your address in a short time. Please try again in "
        "${minutes} min.",
        mapping=m,
    ),
    ("register", "hours"): lambda **m: _(
        "Many accounts were created from your address in a short time. Please try again in "
        "${hours} h.",
        mapping=m,
    ),
    ("register", "account", "minutes"): lambda **m: _(
        "This e-mail address was registered several times in a short time. Please try again "
        "in ${minutes} min.",
        mapping=m,
    ),
    ("register", "account", "hours"): lambda **m: _(
        "This e-mail address was registered several times in a short time. Please try again "
        "in ${hours} h.",
        mapping=m,
    ),
    ("signin", "minutes"): lambda **m: _(
        "There were many failed sign-ins in a short time. Please wait ${minutes} min before "
        "you try again.",
        mapping=m,
    ),
    ("signin", "hours"): lambda **m: _(
        "There were many failed sign-ins in a short time. Please wait ${hours} h before you "
        "try again.",
        mapping=m,
    ),
    ("signin.lock", "minutes"): lambda **m: _(
        "After many failed sign-ins this account is locked for ${minutes} min. If it is "
        "yours, we have sent a link to its e-mail address: it lets you choose a new password "
        "and sign in at once.",
        mapping=m,
    ),
    ("signin.lock", "hours"): lambda **m: _(
        "After many failed sign-ins this account is locked for ${hours} h. If it is yours, "
        "we have sent a link to its e-mail address: it lets you choose a new password and "
        "sign in at once.",
        mapping=m,
    ),
    ("forgot", "minutes"): lambda **m: _(
        "Many reset links were asked for in a short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("forgot", "hours"): lambda **m: _(
        "Many reset links were asked for in a short time. Please try again in ${hours} h.",
        mapping=m,
    ),
    ("jury_application", "minutes"): lambda **m: _(
        "Many jury applications were sent from your address or account in a short time. "
        "Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("jury_application", "hours"): lambda **m: _(
        "Many jury applications were sent from your address or account in a short time. "
        "Please try again in ${hours} h.",
        mapping=m,
    ),
    ("verification", "minutes"): lambda **m: _(
        "Many attempts to verify an identity were made from your address or account in a "
        "short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("verification", "hours"): lambda **m: _(
        "Many attempts to verify an identity were made from your address or account in a "
        "short time. Please try again in ${hours} h.",
        mapping=m,
    ),
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
        del events[: bisect_right(events, now - expiry)]
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
    """{(action, "account"|"address"): [RateLimitItem]} from the settings
    (DEFAULTS for those the ini does not name)."""
    settings = as_settings(settings)
    rules = {}
    for name in RECOMMENDED:
        action, scope = (
            (name[: -len(".address")], "address")
            if name.endswith(".address")
            else (name, "account")
        )
        rules[(action, scope)] = list(settings[PREFIX + name])
    return rules


@implementer(IRateLimiter)
class RateLimiter:
    """Keyed by (action, account id) and (action, remote address)."""

    def __init__(self, rules, storage=None, now=time.time, secret=""):
        self.rules = rules
        self.secret = secret
        self.storage = storage if storage is not None else ClockedMemoryStorage(now)
        self.now = getattr(self.storage, "now", time.time)
        self.strategy = MovingWindowRateLimiter(self.storage)

    @classmethod
    def from_settings(cls, settings, now=time.time):
        settings = as_settings(settings)
        uri = settings[PREFIX + "storage"]
        storage = ClockedMemoryStorage(now) if uri == "memory://" else storage_from_string(uri)
        return cls(parse_rules(settings), storage, secret=settings["consult.hash_secret"] or "")

    def email_key(self, email):
        """What an e-mail address (as typed) is counted under: a keyed hash,
        so that the limiter (perhaps a shared Redis) holds no address. The
        key is derived from the hash secret for this purpose alone; the
        counts last a day at most, so rotating the secret only forgets them."""
        key = hashlib.blake2b(
            self.secret.encode(), digest_size=32, person=b"consult-limits"
        ).digest()
        normalized = (email or "").strip().lower()
        return "email:" + hashlib.blake2b(normalized.encode(), key=key, digest_size=16).hexdigest()

    def _keys(self, action, userid, address):
        if userid:
            yield "account", f"user:{userid}"
        if address:
            yield "address", f"addr:{address}"

    def _items(self, action, userid, address):
        for _scope, item, who in self._scoped_items(action, userid, address):
            yield item, who

    def _scoped_items(self, action, userid, address):
        for scope, who in self._keys(action, userid, address):
            for item in self.rules.get((action, scope), ()):
                yield scope, item, who

    def refusal(self, action, userid=None, address=None):
        """(seconds until `action` is allowed again for this account and
        address, the scope of the limit that says so): (0, None) if allowed."""
        wait, refusing = 0.0, None
        for scope, item, who in self._scoped_items(action, userid, address):
            if not self.strategy.test(item, action, who):
                reset, _remaining = self.strategy.get_window_stats(item, action, who)
                this = max(reset - self.now(), 1.0)
                if this > wait:
                    wait, refusing = this, scope
        return wait, refusing

    def retry_after(self, action, userid=None, address=None):
        """Seconds until `action` is allowed again for this account and
        address (0: allowed now)."""
        return self.refusal(action, userid, address)[0]

    def check(self, action, userid=None, address=None):
        """Raise RateLimited if `action` is over one of its limits."""
        wait, scope = self.refusal(action, userid, address)
        if wait > 0:
            raise RateLimited(action, wait, scope)

    def reaches_limit(self, action, userid=None):
        """Whether counting `action` once more for this account fills one of
        its windows (the next attempt would be refused)."""
        for _scope, item, who in self._scoped_items(action, userid, None):
            _reset, remaining = self.strategy.get_window_stats(item, action, who)
            if remaining <= 1:
                return True
        return False

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
            limiter = RateLimiter.from_settings(
                settings_of(registry), now=lambda: clock.now().timestamp()
            )
            registry.consult_rate_limiter = limiter
    return limiter


def includeme(config):
    config.register_service_factory(limiter_factory, IRateLimiter)
