"""Evolution steps of the consultations (registered in the one ordered list,
resources.evolution)."""

from ..accounts.models import Principals
from .models import Consultations
from .tags import TagNames


def evolve_1_containers(root):
    """Create the top-level containers."""
    # The accounts' container too: both came with the first step, which a
    # step number cannot share between two capabilities.
    if "principals" not in root:
        root.add("principals", Principals())
    if "consultations" not in root:
        root.add("consultations", Consultations())


def evolve_19_tag_names(root):
    """Give the consultations' container its table of tag names."""
    consultations = root["consultations"]
    if getattr(consultations, "tag_names", None) is None:
        consultations.tag_names = TagNames()


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(1, evolve_1_containers)
    config.add_evolution_step(19, evolve_19_tag_names)
