"""Password hashing with argon2 (argon2-cffi's defaults follow RFC 9106).

The cost is an ini setting so that a deployment can trade memory for
concurrency knowingly (`consult.argon2.memory_cost` in KiB,
`consult.argon2.time_cost`, `consult.argon2.parallelism`). The default is
argon2-cffi's, RFC 9106's low-memory profile: 64 MiB and 3 passes per hash,
which with 4 waitress threads signing people in at once holds 256 MB (the
load benchmark saw it, benchmarks/README.md). For production we suggest
OWASP's argon2id minimum, `memory_cost = 19456` (19 MiB), `time_cost = 2`,
`parallelism = 1`: still far beyond what a stolen database can be attacked
with cheaply, and a quarter of the memory. Hashes carry their own
parameters, so changing them never locks anyone out (and a password hashed
before keeps its cost, verifying included, until it is hashed again).

A sign-in for an address that has no account verifies the password against
a dummy hash made at the same cost (`verify_unknown`), so that the answer
takes as long as for a real account with a wrong password: 368 ms against
9 ms told who has an account (docs/security.md, "No account enumeration").

Which passwords are accepted (`password_problem`) follows NIST SP 800-63B:
at least 10 characters (accounts.schemas.MIN_PASSWORD), no composition
rules, and no password that is common, breached or expected. zxcvbn (MIT,
Dropbox's estimator, maintained as the `zxcvbn` package) ships the 30 000
most common passwords of the xato.net corpus of 10 million leaked ones, with
English words, names and keyboard patterns, and estimates how many guesses a
password takes when it is built from those (with digits, dates, l33t or
repeats added). We refuse a password it puts below 10^8 guesses, the first
of its levels it rates as safe against an offline attack on a slow hash such
as ours (a password typed on the Russian keyboard layout is judged by the
keys too), and one containing the person's name or the local part of their
e-mail address. Everything is local: nothing is sent over the network."""

import re
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from ..i18n import _
from ..settings import as_settings

_hasher = PasswordHasher()
_dummy_hash = None

#: zxcvbn's estimate (log10 of guesses) below which a password is refused.
MIN_GUESSES_LOG10 = 8
#: zxcvbn reads only this many characters (its own limit); a longer password
#: is judged by its beginning.
_ESTIMATED_LENGTH = 72
#: Words of this site and country that a guesser would try first (NIST's
#: "context-specific words"), besides the person's own name and address.
CONTEXT_WORDS = (
    "consult",
    "consultation",
    "консультация",
    "пароль",
    "құпиясөз",
    "parol",
    "kazakhstan",
    "казахстан",
    "қазақстан",
    "almaty",
    "алматы",
    "astana",
    "астана",
)
#: Parts of a name or an address shorter than this are not looked for in a
#: password ("Li" would refuse far too much).
_MIN_PART = 3
# zxcvbn keeps the person's words in a module-level dictionary while it
# estimates: one estimate at a time, or one person's words leak into another's.
_zxcvbn_lock = threading.Lock()
# The same keys on the Russian (ЙЦУКЕН) layout and on QWERTY: "йцукенгшщз" is
# "qwertyuiop" typed with the other layout on, and "пароль" is "gfhjkm", which
# the lists of leaked passwords hold; zxcvbn knows only the Latin ones.
_QWERTY_KEYS = str.maketrans(
    "йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
)


def hasher_from_settings(settings):
    """A PasswordHasher with the cost the settings give (argon2-cffi's
    default is the table's)."""
    settings = as_settings(settings)
    return PasswordHasher(
        time_cost=settings["consult.argon2.time_cost"],
        memory_cost=settings["consult.argon2.memory_cost"],
        parallelism=settings["consult.argon2.parallelism"],
    )


def configure(settings):
    """Hash new passwords at the cost the ini file sets (see the module's docstring)."""
    global _hasher, _dummy_hash
    _hasher = hasher_from_settings(settings)
    _dummy_hash = None


def hash_password(password):
    return _hasher.hash(password)


def verify_password(password_hash, password):
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_unknown(password):
    """Take the time of a failed verification, for an address without an
    account; always False."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash(secrets.token_urlsafe(16))
    verify_password(_dummy_hash, password)
    return False


def _personal_parts(email, names):
    local = (email or "").partition("@")[0].casefold()
    parts = {local} | set(re.split(r"[._+\-]+", local))
    for name in names:
        parts.update(re.split(r"[\s\-']+", (name or "").casefold()))
    return {part for part in parts if len(part) >= _MIN_PART}


def password_problem(password, email="", names=()):
    """Why `password` may not be used by the person with this address and
    these names (a translatable message), or None if it may."""
    folded = password.casefold()
    personal = _personal_parts(email, names)
    if any(part in folded for part in personal):
        return _("The password may not contain your name or your e-mail address.")
    words = sorted(personal) + list(CONTEXT_WORDS)
    typed = password[:_ESTIMATED_LENGTH]
    keys = typed.casefold().translate(_QWERTY_KEYS)
    with _zxcvbn_lock:
        guesses = min(
            zxcvbn(candidate, user_inputs=words)["guesses_log10"] for candidate in {typed, keys}
        )
    if guesses < MIN_GUESSES_LOG10:
        return _(
            "This password is too common or too easy to guess: it is on lists of leaked "
            "passwords, or made of one from them. Several unrelated words make a good "
            "password."
        )
    return None
