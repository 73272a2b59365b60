"""Keyed hashes of personal data that must be compared but never stored: an
IIN, a household's address, a client's network address."""
import hashlib
import hmac


def keyed_hash(secret, purpose, scope, value):
    """HMAC-SHA256 of `value` under a key derived from the site `secret` for
    `purpose` (e.g. "consult.juries.iin"), within `scope` (a string such as
    a jury's uid): equal values give equal hashes within one scope (what the
    uniqueness checks and burst signals need), but hashes cannot be linked
    across scopes or purposes, nor reversed without the secret."""
    key = hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()
