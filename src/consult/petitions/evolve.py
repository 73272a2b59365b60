"""Evolution steps of petitions (registered in the one ordered list,
resources.evolution)."""

from BTrees.OOBTree import OOTreeSet

from ..i18n.detection import detect_language
from ..responses.models import Version
from .answering import PetitionAnswer
from .models import Petitions
from .search import petition_changed


def evolve_24_petitions(root):
    """Make the petitions' container."""
    if "petitions" not in root:
        root.add("petitions", Petitions())


def evolve_27_placeholder(root):
    """Placeholder for another branch's step 27 (dropped at merge)."""


def evolve_29_petition_answers(root):
    """Give petitions the signers who asked for news of their answer and an
    answer with a decision and a history (an earlier bare answer becomes
    "noted" by an answerer); put the listed ones in the search index."""
    for petition in root["petitions"].values():
        if getattr(petition, "updates", None) is None:
            petition.updates = OOTreeSet()
        if getattr(petition, "response", None) is None:
            petition.response = None
            if petition.answer:
                petition.response = PetitionAnswer(
                    Version(
                        "noted",
                        petition.answer,
                        None,
                        detect_language(petition.answer),
                        petition.answered_by,
                        "answerer",
                        petition.answered,
                    )
                )
        petition_changed(petition)


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(24, evolve_24_petitions)
    config.add_evolution_step(27, evolve_27_placeholder)
    config.add_evolution_step(29, evolve_29_petition_answers)
