"""Keyed hashes of personal data that must be compared but never stored: an
IIN, a household's address, a client's network address; and the key they
are made with.

One secret per purpose: `consult.hash_secret` keys every hash that is
stored or handed out (census IINs and surnames, jury IINs and households,
invitation links, burst signals' addresses, the limiter's e-mail keys,
export pseudonyms); `consult.session_secret` signs session cookies only.
They used to be one: rotating the session secret after a leak silently
broke census matching and the jury's duplicate checks.

A stored hash cannot be re-keyed without the value it hides, which consult
does not keep. So the database remembers a fingerprint of the key its
hashes were made with (`Root.hash_key`), the site refuses to start with
another one, and a rotation goes through `consult rotate-hash-secret`,
which re-keys what it can (the census list, given its file) and says what
it cannot; meanwhile `consult.previous_hash_secret` is matched as well
(`HashKeys.candidates`). docs/security.md, "Secrets", and
docs/operations.md, "Changing the hash secret", say how."""

import hashlib
import hmac
from dataclasses import dataclass

from .settings import settings_of

#: `Root.hash_key` of a database whose hashes were made before
#: consult.hash_secret existed, with consult.session_secret (evolution step 16).
SESSION_SECRET = "session-secret"


def keyed_hash(secret, purpose, scope, value):
    """HMAC-SHA256 of `value` under a key derived from the site `secret` for
    `purpose` (e.g. "consult.juries.iin"), within `scope` (a string such as
    a jury's uid): equal values give equal hashes within one scope (what the
    uniqueness checks and burst signals need), but hashes cannot be linked
    across scopes or purposes, nor reversed without the secret."""
    key = hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()


def fingerprint(secret):
    """A short name of a hash secret, stored in the database to tell which
    key its hashes were made with; it reveals nothing a stored hash does not."""
    return keyed_hash(secret, "consult.hash_secret.fingerprint", "site", "")[:16]


@dataclass(frozen=True)
class HashKeys:
    """The hash secret, and the one before it while a rotation completes."""

    current: str
    previous: str = None

    @classmethod
    def of(cls, secret):
        """`secret` as HashKeys (a plain string is the current key alone)."""
        return secret if isinstance(secret, cls) else cls(secret)

    @property
    def secrets(self):
        """The keys a stored hash may be made with: the current, then the previous."""
        if self.previous and self.previous != self.current:
            return (self.current, self.previous)
        return (self.current,)

    def hash(self, purpose, scope, value):
        """The hash to store: under the current key."""
        return keyed_hash(self.current, purpose, scope, value)

    def candidates(self, purpose, scope, value):
        """The hashes a stored one may be, under each of `secrets`."""
        return [keyed_hash(secret, purpose, scope, value) for secret in self.secrets]


def hash_keys_from(settings):
    """HashKeys from the typed settings."""
    return HashKeys(
        settings["consult.hash_secret"], settings["consult.previous_hash_secret"] or None
    )


def hash_keys(request):
    """The application's HashKeys (from its settings, made at start-up)."""
    keys = getattr(request.registry, "consult_hash_keys", None)
    return keys if keys is not None else hash_keys_from(settings_of(request))


def key_problem(root, settings):
    """Why the database's stored hashes do not match the configured hash
    secret (a message naming the setting and what to do), or None."""
    recorded = getattr(root, "hash_key", None)
    keys = hash_keys_from(settings)
    if recorded is None:
        return None
    if recorded == SESSION_SECRET:
        if keys.current == settings["consult.session_secret"]:
            return None
        return (
            "consult.hash_secret: the stored hashes of this database (census list, jury "
            "applications) were made with consult.session_secret, and consult.hash_secret "
            "is another key. Either set consult.hash_secret to the value of "
            "consult.session_secret (you may then change the session secret), or keep "
            "the new key and run `consult rotate-hash-secret --ini FILE "
            '--from-session-secret` (docs/operations.md, "Changing the hash secret").'
        )
    if recorded in (fingerprint(keys.current), keys.previous and fingerprint(keys.previous)):
        return None
    return (
        "consult.hash_secret is not the key the stored hashes of this database were made "
        f"with (fingerprint {recorded}; this key's is {fingerprint(keys.current)}). To "
        "change it, set consult.previous_hash_secret to the old key and run `consult "
        'rotate-hash-secret --ini FILE` (docs/operations.md, "Changing the hash '
        'secret"); otherwise put the old key back.'
    )


def holds_hashes(root):
    """Whether the database keeps hashes that later ones are compared with:
    a census list (or accounts verified by it) or jury applications. (The
    burst signals' address hashes are kept a week and only grouped.)"""
    census = getattr(root, "census", None)
    if census is not None and (len(census.entries) or len(census.claims)):
        return True
    juries = root.get("juries")
    return any(len(jury.applicants) for jury in (juries.values() if juries is not None else ()))


def evolve_hash_key(root):
    """A database upgraded to consult.hash_secret: its hashes so far were
    made with consult.session_secret (key_problem tells the operator)."""
    if getattr(root, "hash_key", None) is None and holds_hashes(root):
        root.hash_key = SESSION_SECRET


def record_key(root, secret):
    """Note in the database that its hashes are made with `secret`."""
    if getattr(root, "hash_key", None) != fingerprint(secret):
        root.hash_key = fingerprint(secret)


def includeme(config):
    config.registry.consult_hash_keys = hash_keys_from(settings_of(config.registry))
