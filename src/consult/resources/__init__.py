"""The resource tree in ZODB and the root factory."""

from contextlib import contextmanager

import transaction
from pyramid_zodbconn import get_connection

from ..hashing import hash_keys, key_problem, record_key
from ..settings import SettingError, settings_of
from .models import Root

APP_KEY = "consult"


def bootstrap(zodb_root, steps, hash_secret=None):
    """Return the application root, creating it if needed and evolving it by
    `steps` (resources.evolution.EvolutionSteps); a new root notes that its
    hashes will be made with `hash_secret`."""
    root = zodb_root.get(APP_KEY)
    if root is None:
        root = zodb_root[APP_KEY] = Root()
        if hash_secret:
            record_key(root, hash_secret)
    steps.evolve(root)
    return root


@contextmanager
def opened_root(db, steps):
    """The application root outside a request (console commands, tests),
    evolved by `steps`, in its own transaction that commits when the block
    ends without error."""
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        with manager:
            yield bootstrap(connection.root(), steps)
    finally:
        connection.close()


def root_factory(request):
    zodb_root = get_connection(request).root()
    root = zodb_root.get(APP_KEY)
    if root is None:
        # A fresh database: create the tree (the starter template's appmaker).
        root = bootstrap(zodb_root, request.registry.evolution_steps, hash_keys(request).current)
    return root


def check_hash_key(db, settings):
    """Raise SettingError when the database `db` holds hashes made with
    another key than the configured consult.hash_secret (read only)."""
    connection = db.open()
    try:
        root = connection.root().get(APP_KEY)
        problem = None if root is None else key_problem(root, settings)
    finally:
        connection.transaction_manager.abort()
        connection.close()
    if problem:
        raise SettingError(problem)


def includeme(config):
    config.include(".evolve")
    config.set_root_factory(root_factory)
    # Before the site serves: hashes compared under another key would match
    # nothing, silently (a census list that verifies nobody).
    databases = config.registry._zodb_databases
    try:
        check_hash_key(databases[""], settings_of(config.registry))
    except SettingError:
        for db in databases.values():  # a refused start leaves no file locked
            db.close()
        raise
