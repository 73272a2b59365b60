"""The draw's seed: drawn fresh for each draw, announced beforehand as a
hash and revealed after, so anyone can check the draw used it."""

import hashlib
import secrets


def new_seed():
    """A fresh seed: 64 random bits, never zero (the library treats 0 as 'no seed')."""
    return secrets.randbits(64) or 1


def seed_hash(seed):
    """What is announced before the draw: SHA-256 of the seed's decimal digits."""
    return hashlib.sha256(str(int(seed)).encode("ascii")).hexdigest()
