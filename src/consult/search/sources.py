"""Documents of the capabilities above search, which search may not
import: each is named here by the module that turns its change-log entries
into documents (as consult.events names the subscribers it runs outside
requests). A source module has `staged(root, key)` -> ([documents to add],
[ids to remove]) for one entry (kind, key, _), `documents(root)` for a
rebuild and `count(root)` for its progress."""

import importlib
from functools import cache

# Change-log entry kind -> the module that indexes it.
SOURCES = {
    "petition": "consult.petitions.search",
    "appeal": "consult.appeals.search",
}


@cache
def source(kind):
    """The module for an entry kind, imported on first use: naming it keeps
    the import graph running down the layers."""
    return importlib.import_module(SOURCES[kind])


def all_sources():
    return [source(kind) for kind in SOURCES]
