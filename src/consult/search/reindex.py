"""Rebuild a search index from ZODB: the index is derived data, so this is
always safe, and it is how a site switches engines."""
from itertools import islice

from .backends import load_index
from .documents import all_documents

BATCH = 2000
DEFAULT_BACKEND = "whoosh"


def index_settings(settings):
    """(backend, path) from the ini: `consult.search.backend` (a short name or a
    dotted name) and `consult.search.path` (a directory for on-disk engines)."""
    return (settings.get("consult.search.backend", DEFAULT_BACKEND),
            settings.get("consult.search.path"))


def count_documents(root):
    return sum(1 for _ in all_documents(root))


def reindex(root, index, progress=lambda done: None):
    """Replace everything in `index` with the documents of `root`, committing
    in batches; returns how many were indexed."""
    index.clear()
    documents = all_documents(root)
    done = 0
    while batch := list(islice(documents, BATCH)):
        index.add(batch)
        index.commit()
        done += len(batch)
        progress(len(batch))
    return done


def open_index(settings):
    backend, path = index_settings(settings)
    return load_index(backend, path)
