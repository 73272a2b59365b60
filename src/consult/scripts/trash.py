"""`consult purge-trash`: remove for good the content deleted more than
30 days ago (the trash page does the same when an editor opens it; a daily
cron job keeps the database from holding what nobody opened)."""

import sys

from ..clock import SystemClock
from ..content.catalog import TRASH_DAYS
from ..content.services import ContentService
from .common import ini_settings, open_root


def purge_trash_command(args, out=None, clock=None):
    out = out or sys.stdout
    settings = ini_settings(args)
    with open_root(settings) as root:
        if root.content_catalog is None:
            raise SystemExit(
                "consult purge-trash: this database has no content yet; run `consult evolve` first"
            )
        purged = ContentService(root, clock or SystemClock()).purge_trash()
        left = len(root.content_catalog.trash)
    print(
        f"Removed {purged} item(s) deleted more than {TRASH_DAYS} days ago from the trash; "
        f"{left} can still be restored.",
        file=out,
    )
    return 0


def add_commands(commands):
    """The content's commands."""
    purge = commands.add_parser(
        "purge-trash",
        help=f"remove for good the content deleted more than {TRASH_DAYS} days ago",
    )
    purge.add_argument("--ini", required=True, help="the application's ini file")
    purge.set_defaults(handler=purge_trash_command)
