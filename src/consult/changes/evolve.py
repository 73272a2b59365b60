"""Evolution steps of the change feed (`root.search_changes`, read by the
search index feeders and the campaign worker), registered in the one ordered
list, resources.evolution."""

from .log import ChangeLog


def evolve_3_search_change_log(root):
    """Add the change log the search index feeders read."""
    if getattr(root, "search_changes", None) is None:
        root.search_changes = ChangeLog()


def evolve_6_change_log_shards(root):
    """Spread the search change log over several BTrees (fewer conflicts)."""
    if root.search_changes is not None:
        root.search_changes.add_shards()


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(3, evolve_3_search_change_log)
    config.add_evolution_step(6, evolve_6_change_log_shards)
