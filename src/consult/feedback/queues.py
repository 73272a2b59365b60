"""The moderators' queues of a consultation's comments, and of all of them.

Four queues, each oldest comment first: `reported` (every comment with a
report no moderator has decided on yet, whatever the reports weigh: issue
18 found reports below the hiding weight reached nobody), `pending`
(awaiting approval), `hidden`, and `appealed` (an author's appeal against a
hiding, waiting for another moderator). Each is an LLBTree of the
comments' sort keys (time-ordered, feedback.store) to their ids, so that a
page of a queue loads only the comments it shows, and the site-wide queue
merges the consultations' trees by key without loading the rest."""

import heapq
import itertools

from BTrees.LLBTree import LLBTree

QUEUES = ("reported", "pending", "hidden", "appealed")
PAGE_SIZE = 20


class ModerationQueues:
    """The queues of reported and appealed comments (a part of CommentStore,
    whose `by_state` holds the pending and hidden ones). Stores from before
    them get them from evolution step 18, new ones with their first entry."""

    reported = None  # sort_key -> id: comments with reports not decided on yet
    appealed = None  # sort_key -> id: comments with an appeal not decided on yet

    def _queue_tree(self, name, create=False):
        tree = getattr(self, name)
        if tree is None and create:
            tree = LLBTree()
            setattr(self, name, tree)
        return tree

    def note_report(self, comment):
        """`comment` has a report no moderator has decided on: in the queue."""
        tree = self._queue_tree("reported", create=True)
        if comment.sort_key not in tree:  # a second report changes nothing here
            tree[comment.sort_key] = comment.id

    def reports_decided(self, comment):
        """A moderator decided on `comment` (or its author withdrew it)."""
        if self.reported is not None:
            self.reported.pop(comment.sort_key, None)

    def note_appeal(self, comment):
        self._queue_tree("appealed", create=True)[comment.sort_key] = comment.id

    def appeal_decided(self, comment):
        if self.appealed is not None:
            self.appealed.pop(comment.sort_key, None)

    def queue_items(self, name):
        """(sort_key, comment id) of the queue `name` (one of QUEUES), oldest first."""
        if name in ("pending", "hidden"):
            tree = self.by_state.get(name)
        elif name in ("reported", "appealed"):
            tree = getattr(self, name)
        else:
            raise ValueError(name)
        return iter(tree.items()) if tree is not None else iter(())

    def queue_page(self, name, start=0, size=PAGE_SIZE):
        """A page of the queue `name`: (comments, whether more follow)."""
        return page_of([self], name, start, size)


def page_of(stores, name, start=0, size=PAGE_SIZE):
    """A page of the queue `name` of all `stores` together, oldest first:
    (comments, whether more follow)."""
    merged = heapq.merge(
        *(_positioned(store.queue_items(name), position) for position, store in enumerate(stores))
    )
    items = list(itertools.islice(merged, start, start + size + 1))
    comments = [stores[position].comments[comment_id] for _key, position, comment_id in items]
    return comments[:size], len(comments) > size


def _positioned(items, position):
    """(key, position, id) of a store's queue items: the position tells the
    merged queue which store holds each comment (a function, so that each
    store's generator keeps its own position)."""
    for key, comment_id in items:
        yield key, position, comment_id
