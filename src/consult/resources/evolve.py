"""The evolution steps of the root itself."""

from ..hashing import evolve_hash_key


def evolve_16_hash_key(root):
    """Note that the keyed hashes stored so far (census list, jury
    applications) were made with consult.session_secret, which
    consult.hash_secret replaces for them."""
    evolve_hash_key(root)


def evolve_24_placeholder(root):
    """Nothing: holds number 24 on this branch only, where step 24 of
    another branch is not merged yet (the numbers have no gap). REVERT THIS
    COMMIT when merging."""


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(16, evolve_16_hash_key)
    config.add_evolution_step(24, evolve_24_placeholder)  # REVERT at merge
