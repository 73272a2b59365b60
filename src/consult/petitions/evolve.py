"""Evolution steps of petitions (registered in the one ordered list,
resources.evolution)."""

from .models import Petitions


def evolve_24_petitions(root):
    """Make the petitions' container."""
    if "petitions" not in root:
        root.add("petitions", Petitions())


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(24, evolve_24_petitions)
