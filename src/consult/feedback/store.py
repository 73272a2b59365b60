"""The comment store: all comments of a consultation and their indexes.

Comments live in an integer-keyed BTree with random keys (sequential keys
doubled the conflict rate in our measurements); secondary BTrees order each
thread by time (feedback.threads), so that a page loads only the comments it
shows, and Length objects count without loading anything."""

import itertools
import random

from BTrees.Length import Length
from BTrees.LLBTree import LLBTree
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from .comments import STANCES, STATES, VISIBLE
from .queues import ModerationQueues
from .supports import Supports
from .threads import CommentThreads

#: Sort keys per microsecond: a key is the comment's time in microseconds
#: times SLOTS plus a slot. Every stored key has this form, so new keys must
#: keep it to stay in time order with them in the same LLBTrees.
SLOTS = 1000
#: Random slots a posted comment tries before it takes its instant's sequence:
#: all taken means its microsecond is crowded (at half the slots taken, one
#: comment in a million goes on to the sequence).
RANDOM_TRIES = 20


def _instant(created):
    # The float product, as every stored key was made: the same instant must
    # give the same base as the keys already stored.
    return int(created.timestamp() * 1_000_000)


def _has_key_between(tree, low, high):
    try:
        return tree.maxKey(high) >= low
    except ValueError:  # no key up to `high`
        return False


class CommentStore(CommentThreads, ModerationQueues, Supports, Persistent):
    """All comments of a consultation with the indexes a thread page needs."""

    __parent__ = None
    __name__ = "comments"
    # Stores from before replies could be addressed to the ministry create
    # their index with the first such reply.
    addressed = None
    # import key -> comment id, created with the first imported comment
    # (consult.imports): re-importing a file finds what it brought already.
    imported = None
    # userid -> LLTreeSet of the ids of the comments they support, so that a
    # page knows what its reader supports with one lookup. Stores from before
    # it read each comment's supporters until evolve_lazy_comment_parts.
    supported_by = None
    # Comments awaiting a moderator's review after reports (sort_key -> id):
    # hidden ones, and those left shown because the ministry answered them.
    # Stores from before it find the hidden ones among all hidden comments
    # until evolve_review_queue (created with the first flag otherwise).
    under_review = None
    # instant (microseconds) -> the last sort key given to a comment of that
    # instant beyond its first (see _free_sort_key), created with the first
    # such comment: only instants shared by several comments are recorded.
    crowded = None

    def __init__(self):
        self.comments = LOBTree()
        self.total = Length()
        self.threads = OOBTree()  # target -> LLBTree(sort_key -> id), top level only
        self.replies = LOBTree()  # parent id -> LLBTree(sort_key -> id)
        self.visible_counts = OOBTree()  # target -> Length (visible, replies included)
        self.stance_counts = OOBTree()  # (target, stance) -> Length (visible, top level)
        self.by_author = OOBTree()  # userid -> LLBTree(sort_key -> id)
        self.by_state = OOBTree()  # state -> LLBTree(sort_key -> id), non-visible states
        self.participants = OOBTree()  # userid -> Length (their comments)
        self.addressed = OOBTree()  # target -> LLBTree(sort_key -> id), replies to the ministry
        self.participant_count = Length()
        self.supported_by = OOBTree()
        self.thread_comments = OOBTree()  # target -> LOBTree(sort_key -> Comment)
        # (target, parent's sort_key, parent id) -> LOBTree(sort_key -> Comment)
        self.reply_comments = OOBTree()
        self.under_review = LLBTree()

    # -- traversal -------------------------------------------------------
    def __getitem__(self, name):
        try:
            return self.comments[int(name)]
        except (ValueError, OverflowError):
            raise KeyError(name) from None

    def addressed_ids(self, target):
        """The ids of the replies on `target` addressed to the ministry, oldest first."""
        tree = self.addressed.get(target) if self.addressed is not None else None
        return list(tree.values()) if tree is not None else []

    def get(self, comment_id, default=None):
        return self.comments.get(comment_id, default)

    def find_imported(self, import_key):
        """The comment an import brought with `import_key`, or None."""
        comment_id = self.imported.get(import_key) if self.imported is not None else None
        return None if comment_id is None else self.comments.get(comment_id)

    def __len__(self):
        return self.total()

    # -- writing -----------------------------------------------------------
    def add(self, comment, rng=random):
        if comment.import_key is not None and self.find_imported(comment.import_key) is not None:
            raise KeyError(f"import key {comment.import_key!r} is taken")
        while True:
            comment_id = rng.randrange(1, 2**53)
            if comment_id not in self.comments:
                break
        comment.id = comment_id
        comment.sort_key = self._free_sort_key(comment, rng)
        comment.__parent__ = self
        self.comments[comment_id] = comment
        self.total.change(1)
        if comment.parent_id is None:
            self._tree(self.threads, comment.target)[comment.sort_key] = comment_id
        else:
            replies = self.replies.get(comment.parent_id)
            if replies is None:
                replies = self.replies[comment.parent_id] = LLBTree()
            replies[comment.sort_key] = comment_id
        self._place_in_thread(comment)
        self._tree(self.by_author, comment.author)[comment.sort_key] = comment_id
        if comment.to_ministry:
            if self.addressed is None:  # a store from before replies could be addressed
                self.addressed = OOBTree()
            self._tree(self.addressed, comment.target)[comment.sort_key] = comment_id
        if comment.import_key is not None:
            if self.imported is None:  # a store from before imports
                self.imported = OOBTree()
            self.imported[comment.import_key] = comment_id
        if comment.author not in self.participants:
            self.participants[comment.author] = Length()
            self.participant_count.change(1)
        self.participants[comment.author].change(1)
        state, comment.state = comment.state, None
        self.set_state(comment, state)
        return comment

    def _free_sort_key(self, comment, rng):
        """A sort key not used yet in any index the comment enters now or may
        enter later (its thread or reply list, its author's list, the state
        lists, the review queue). Two comments of one instant (a fixed clock, a
        bulk import) otherwise overwrite each other in those BTrees and one of
        them is lost.

        A comment posted on the site takes a random slot of its microsecond:
        processes posting in the same microsecond then rarely pick the same
        key (a shared key makes their commits conflict and be retried). An
        imported comment does too if it is the first of its instant in those
        indexes; a later one takes the next key of the instant's sequence in
        `crowded`, above every slot, so that the comments of one instant keep
        the order of the file and no number of them runs out of keys: beyond
        SLOTS they take the keys of the following microseconds (20 000
        letters of one day end 20 microseconds later), skipping any key in
        use there. A posted comment whose random slots are taken (RANDOM_TRIES
        times) takes the sequence too, instead of searching for ever."""
        if comment.parent_id is None:
            siblings = self.threads.get(comment.target)
        else:
            siblings = self.replies.get(comment.parent_id)
        trees = [
            tree
            for tree in (
                siblings,
                self.by_author.get(comment.author),
                self.under_review,
                *self.by_state.values(),
            )
            if tree is not None
        ]
        instant = _instant(comment.created)
        base = instant * SLOTS
        last = self.crowded.get(instant) if self.crowded is not None else None
        if comment.import_key is None:
            for _attempt in range(RANDOM_TRIES):
                sort_key = base + rng.randrange(SLOTS)
                if not any(sort_key in tree for tree in trees):
                    return sort_key
        elif last is None and not any(
            _has_key_between(tree, base, base + SLOTS - 1) for tree in trees
        ):
            return base + rng.randrange(SLOTS)
        sort_key = (last if last is not None else base + SLOTS - 1) + 1
        while any(sort_key in tree for tree in trees):  # a comment of a later microsecond
            sort_key += 1
        if self.crowded is None:  # a store from before crowded instants were recorded
            self.crowded = LLBTree()
        self.crowded[instant] = sort_key
        return sort_key

    @staticmethod
    def _tree(index, key):
        tree = index.get(key)
        if tree is None:
            tree = index[key] = LLBTree()
        return tree

    @staticmethod
    def _counter(index, key):
        counter = index.get(key)
        if counter is None:
            counter = index[key] = Length()
        return counter

    def set_state(self, comment, state):
        """Move a comment to `state`, keeping every count and index true."""
        if state not in STATES:
            raise ValueError(state)
        old = comment.state
        if old == state:
            return
        if old == VISIBLE:
            self._count_visible(comment, -1)
        elif old is not None:
            self.by_state[old].pop(comment.sort_key, None)
        comment.state = state
        if state == VISIBLE:
            self._count_visible(comment, +1)
        else:
            self._tree(self.by_state, state)[comment.sort_key] = comment.id

    def flag_for_review(self, comment):
        """Put `comment` in the moderators' queue of reported comments."""
        comment.awaiting_review = True
        if self.under_review is None:  # a store from before the queue had an index
            self.under_review = LLBTree()
        self.under_review[comment.sort_key] = comment.id

    def clear_review(self, comment):
        """A moderator has decided on `comment` (or its author withdrew it)."""
        comment.awaiting_review = False
        if self.under_review is not None:
            self.under_review.pop(comment.sort_key, None)

    def _count_visible(self, comment, delta):
        self._counter(self.visible_counts, comment.target).change(delta)
        if comment.parent_id is None:
            self._counter(self.stance_counts, (comment.target, comment.stance)).change(delta)

    # -- reading -------------------------------------------------------------
    def count(self, target):
        counter = self.visible_counts.get(target)
        return counter() if counter is not None else 0

    def stance_balance(self, target):
        return {
            stance: (
                self.stance_counts[(target, stance)]()
                if (target, stance) in self.stance_counts
                else 0
            )
            for stance in STANCES
        }

    def review_queue(self, size=100):
        """The comments awaiting review after reports, oldest first."""
        if self.under_review is None:  # a store from before evolve_review_queue
            return [c for c in reversed(self.in_state("hidden", size)) if c.awaiting_review]
        return [
            self.comments[comment_id]
            for comment_id in itertools.islice(self.under_review.values(), size)
        ]

    def is_answered(self, comment):
        """Whether the ministry has answered `comment`: its consultation's
        response register (consult.responses) holds an answer to it. Read
        through the consultation, so that feedback needs nothing of responses."""
        register = getattr(self.__parent__, "responses", None)
        return register is not None and comment.id in register

    def text_frozen(self, comment):
        """Why the text of `comment` may no longer change, or None: it was
        answered, replied to, decided on by a moderator or sent to them after
        reports. Others have acted on what it says; an edit would change what
        they answered (an addendum may still follow it)."""
        if comment.moderation:
            return "moderated"
        if comment.awaiting_review:
            return "reported"
        if comment.id in self.replies:
            return "replied"
        if self.is_answered(comment):
            return "answered"
        return None

    def in_state(self, state, size=100):
        tree = self.by_state.get(state)
        if tree is None:
            return []
        return [self.comments[comment_id] for _, comment_id in list(tree.items())[-size:]][::-1]

    def state_count(self, state):
        tree = self.by_state.get(state)
        return len(tree) if tree is not None else 0

    def statistics(self):
        """The figures of the whole store, from its counters (no comment is
        loaded): {"total": visible comments, replies included, "stances":
        {stance: visible top-level comments with it} for each of STANCES}.
        A store holds one consultation's comments, so these are its figures;
        `count` and `stance_balance` give one target's."""
        total = sum(counter() for counter in self.visible_counts.values())
        stances = dict.fromkeys(STANCES, 0)
        for (_target, stance), counter in self.stance_counts.items():
            if stance in stances:
                stances[stance] += counter()
        return {"total": total, "stances": stances}
