"""Evolution steps of petitions (registered in the one ordered list,
resources.evolution)."""

from BTrees.OOBTree import OOTreeSet

from ..i18n.detection import detect_language
from ..responses.models import Version
from ..verification.models import level_of
from .answering import PetitionAnswer
from .counts import Signature, Tally
from .models import Petitions
from .search import petition_changed


def evolve_24_petitions(root):
    """Make the petitions' container."""
    if "petitions" not in root:
        root.add("petitions", Petitions())


def evolve_27_signature_counts(root):
    """Give each petition its counters, and turn each signature (a time
    until now) into a Signature at the signer's level today, without a
    territory and not listed (nobody was asked). The petitions already open
    keep counting every signature toward their threshold (no
    `signature_level`)."""
    principals = root["principals"]
    for petition in root["petitions"].values():
        if petition.tally is not None:
            continue
        petition.tally = Tally()
        for userid, when in list(petition.signatures.items()):
            signature = Signature(when, level_of(principals.get(userid)))
            petition.signatures[userid] = signature
            petition.tally.add(userid, signature)


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
    config.add_evolution_step(27, evolve_27_signature_counts)
    config.add_evolution_step(29, evolve_29_petition_answers)
