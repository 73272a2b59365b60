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
before keeps its cost, verifying included, until it is hashed again)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hasher_from_settings(settings):
    """A PasswordHasher with the cost the settings give, argon2-cffi's default otherwise."""
    default = PasswordHasher()
    return PasswordHasher(
        time_cost=int(settings.get("consult.argon2.time_cost") or default.time_cost),
        memory_cost=int(settings.get("consult.argon2.memory_cost") or default.memory_cost),
        parallelism=int(settings.get("consult.argon2.parallelism") or default.parallelism),
    )


def configure(settings):
    """Hash new passwords at the cost the ini file sets (see the module's docstring)."""
    global _hasher
    _hasher = hasher_from_settings(settings)


def hash_password(password):
    return _hasher.hash(password)


def verify_password(password_hash, password):
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
