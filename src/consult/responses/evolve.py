"""Evolution steps of the responses (registered in the one ordered list,
resources.evolution)."""

from .models import ResponseRegister


def evolve_4_responses(root):
    """Give every consultation a response register (answers to comments)."""
    for consultation in root["consultations"].values():
        if consultation.__dict__.get("responses") is None:
            consultation.responses = ResponseRegister()
            consultation.responses.__parent__ = consultation


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(4, evolve_4_responses)
