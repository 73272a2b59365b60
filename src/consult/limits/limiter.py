"""The limiter: the rules from the settings, and the moving windows that count
what each account and each address did."""

import hashlib
import threading
import time

from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from zope.interface import implementer

from ..clock import IClock
from ..settings import TABLE, as_settings, settings_of
from .interfaces import IRateLimiter
from .refusal import RateLimited
from .storage import ClockedMemoryStorage

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
    "petition_draft",
    "petition_sponsor",
    "petition_sign",
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


_lock = threading.Lock()


def limiter_factory(context, request):
    """One limiter per application (its memory is the count), made on first
    use with the application's clock."""
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
