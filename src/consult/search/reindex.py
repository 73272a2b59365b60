"""Rebuild a search index from ZODB (`consult reindex`): the index is derived
data, so this is always safe, it is how a site switches engines, and it can
run while the site serves: it writes a new generation beside the served one,
catches up with the comments committed meanwhile, and only then makes it
current. A running site's feeder switches to it within a second, also when
it was built with another engine than the site's ini names (an engine
switch): the site serves it and feeds it until it restarts, and then uses
the engine its ini names, so set the new engine in the ini as well."""

import transaction

from ..settings import as_settings, default_of
from .backends import in_process
from .building import build, count_documents_estimate
from .feed import APP_KEY, WINDOW_SECONDS, window_keys
from .generations import IndexDirectory
from .staging import CHUNK, apply_entries

DEFAULT_BACKEND = default_of("consult.search.backend")


def index_settings(settings):
    """(backend, path) from the settings: `consult.search.backend` (a short
    name or a dotted name) and `consult.search.path` (a directory for on-disk
    engines, or None)."""
    settings = as_settings(settings)
    return settings["consult.search.backend"], settings["consult.search.path"]


class ReindexError(Exception):
    pass


def rebuild(db, backend, path, started=lambda total: None, progress=lambda done: None):
    """Build a new generation of the index in `path` from the database `db`
    and make it current; returns (documents indexed, generation)."""
    if path is None:
        raise ReindexError(
            "consult.search.path is not set: only an on-disk index "
            "(whoosh, tantivy) can be rebuilt by another process"
        )
    if in_process(backend):
        raise ReindexError(
            f"{backend} keeps its index in the server's memory: restarting the"
            " server rebuilds it; choose an on-disk engine (whoosh, tantivy)"
        )
    directory = IndexDirectory(path)
    previous = directory.current_name()
    generation = directory.create(backend)
    index = generation.open_index()
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        manager.begin()
        root = connection.root().get(APP_KEY)
        if root is None or getattr(root, "search_changes", None) is None:
            raise ReindexError(
                "the database is not initialised or not evolved: run "
                "`consult initialize` or `consult evolve` first"
            )
        start = root.search_changes.last_key()
        started(count_documents_estimate(root))
        done = build(root, index, progress=progress, gc=connection.cacheGC)
        manager.abort()

        # What was committed while we built, from a fresh view of the database.
        manager.begin()
        root = connection.root()[APP_KEY]
        entries = list(root.search_changes.since(max(0, start - window_keys(WINDOW_SECONDS))))
        for offset in range(0, len(entries), CHUNK):
            apply_entries(root, index, [entry for _, entry in entries[offset : offset + CHUNK]])
        generation.write_watermark(max([start] + [key for key, _ in entries]))
        manager.abort()
    except BaseException:
        index.close()
        directory.remove(generation)
        raise
    finally:
        manager.abort()
        connection.close()
    index.close()
    directory.make_current(generation)
    # The generation served until now stays for the running site's feeder to
    # retire; older ones are nobody's.
    for name in directory.names():
        if name not in (generation.name, previous):
            directory.remove(directory.get(name))
    return done, generation
