"""`consult audit verify`: walk the audit log's hash chain."""

import argparse
import sys

from ..audit.models import audit_log_of
from ..resources import APP_KEY
from .common import ini_settings, open_database


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
    out = out or sys.stdout
    settings = ini_settings(args)
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


def add_commands(commands):
    """The audit log's commands."""
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
