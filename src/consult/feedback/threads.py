"""How the comment store (feedback.store) orders each thread and reads it a
page at a time: the thread's top-level comments and each comment's replies,
oldest first, from trees that hold the comments themselves; and the
comments one person wrote."""

import itertools

from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree


class CommentThreads:
    """The thread pages of CommentStore (a mixin: it reads the store's
    `comments`, `threads`, `replies` and `by_author`)."""

    # The same threads and reply lists as `threads` and `replies`, holding the
    # comments themselves (sort_key -> Comment): a page reads its comments
    # from its thread's own buckets. Through the ids it read one bucket of the
    # store-wide id tree per comment, each with its ~60 neighbours from every
    # thread: at 1 000 000 comments 84 loads a page instead of 8, and the
    # neighbours' ghosts filled the caches (benchmarks/README.md). Reply
    # lists are keyed by their parent's place, (target, sort key, id), so
    # that those of one page's comments sit side by side, not by the
    # parent's random id. Stores from before read through the ids until
    # evolve_comment_threads.
    thread_comments = None
    reply_comments = None

    def by_author_comments(self, userid):
        """The comments `userid` wrote here, oldest first."""
        tree = self.by_author.get(userid)
        found = (self.comments.get(comment_id) for comment_id in tree.values()) if tree else ()
        return [comment for comment in found if comment is not None]

    def thread_size(self, target):
        """Top-level entries of a thread, including placeholders of hidden ones."""
        tree = self.threads.get(target)
        return len(tree) if tree is not None else 0

    def _page(self, tree, after, size, holds_ids):
        if tree is None:
            return [], None
        items = tree.items(min=after, excludemin=True) if after is not None else tree.items()
        page = []
        next_after = None
        for _sort_key, value in items:
            if len(page) == size:
                next_after = page[-1].sort_key
                break
            page.append(self.comments[value] if holds_ids else value)
        return page, next_after

    def thread(self, target, after=None, size=20):
        """One page of top-level comments, oldest first, and the cursor of the next page."""
        if self.thread_comments is None:
            return self._page(self.threads.get(target), after, size, holds_ids=True)
        return self._page(self.thread_comments.get(target), after, size, holds_ids=False)

    def replies_to(self, comment, after=None, size=20):
        if self.reply_comments is None:
            return self._page(self.replies.get(comment.id), after, size, holds_ids=True)
        return self._page(
            self.reply_comments.get(_reply_list_key(comment)), after, size, holds_ids=False
        )

    def add_thread_comments(self, each=None):
        """Build `thread_comments` and `reply_comments` from the id trees
        (feedback.evolve); `each()` is called after each comment."""
        self.thread_comments, self.reply_comments = OOBTree(), OOBTree()
        # Generators, not lists: at a million comments holding every reply
        # list and parent at once would defeat the savepoints' cache GC.
        lists = itertools.chain(
            ((tree, None) for tree in self.threads.values()),
            ((tree, self.comments[parent_id]) for parent_id, tree in self.replies.items()),
        )
        for tree, parent in lists:
            for comment_id in tree.values():
                self._place_in_thread(self.comments[comment_id], parent)
                if each is not None:
                    each()

    def page_cursor(self, comment, size):
        """(position, cursor): where `comment` stands among its siblings (its
        thread's top level, or its parent's replies), oldest first, counted up
        to `size` (`size`: not on the first page), and the `after` cursor of a
        page that shows it: None for the first page, else the page that starts
        with it. Counting every sibling before it would read every bucket of a
        thread of tens of thousands of comments at each post; this reads one
        or two."""
        if comment.parent_id is None:
            tree = self.threads.get(comment.target)
        else:
            tree = self.replies.get(comment.parent_id)
        if tree is None or comment.sort_key not in tree:
            return 0, None
        position = 0
        for _key in tree.keys(max=comment.sort_key, excludemax=True):
            position += 1
            if position == size:
                return size, tree.maxKey(comment.sort_key - 1)
        return position, None

    def reply_count(self, comment):
        tree = self.replies.get(comment.id)
        return len(tree) if tree is not None else 0

    def _place_in_thread(self, comment, parent=None):
        if self.thread_comments is None:  # a store from before the step
            return
        if comment.parent_id is None:
            index, key = self.thread_comments, comment.target
        else:
            parent = parent or self.comments[comment.parent_id]
            index, key = self.reply_comments, _reply_list_key(parent)
        tree = index.get(key)
        if tree is None:
            tree = index[key] = LOBTree()
        tree[comment.sort_key] = comment


def _reply_list_key(parent):
    return (parent.target, parent.sort_key, parent.id)
