"""Evolution steps of verification (registered in the one ordered list,
resources.evolution)."""

from BTrees.OOBTree import OOBTree

from .models import census_of


def evolve_35_census_regions(root):
    """Give the census list its KATO codes by person (`Census.regions`),
    empty: a list loaded before had none."""
    census = census_of(root)
    if census is not None and getattr(census, "regions", None) is None:
        census.regions = OOBTree()


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(35, evolve_35_census_regions)
