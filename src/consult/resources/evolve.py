"""The evolution steps of the root itself."""

from ..hashing import evolve_hash_key


def evolve_16_hash_key(root):
    """Note that the keyed hashes stored so far (census list, jury
    applications) were made with consult.session_secret, which
    consult.hash_secret replaces for them."""
    evolve_hash_key(root)


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(16, evolve_16_hash_key)
