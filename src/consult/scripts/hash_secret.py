"""`consult rotate-hash-secret`: re-key the stored hashes (scripts/rotation.py
does the work)."""

import sys

import transaction

from ..clock import SystemClock
from ..config import evolution_steps
from ..hashing import fingerprint
from ..resources import APP_KEY
from .common import ini_settings, open_database, typed_settings
from .rotation import RotationError, read_census_file, rotate


def rotate_hash_secret_command(args, out=None):
    """Re-key the stored hashes from the old hash secret (or the session
    secret, which keyed them before consult.hash_secret) to the new one
    (scripts/rotation.py; docs/operations.md, "Changing the hash secret")."""
    out = out or sys.stdout
    settings = ini_settings(args)
    if args.from_session_secret:
        values = typed_settings(args, settings, "consult.hash_secret", "consult.session_secret")
        old, source = values["consult.session_secret"], "consult.session_secret"
    else:
        values = typed_settings(
            args, settings, "consult.hash_secret", "consult.previous_hash_secret"
        )
        old, source = values["consult.previous_hash_secret"], "consult.previous_hash_secret"
    new = values["consult.hash_secret"]
    try:
        entries = read_census_file(args.census) if args.census else None
        with open_database(settings, read_only=args.dry_run) as db:
            manager = transaction.TransactionManager()
            connection = db.open(manager)
            try:
                manager.begin()
                root = connection.root().get(APP_KEY)
                if root is None or root.generation < evolution_steps().latest:
                    raise RotationError(
                        "the database is not initialised or not evolved: run `consult evolve` first"
                    )
                report = rotate(root, old, new, SystemClock().now(), entries)
                if args.dry_run:
                    manager.abort()
                else:
                    manager.commit()
            finally:
                manager.abort()
                connection.close()
    except RotationError as error:
        raise SystemExit(f"consult rotate-hash-secret: {error}") from None
    print(
        f"Stored hashes moved from the old key ({source}, fingerprint {fingerprint(old)}) "
        f"to consult.hash_secret (fingerprint {fingerprint(new)}):",
        file=out,
    )
    for line in report.lines:
        print(f"  - {line}", file=out)
    print(report.advice(), file=out)
    if args.dry_run:
        print("Dry run: nothing was changed.", file=out)
    return 0


def add_commands(commands):
    """The hash secret's command."""
    rotation = commands.add_parser(
        "rotate-hash-secret",
        help="move the stored hashes (census list, jury applications) "
        "from the old hash secret, consult.previous_hash_secret, to consult.hash_secret; "
        "say what cannot be moved and until when the old key is needed",
    )
    rotation.add_argument("--ini", required=True)
    rotation.add_argument(
        "--from-session-secret",
        action="store_true",
        help="the old key is consult.session_secret (a database from before consult.hash_secret)",
    )
    rotation.add_argument(
        "--census", metavar="FILE.csv", help="the census file last loaded: its people are re-keyed"
    )
    rotation.add_argument(
        "--dry-run", action="store_true", help="report what would be done, change nothing"
    )
    rotation.set_defaults(handler=rotate_hash_secret_command)
