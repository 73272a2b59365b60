"""Evolution steps of petitions (registered in the one ordered list,
resources.evolution)."""

from .models import Petitions


def evolve_24_petitions(root):
    """Make the petitions' container."""
    if "petitions" not in root:
        root.add("petitions", Petitions())


def evolve_27_placeholder(root):
    """Placeholder for another branch's step 27 (dropped at merge)."""


def evolve_28_placeholder(root):
    """Placeholder for another branch's step 28 (dropped at merge)."""


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(24, evolve_24_petitions)
    config.add_evolution_step(27, evolve_27_placeholder)
    config.add_evolution_step(28, evolve_28_placeholder)
