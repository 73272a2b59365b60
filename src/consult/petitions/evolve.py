"""Evolution steps of petitions (registered in the one ordered list,
resources.evolution)."""

from ..verification.models import level_of
from .counts import Signature, Tally
from .models import Petitions


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


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(24, evolve_24_petitions)
    config.add_evolution_step(27, evolve_27_signature_counts)
