"""`consult send-digests`: send the notification digests that are due (a
person's daily digest once a day, their weekly one once a week) and
announce the stages of followed consultations that opened or closed since
the last run. Run by a timer (docs/operations.md); running it twice, or
again after the mail server failed, sends nothing twice."""

import sys

import transaction
from pyramid.request import Request
from pyramid.scripting import prepare

from ..clock import IClock
from ..config import configure
from ..notifications.interfaces import INotificationService
from .common import ini_settings

# The command needs the application's services, not its background threads.
NO_THREADS = {"consult.search.feed_thread": "false", "consult.campaigns.worker": "false"}


def run_digests(registry):
    """Send what is due with the application assembled in `registry`;
    returns the service's summary."""
    manager = transaction.TransactionManager(explicit=True)
    # The connection is opened, and the root found, in a transaction of
    # their own; the service then runs one per person.
    with manager:
        env = prepare(
            request=Request.blank("/", environ={"tm.manager": manager}), registry=registry
        )
        request = env["request"]
        request.root = env["root"]
        service = request.find_service(INotificationService)
    try:
        return service.send_digests(manager)
    finally:
        env["closer"]()


def send_digests_command(args, out=None, clock=None):
    out = out or sys.stdout
    config = configure(dict(ini_settings(args), **NO_THREADS))
    if clock is not None:
        config.register_service(clock, IClock)
        config.commit()
    registry = config.registry
    try:
        done = run_digests(registry)
    finally:
        registry.search_feeder.stop()
        registry.campaign_worker.stop()
        for db in registry._zodb_databases.values():
            db.close()
    print(
        f"Sent {done['sent']} digest(s); {done['failed']} could not be sent and wait for "
        f"the next run; announced {done['announced']} stage opening(s) or closing(s).",
        file=out,
    )
    return 1 if done["failed"] else 0


def add_commands(commands):
    """The notifications' command."""
    digests = commands.add_parser(
        "send-digests",
        help="send the notification digests that are due (run it from a timer)",
    )
    digests.add_argument("--ini", required=True, help="the application's ini file")
    digests.set_defaults(handler=send_digests_command)
