"""The resource tree in ZODB and the root factory."""
from contextlib import contextmanager

import transaction
from pyramid_zodbconn import get_connection

APP_KEY = "consult"


def bootstrap(zodb_root):
    """Return the application root, creating and evolving it if needed."""
    from .evolution import evolve
    from .models import Root

    root = zodb_root.get(APP_KEY)
    if root is None:
        root = zodb_root[APP_KEY] = Root()
    evolve(root)
    return root


@contextmanager
def opened_root(db):
    """The application root outside a request (console commands, tests), in
    its own transaction that commits when the block ends without error."""
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        with manager:
            yield bootstrap(connection.root())
    finally:
        connection.close()


def root_factory(request):
    zodb_root = get_connection(request).root()
    root = zodb_root.get(APP_KEY)
    if root is None:
        # A fresh database: create the tree (the starter template's appmaker).
        root = bootstrap(zodb_root)
    return root


def includeme(config):
    config.set_root_factory(root_factory)
