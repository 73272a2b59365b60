"""Evolution steps of appeals (registered in the one ordered list,
resources.evolution)."""

from functools import partial, update_wrapper

from BTrees.OOBTree import OOBTree

from ..workdays import calendar_of
from .desks import reindex
from .models import HIDDEN, Appeals
from .search import appeal_changed
from .tally import Ranking, tally

# Steps that touch every appeal save a savepoint every this many appeals,
# so that a database of a million appeals is evolved without holding them all.
BATCH = 5000


def _in_batches(container, items):
    """`items`, a savepoint and a collection of the connection's cache after
    every BATCH of them."""
    jar = container._p_jar
    for done, item in enumerate(items, 1):
        yield item
        if jar is not None and done % BATCH == 0:
            jar.transaction_manager.savepoint(True)
            jar.cacheGC()


def evolve_28_appeals(root):
    """Make the appeals' container, with its empty category tree and
    routing rules."""
    if "appeals" not in root:
        root.add("appeals", Appeals())


def evolve_30_appeals_in_search(root):
    """Put the public appeals in the change feed, so a running search index
    adds them without a reindex; give the appeals their Open311 API keys."""
    appeals = root["appeals"]
    if getattr(appeals, "api_keys", None) is None:
        appeals.api_keys = OOBTree()
    for appeal in appeals.values():
        if appeal.public:
            appeal_changed(appeal)


def evolve_31_appeals_ranking(root):
    """Give the appeals the monthly tallies of the public ranking of
    systemic problems, counting the appeals filed so far."""
    appeals = root["appeals"]
    if getattr(appeals, "ranking", None) is None:
        appeals.ranking = Ranking()
    # In the order filed: a month's first appeal with a text founds its cluster.
    for number in _in_batches(appeals, range(1, appeals.count() + 1)):
        appeal = appeals.get(str(number))
        if appeal is not None:
            tally(appeals.ranking, appeals, appeal)


def evolve_32_received_appeals(root):
    """Give the appeals the index of those received off the site, by
    organisation and registration number (appeals.intake); appeals filed
    before read the class defaults: channel "online", no attachments."""
    appeals = root["appeals"]
    if getattr(appeals, "received", None) is None:
        appeals.received = OOBTree()


def evolve_33_appeal_locations(root):
    """Give each appeal its published location: none, as before the author
    could choose (their point was shown to nobody publicly)."""
    appeals = root["appeals"]
    for appeal in _in_batches(appeals, appeals.values()):
        if getattr(appeal, "location", None) is None:
            appeal.location = HIDDEN


def evolve_34_appeal_desks(root, transfers=None):
    """Give each organisation its desk of appeals (appeals.desks), which
    its queue and dashboard read instead of every appeal it holds (working
    days counted with the site's calendar: `consult.workdays.transfers`);
    keep in the duplicate suggestion's index (by_place) the open public
    appeals only."""
    appeals = root["appeals"]
    appeals.desks = OOBTree()
    appeals.by_place = OOBTree()
    calendar = calendar_of(transfers)
    for appeal in _in_batches(appeals, appeals.values()):
        appeal.desk_entry = None
        reindex(appeals, appeal, calendar)
        appeals.keep_place(appeal)


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(28, evolve_28_appeals)
    config.add_evolution_step(30, evolve_30_appeals_in_search)
    config.add_evolution_step(31, evolve_31_appeals_ranking)
    config.add_evolution_step(32, evolve_32_received_appeals)
    config.add_evolution_step(33, evolve_33_appeal_locations)
    # The typed settings (config.configure, config.evolution_steps), if any.
    values = getattr(config.registry, "consult_settings", None)
    transfers = values["consult.workdays.transfers"] if values else None
    config.add_evolution_step(
        34,
        update_wrapper(
            partial(evolve_34_appeal_desks, transfers=transfers), evolve_34_appeal_desks
        ),
    )
