"""The change feed: what each committed transaction changed, for the
background workers that follow the database (the search feeder, the
campaign worker) to read.

A change is recorded in the same ZODB transaction as the change itself, so a
committed comment always has its entry and an aborted one never does: that is
what lets every process's index catch up after a crash, without asking
anything of the request but one BTree insert. The capabilities do not write
here: they announce what they did, and `changes.subscribers` records it.

Entries are keyed by the wall-clock time of the commit (taken in a
before-commit hook, so just before the two-phase commit) in microseconds,
times 1024, plus 10 random bits so that processes rarely pick the same key.
Keys are therefore almost, but not exactly, in commit order: a transaction
that takes its key first may commit a moment later than one that took a
later key. Readers re-read a window of keys behind what they have handled
(`search.feed.WINDOW_SECONDS`) to pick such entries up.

Entries (plain tuples, cheap to store):
    ("comment", slug, comment_id)           index or remove one comment
    ("petition", name, None)                a petition (petitions.search)
    ("appeal", number, None)                an appeal (appeals.search)
    ("consultation", slug, with_comments)   the consultation's own documents,
                                            and all its comments if asked
    ("jury", jury_name, None)               a jury's findings
    ("content", uid, None)                  a content item (content.models)
                                            and, for a folder, all inside it
"""

import random
import time

from BTrees.LOBTree import LOBTree
from pyramid.traversal import find_root

from ..shardedlog import ShardedLog
from ..timekeys import random_key

SHARDS = 16
_after_commit_listeners = []


def on_commit(listener):
    """Call `listener()` after every commit that recorded changes in this
    process (the background workers use it to wake up at once instead of at
    their next poll)."""
    _after_commit_listeners.append(listener)


def remove_listener(listener):
    if listener in _after_commit_listeners:
        _after_commit_listeners.remove(listener)


def _notify(committed):
    if committed:
        for listener in list(_after_commit_listeners):
            listener()


class ChangeLog(ShardedLog):
    """`root.search_changes` (the attribute keeps the name it was stored
    under). Pickles made before the feed left the search package name
    `consult.search.changes.ChangeLog`, which still imports this class."""

    # Logs made before the shards existed have `entries` only until
    # evolution step 6 adds them.
    shards = ()

    def __init__(self):
        self.entries = LOBTree()  # key -> entry tuple (the first shard)
        self.shards = tuple(LOBTree() for _ in range(SHARDS - 1))
        # Entries below this key have been pruned: an index that has not
        # seen them must be rebuilt.
        self.pruned_before = 0

    def trees(self):
        return (self.entries, *self.shards)

    def note(self, entry):
        """Record `entry` at the commit of the current transaction (at once
        when the log is not in a database yet)."""
        jar = self._p_jar
        if jar is None:
            self.append([entry])
            return
        current = jar.transaction_manager.get()
        try:
            pending = current.data(self)
        except KeyError:
            pending = {}
            current.set_data(self, pending)
            current.addBeforeCommitHook(self._flush, (current,))
            current.addAfterCommitHook(_notify)
        pending[entry] = True  # a dict keeps the order and drops repeats

    def _flush(self, current):
        self.append(list(current.data(self)))

    def append(self, entries, now=None, rng=random):
        trees = self.trees()
        tree = self.pick_tree(rng)
        key = random_key(time.time() if now is None else now, rng)
        for entry in entries:
            while any(key in other for other in trees):
                key += 1
            tree[key] = entry
            key += 1

    def since(self, key):
        """(key, entry) pairs from `key` on, in key order, from every shard."""
        return self.items(key)

    def prune(self, before, limit=10_000):
        """Delete up to `limit` entries with keys below `before`; returns how many."""
        return self.prune_keys(before, limit)

    def pruned(self, keys):
        self.pruned_before = max(self.pruned_before, keys[-1] + 1)

    def add_shards(self):
        """Give a log made before the shards its other trees (evolution step 6)."""
        if not self.shards:
            self.shards = tuple(LOBTree() for _ in range(SHARDS - 1))


def changelog_for(resource):
    root = find_root(resource)
    return getattr(root, "search_changes", None)


def record(resource, entry):
    log = changelog_for(resource)
    if log is not None:
        log.note(entry)


def comment_changed(comment):
    """The comment was added, edited, or changed state."""
    store = comment.__parent__
    consultation = getattr(store, "__parent__", None)
    slug = getattr(consultation, "__name__", None)
    if slug is None or comment.id is None:
        return
    record(consultation, ("comment", slug, comment.id))


def consultation_changed(consultation, with_comments=False):
    """The consultation's texts, stages, drafts or visibility changed;
    `with_comments` when its comments' search documents change with it (it was
    published, its local staff changed)."""
    slug = getattr(consultation, "__name__", None)
    if slug is None:
        return
    record(consultation, ("consultation", slug, bool(with_comments)))


def jury_changed(jury):
    """The jury's findings or answers changed."""
    if jury.__name__ is not None:
        record(jury, ("jury", jury.__name__, None))


def content_changed(root, item):
    """A content item's text, state, dates or place changed (`root`: the
    application's, since a deleted item is out of the tree)."""
    log = getattr(root, "search_changes", None)
    if log is not None and getattr(item, "uid", None):
        log.note(("content", item.uid, None))
