"""The `consult` console command: `consult <subcommand> --ini FILE ...`."""

import argparse
import logging
import sys
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode

import transaction
from pyramid.paster import get_appsettings, setup_logging
from ZODB import DB
from zodburi import resolve_uri

from ..config import evolution_steps
from ..hashing import fingerprint, key_problem, record_key
from ..resources import APP_KEY, opened_root
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
    db = DB(factory(), **dbkw)
    try:
        yield db
    finally:
        db.close()


@contextmanager
def open_root(settings):
    """The application root of the database named by `zodbconn.uri`, in a
    transaction that commits when the block ends without error."""
    with open_database(settings) as db, opened_root(db, evolution_steps()) as root:
        yield root


def _settings(args):
    """The ini's settings as text, with the environment's (CONSULT_ZODB_URI
    and the like hold what must not be in the ini, such as a RelStorage
    password: the commands must open the site's database)."""
    setup_logging(args.ini)
    return with_environment(get_appsettings(args.ini))


def _typed(args, raw, *required):
    """The typed settings of `raw` (checked as the site checks them at
    start-up); the settings named in `required` must be set."""
    try:
        values = read_settings(raw, require=False)
        require(values, *required)
    except ValueError as error:
        raise SystemExit(f"consult {args.command}: {error}") from None
    return values


def _hash_key_checked(root, values):
    """Record the hash secret as the database's key, or stop naming the
    problem (a database whose hashes were made with another key)."""
    problem = key_problem(root, values)
    if problem:
        return problem
    record_key(root, values["consult.hash_secret"])
    return None


def initialize(args, out=None):
    out = out or sys.stdout
    from ..accounts import passwords
    from ..accounts.models import Principal
    from ..clock import SystemClock

    settings = _settings(args)
    values = _typed(args, settings, "consult.hash_secret")
    # The administrator's password is hashed at the cost the site uses.
    passwords.configure(values)
    clock = SystemClock()
    with open_root(settings) as root:
        problem = _hash_key_checked(root, values)
        if problem:
            raise SystemExit(f"consult initialize: {problem}")
        principals = root["principals"]
        if args.admin_email and principals.find_by_email(args.admin_email) is None:
            if not args.admin_password:
                raise SystemExit("--admin-password is required with --admin-email")
            admin = Principal(
                args.admin_email,
                args.admin_first_name,
                args.admin_last_name,
                passwords.hash_password(args.admin_password),
                clock.now(),
            )
            admin.confirmed_at = clock.now()
            admin.grant("administrator")
            principals.add_principal(admin)
            print(f"Created the administrator {admin.email}.", file=out)
        if args.demo:
            from ..demo.builder import DEMO_ACCOUNTS, build_demo

            created = build_demo(
                root, clock, progress=lambda text: print(text, file=out), jury=True
            )
            if not created:
                print("The demo content exists already.", file=out)
            print("\nDemo accounts (development only):", file=out)
            for email, password, roles in DEMO_ACCOUNTS:
                print(f"  {email:<32} {password:<22} {', '.join(roles)}", file=out)
    print(f"Database ready (generation {evolution_steps().latest}).", file=out)
    return 0


def evolve_command(args, out=None):
    out = out or sys.stdout
    settings = _settings(args)
    values = _typed(args, settings, "consult.hash_secret")
    with open_root(settings) as root:
        ran = evolution_steps().evolve(root)
        problem = _hash_key_checked(root, values)
    print(
        f"Ran {len(ran)} evolution step(s); now at generation {evolution_steps().latest}.",
        file=out,
    )
    if problem:
        print(f"The site will not start: {problem}", file=out)
        return 1
    return 0


def rotate_hash_secret_command(args, out=None):
    """Re-key the stored hashes from the old hash secret (or the session
    secret, which keyed them before consult.hash_secret) to the new one
    (scripts/rotation.py; docs/operations.md, "Changing the hash secret")."""
    from ..clock import SystemClock
    from .rotation import RotationError, read_census_file, rotate

    out = out or sys.stdout
    settings = _settings(args)
    if args.from_session_secret:
        values = _typed(args, settings, "consult.hash_secret", "consult.session_secret")
        old, source = values["consult.session_secret"], "consult.session_secret"
    else:
        values = _typed(args, settings, "consult.hash_secret", "consult.previous_hash_secret")
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


def reindex_command(args, out=None):
    from tqdm import tqdm

    from ..search.reindex import ReindexError, index_settings, rebuild

    out = out or sys.stdout
    settings = _settings(args)
    if args.backend:
        settings["consult.search.backend"] = args.backend
    backend, path = index_settings(_typed(args, settings))
    # Read-only, so that it can run beside the server that holds the lock.
    with (
        open_database(settings, read_only=True) as db,
        tqdm(unit="doc", desc="Indexing", file=sys.stderr, disable=args.quiet) as bar,
    ):

        def started(total):
            bar.total = total
            bar.refresh()

        try:
            done, generation = rebuild(db, backend, path, started=started, progress=bar.update)
        except ReindexError as error:
            raise SystemExit(f"consult reindex: {error}") from None
    print(
        f"Indexed {done} documents with {backend} in {generation.directory}; "
        "it is now the index the site serves.",
        file=out,
    )
    return 0


def import_comments_command(args, out=None, after_row=None):
    """Import offline comments from a CSV file (docs/operations.md, "Importing
    offline comments"). `after_row` is a test hook called after each row."""
    from tqdm import tqdm

    from ..clock import SystemClock
    from ..feedback.services import FeedbackService
    from ..imports.formats import (
        FormatError,
        default_source,
        make_format,
        parse_mapping,
        read_file,
        write_rejections,
    )
    from ..imports.services import ImportFailed, run_import

    out = out or sys.stdout
    if args.batch_size < 1:
        raise SystemExit("consult import-comments: --batch-size must be at least 1")
    settings = _settings(args)
    clock = SystemClock()
    source = args.source or default_source(args.file, args.format)
    try:
        fmt = make_format(
            args.format,
            source,
            parse_mapping(args.map),
            channel=args.channel,
            stance=args.stance,
            now=clock.now(),
        )
        rows, rejections, total = read_file(args.file, fmt)
    except FormatError as error:
        raise SystemExit(f"consult import-comments: {error}") from None
    service = FeedbackService(clock, _typed(args, settings))
    with (
        open_database(settings, read_only=args.dry_run) as db,
        tqdm(
            total=len(rows), unit="row", desc="Importing", file=sys.stderr, disable=args.quiet
        ) as bar,
    ):
        try:
            report = run_import(
                db,
                args.consultation,
                rows,
                rejections,
                service,
                total,
                batch_size=args.batch_size,
                dry_run=args.dry_run,
                default_target=args.target,
                progress=bar.update,
                after_row=after_row,
            )
        except ImportFailed as error:
            raise SystemExit(f"consult import-comments: {error}") from None
    print(f"{args.file} (source {source!r}): {report.summary()}", file=out)
    for rejection in report.rejected:
        print(f"  row {rejection.number}: {rejection.reason}", file=out)
    if args.rejected:
        write_rejections(args.rejected, report.rejected)
        print(f"Rejected rows written to {args.rejected}.", file=out)
    if args.dry_run:
        print("Dry run: nothing was changed.", file=out)
    return 0


def _checkpoint(text):
    number, _colon, digest = text.partition(":")
    if not number.isdigit() or len(digest) != 64:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a published entry as NUMBER:HASH (the hash has 64 hex digits)"
        )
    return int(number), digest.lower()


def audit_verify_command(args, out=None):
    """Walk the audit log's hash chain: 0 when intact (and every checkpoint
    given is still in it), 1 naming the first entry that does not match."""
    from ..audit.models import audit_log_of

    out = out or sys.stdout
    settings = _settings(args)
    with open_database(settings, read_only=True) as db:
        connection = db.open()
        try:
            root = connection.root().get(APP_KEY)
            if root is None or "audit" not in root:
                raise SystemExit(
                    "consult audit verify: this database has no audit log yet; "
                    "run `consult evolve` first"
                )
            log = audit_log_of(root)
            broken = log.verify(args.checkpoint)
            count, head = len(log), log.head
        finally:
            connection.close()
    if broken is not None:
        print(f"The audit log is NOT intact: {broken}.", file=out)
        if broken.entry is not None:
            entry = broken.entry
            print(
                f"  that entry says: {entry.when.isoformat()} {entry.action} "
                f"{entry.subject} by {entry.actor_name or entry.actor or 'the system'}",
                file=out,
            )
        return 1
    print(f"The audit log is intact: {count} entries, head {head}.", file=out)
    for number, digest in args.checkpoint:
        print(f"  entry {number} still has the published hash {digest}.", file=out)
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="consult", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    init = commands.add_parser("initialize", help="create the database and the first accounts")
    init.add_argument("--ini", required=True, help="the application's ini file")
    init.add_argument("--admin-email")
    init.add_argument("--admin-password")
    init.add_argument("--admin-first-name", default="Administrator")
    init.add_argument("--admin-last-name", default="")
    init.add_argument(
        "--demo",
        action="store_true",
        help="add a demo consultation built from real text, with demo accounts",
    )
    init.set_defaults(handler=initialize)

    evolve_parser = commands.add_parser(
        "evolve", help="bring the database to the latest generation"
    )
    evolve_parser.add_argument("--ini", required=True)
    evolve_parser.set_defaults(handler=evolve_command)

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

    reindex_parser = commands.add_parser(
        "reindex", help="rebuild the search index from the database (safe at any time)"
    )
    reindex_parser.add_argument("--ini", required=True)
    reindex_parser.add_argument(
        "--backend",
        help="memory, whoosh, tantivy or a dotted name "
        "(default: consult.search.backend from the ini)",
    )
    reindex_parser.add_argument("--quiet", action="store_true", help="no progress bar")
    reindex_parser.set_defaults(handler=reindex_command)

    imports = commands.add_parser(
        "import-comments",
        help="import comments received offline (e-mail, post, hearings) "
        "or exported from Polis, from a CSV file; safe to run again",
    )
    imports.add_argument("--ini", required=True)
    imports.add_argument("--consultation", required=True, metavar="SLUG")
    imports.add_argument("file", metavar="FILE.csv")
    imports.add_argument(
        "--format",
        choices=("generic", "polis"),
        default="generic",
        help="generic (columns named by --map) or polis (a Polis comments.csv)",
    )
    imports.add_argument(
        "--map",
        default="",
        metavar="FIELD=COLUMN,...",
        help="columns of the generic format, e.g. text=Comment,author=Name "
        "(fields: id, text, author, author_id, date, article, stance, channel; "
        "default: each field's own name)",
    )
    imports.add_argument(
        "--source",
        help="a label for the file's comments, the same on every run (default: the file's name)",
    )
    imports.add_argument(
        "--channel",
        choices=("email", "post", "hearing", "polis", "online"),
        help="how the comments were received, for rows without a channel",
    )
    imports.add_argument(
        "--stance",
        default="neutral",
        choices=("for", "against", "neutral"),
        help="for rows without a stance (default: neutral)",
    )
    imports.add_argument(
        "--target",
        default="question:1",
        help="where rows without an article go: article:N or question:N "
        "(default: question:1, the first Green-Paper question)",
    )
    imports.add_argument(
        "--batch-size", type=int, default=200, help="rows per transaction (default: 200)"
    )
    imports.add_argument(
        "--dry-run", action="store_true", help="check every row and report, change nothing"
    )
    imports.add_argument(
        "--rejected",
        metavar="FILE.csv",
        help="also write the rejected rows, with their reasons, to this file",
    )
    imports.add_argument("--quiet", action="store_true", help="no progress bar")
    imports.set_defaults(handler=import_comments_command)

    audit = commands.add_parser("audit", help="the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser(
        "verify",
        help="check the audit log's hash chain and name the first entry that does not match",
    )
    verify.add_argument("--ini", required=True)
    verify.add_argument(
        "--checkpoint",
        action="append",
        type=_checkpoint,
        default=[],
        metavar="NUMBER:HASH",
        help="an entry and hash published earlier (the transparency page, an "
        "outcome report) that must still be in the chain; may be repeated",
    )
    verify.set_defaults(handler=audit_verify_command)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    logging.captureWarnings(True)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
