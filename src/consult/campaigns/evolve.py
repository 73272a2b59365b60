"""Evolution steps of the campaigns (registered in the one ordered list,
resources.evolution)."""

import logging

from BTrees.LLBTree import LLBTree

log = logging.getLogger(__name__)


def evolve_11_public_campaign_members(root):
    """List the published members of public campaigns in their own tree,
    which thread pages ask instead of the index of every clustered comment."""
    for consultation in root["consultations"].values():
        index = getattr(consultation, "campaigns", None)
        if index is None or getattr(index, "public_members", None) is not None:
            continue
        index.public_members = LLBTree()
        for cluster in index.clusters.values():
            index.follow_publicity(cluster, was_public=False)
        log.info(
            "%s: %d comments in public campaigns", consultation.__name__, len(index.public_members)
        )


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(11, evolve_11_public_campaign_members)
