"""Evolution steps of the accounts (registered in the one ordered list,
resources.evolution)."""

from BTrees.OOBTree import OOBTree

EVOLVE_BATCH = 10_000  # accounts between savepoints


def evolve_principal_sessions(root):
    """Give every account its (empty) tree of live sessions. Sessions begun
    before it were only a signed cookie: they are not in the tree, so
    everyone signs in again once."""
    principals = root["principals"]
    jar = getattr(principals, "_p_jar", None)
    for count, principal in enumerate(principals.values(), 1):
        if principal.sessions is None:
            principal.sessions = OOBTree()
        if jar is not None and count % EVOLVE_BATCH == 0:
            jar.transaction_manager.savepoint(True)
            jar.cacheGC()


def evolve_15_principal_sessions(root):
    """Give every account its tree of live sessions (accounts.sessions)."""
    evolve_principal_sessions(root)


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(15, evolve_15_principal_sessions)
