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

from .interfaces import IRateLimiter
from .limiter import (
    ACTIONS,
    DEFAULTS,
    PREFIX,
    RECOMMENDED,
    RateLimiter,
    limiter_factory,
    parse_rules,
)
from .refusal import RateLimited
from .storage import ClockedMemoryStorage
from .views import check, email_key, json_error, record, too_many, wants_json, who

__all__ = [
    "ACTIONS",
    "DEFAULTS",
    "PREFIX",
    "RECOMMENDED",
    "ClockedMemoryStorage",
    "IRateLimiter",
    "RateLimited",
    "RateLimiter",
    "check",
    "email_key",
    "json_error",
    "limiter_factory",
    "parse_rules",
    "record",
    "too_many",
    "wants_json",
    "who",
]


def includeme(config):
    config.register_service_factory(limiter_factory, IRateLimiter)
