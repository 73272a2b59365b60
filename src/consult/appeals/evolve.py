"""Evolution steps of appeals (registered in the one ordered list,
resources.evolution)."""

from BTrees.OOBTree import OOBTree

from .models import HIDDEN, Appeals
from .search import appeal_changed


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


def evolve_31_placeholder(root):
    # placeholder: another branch's step
    pass


def evolve_32_placeholder(root):
    # placeholder: another branch's step
    pass


def evolve_33_appeal_locations(root):
    """Give each appeal its published location: none, as before the author
    could choose (their point was shown to nobody publicly)."""
    for appeal in root["appeals"].values():
        if getattr(appeal, "location", None) is None:
            appeal.location = HIDDEN


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(28, evolve_28_appeals)
    config.add_evolution_step(30, evolve_30_appeals_in_search)
    config.add_evolution_step(31, evolve_31_placeholder)
    config.add_evolution_step(32, evolve_32_placeholder)
    config.add_evolution_step(33, evolve_33_appeal_locations)
