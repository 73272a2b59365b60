"""What the console commands share: the ini's settings, typed and checked
as the site checks them, and the database it names."""

from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode

from pyramid.paster import get_appsettings, setup_logging
from zc.lockfile import LockError
from ZODB import DB
from zodburi import resolve_uri

from ..config import evolution_steps
from ..resources import opened_root
from ..settings import read_settings, require, with_environment


def read_only_uri(uri):
    """`uri` opened read-only where the storage allows it: a FileStorage is
    locked by the process serving it, but may be read beside it."""
    if not uri.startswith(("file://", "zeo://")):
        return uri
    base, _, query = uri.partition("?")
    options = [(key, value) for key, value in parse_qsl(query) if key != "read_only"]
    return f"{base}?{urlencode(options + [('read_only', '1')])}"


@contextmanager
def open_database(settings, read_only=False):
    """The database named by `zodbconn.uri`, closed when the block ends."""
    uri = settings["zodbconn.uri"]
    factory, dbkw = resolve_uri(read_only_uri(uri) if read_only else uri)
    try:
        storage = factory()
    except LockError:
        # Only the path of a file: another URI may hold a password.
        name = uri.partition("?")[0] if uri.startswith("file://") else "of zodbconn.uri"
        raise SystemExit(
            f"consult: the database {name} is in use by another process, "
            "most likely the running site: a FileStorage has one writer. Stop the site "
            "and run the command again, or serve the database through ZEO or RelStorage "
            "(docs/operations.md), which several processes share."
        ) from None
    db = DB(storage, **dbkw)
    try:
        yield db
    finally:
        db.close()


@contextmanager
def open_root(settings):
    """The application root of the database named by `zodbconn.uri`, in a
    transaction that commits when the block ends without error."""
    try:
        steps = evolution_steps(read_settings(settings, require=False))
    except ValueError as error:
        raise SystemExit(f"consult: {error}") from None
    with open_database(settings) as db, opened_root(db, steps) as root:
        yield root


def ini_settings(args):
    """The ini's settings as text, with the environment's (CONSULT_ZODB_URI
    and the like hold what must not be in the ini, such as a RelStorage
    password: the commands must open the site's database)."""
    setup_logging(args.ini)
    return with_environment(get_appsettings(args.ini))


def typed_settings(args, raw, *required):
    """The typed settings of `raw` (checked as the site checks them at
    start-up); the settings named in `required` must be set."""
    try:
        values = read_settings(raw, require=False)
        require(values, *required)
    except ValueError as error:
        raise SystemExit(f"consult {args.command}: {error}") from None
    return values
