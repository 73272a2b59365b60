"""The engines, by the dotted name an ini file uses (Kinto's pattern)."""

from pyramid.path import DottedNameResolver
from zope.interface.verify import verifyObject

from .interfaces import ISearchIndex

BACKENDS = {
    "memory": "consult.search.memory.MemoryIndex",
    "whoosh": "consult.search.whoosh_index.WhooshIndex",
    "tantivy": "consult.search.tantivy_index.TantivyIndex",
}


def same_engine(one, other):
    """Whether two `consult.search.backend` values (short or dotted) name one engine."""
    return BACKENDS.get(one, one) == BACKENDS.get(other, other)


def in_process(dotted_or_name):
    """Whether the engine keeps its index in the process's memory (nothing
    another process could build for it)."""
    return same_engine(dotted_or_name, "memory")


def load_index(dotted_or_name, path=None):
    """An ISearchIndex from `consult.search.backend` (a dotted name or a
    short name above) and a directory for on-disk engines."""
    factory = DottedNameResolver().resolve(BACKENDS.get(dotted_or_name, dotted_or_name))
    index = factory(path)
    if not verifyObject(ISearchIndex, index):  # raises with the reason if not
        raise TypeError(f"{dotted_or_name} is not an ISearchIndex")
    return index
