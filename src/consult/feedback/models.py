"""Comments with their threads, supports, reports and moderation record.

Comments live in an integer-keyed BTree with random keys (sequential keys
doubled the conflict rate in our measurements); secondary BTrees order each
thread by time, so that a page loads only the comments it shows, and Length
objects count without loading anything."""

import itertools
import random
from types import MappingProxyType

from BTrees.Length import Length
from BTrees.LLBTree import LLBTree, LLTreeSet
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from persistent.list import PersistentList
from pyramid.authorization import Allow

from ..i18n.detection import detect_language

STANCES = ("for", "against", "neutral")
# Reports are weighed (feedback.report_weight) and their weights summed in
# hundredths of a report, so that a Length (which resolves concurrent
# changes) can hold them.
WEIGHT_UNIT = 100
# How a comment reached the consultation: on this site, or offline and
# imported by the staff (consult import-comments), or from a Polis export.
CHANNELS = ("online", "email", "post", "hearing", "polis")
VISIBLE = "published"
STATES = ("published", "pending", "hidden", "withdrawn")
MAX_DEPTH = 3  # a top-level comment is depth 1; replies nest two more levels


class _NoCount:
    """What a comment counts of something it has none of yet (supports,
    reports): reads like a `BTrees.Length.Length` at 0, and cannot change."""

    __slots__ = ()

    def __call__(self):
        return 0

    def __repr__(self):
        return "NO_COUNT"


NO_COUNT = _NoCount()


class Comment(Persistent):
    # Supports, reports and the moderation record are created with the first
    # support, report or decision (add_supporter, add_report, record): most
    # comments never get one, and each would be a persistent record of its
    # own to load with every page that shows the comment. Until then these
    # read-only class defaults stand in for them; comments stored before
    # carry their own (evolve_lazy_comment_parts drops the empty ones).
    supporters = frozenset()  # userids; an OOTreeSet once supported
    support_count = NO_COUNT  # a Length once supported
    reports = MappingProxyType({})  # userid -> (reason, when); an OOBTree once reported
    report_count = NO_COUNT  # a Length once reported
    moderation = ()  # ModerationRecord, oldest first; a PersistentList once decided
    # Reports counted when a moderator last decided on the comment; only the
    # reports made since then count towards hiding it again. (A class default,
    # so comments stored before it existed read 0 and need no evolution step.)
    reports_at_review = 0
    # The language of the text (i18n.detection); evolution step 2 sets it on
    # comments stored before it existed.
    language = None
    # A reply its author addressed to the ministry, which must answer it like a
    # top-level comment (a class default: older comments are not addressed).
    to_ministry = False
    # How the comment was received (CHANNELS); comments stored before imports
    # existed were all written on the site. (Class defaults: no evolution step.)
    channel = "online"
    # Written by someone whose e-mail address was not confirmed yet: pending
    # until they confirm it (FeedbackService.release_held).
    held_for_confirmation = False
    # An imported comment's stable key (consult.imports), else None.
    import_key = None
    # The record of the text (issue 15, item 11): each edit keeps the text it
    # replaces, and addenda are added under a text that may no longer change.
    # Created on first use like the supports: most comments are never edited
    # and never get an addendum, and read these class defaults. `edit_count`
    # lives on the comment itself so that "edited N times" costs no load.
    edit_count = 0
    earlier_texts = ()  # TextVersion, oldest first; a PersistentList once edited
    addenda = ()  # Addendum, oldest first; a tuple on the comment's own record
    # The weight of its reports in WEIGHT_UNITs, a Length once reported;
    # comments reported before weights counted each report as one.
    report_weight = NO_COUNT
    # The weight counted when a moderator last decided (None: from before
    # weights, when `reports_at_review` reports had been counted).
    weight_at_review = None

    def __init__(self, target, author, author_name, text, stance, created, parent=None):
        if stance not in STANCES:
            raise ValueError(stance)
        self.id = None
        self.target = target
        self.author = author
        self.author_name = author_name
        self.text = text
        self.language = detect_language(text)
        self.stance = stance
        self.created = created
        self.edited_at = None
        self.parent_id = None if parent is None else parent.id
        self.depth = 1 if parent is None else parent.depth + 1
        self.state = VISIBLE
        self.sort_key = None
        self.stage = None
        self.draft_version = None
        self.awaiting_review = False

    @property
    def __name__(self):
        return str(self.id)

    @property
    def __acl__(self):
        return [(Allow, f"user:{self.author}", ("edit_own", "withdraw_own"))]

    @property
    def visible(self):
        return self.state == VISIBLE

    @property
    def last_moderation(self):
        return self.moderation[-1] if self.moderation else None

    # -- the parts created on first use ------------------------------------------
    def add_supporter(self, userid):
        """Count `userid` among the supporters (the caller checks they were not)."""
        if self.support_count is NO_COUNT:
            self.supporters = OOTreeSet()
            self.support_count = Length()
        self.supporters.add(userid)
        self.support_count.change(1)

    def add_report(self, userid, reason, when, weight=1.0):
        """Record `userid`'s report, which counts `weight` towards hiding the
        comment (feedback.report_weight)."""
        if self.report_count is NO_COUNT:
            self.reports = OOBTree()
            self.report_count = Length()
        if self.report_weight is NO_COUNT:
            # The reports made before weights weighed one each.
            self.report_weight = Length(WEIGHT_UNIT * self.report_count())
        self.reports[userid] = (reason, when, weight)
        self.report_count.change(1)
        self.report_weight.change(round(weight * WEIGHT_UNIT))

    def _weight_units(self):
        if self.report_weight is NO_COUNT:
            return WEIGHT_UNIT * self.report_count()
        return self.report_weight()

    def total_report_weight(self):
        """The weight of all its reports, in reports (a float)."""
        return self._weight_units() / WEIGHT_UNIT

    def weight_since_review(self):
        """The weight of the reports made since a moderator last decided."""
        reviewed = (
            WEIGHT_UNIT * self.reports_at_review
            if self.weight_at_review is None
            else self.weight_at_review
        )
        return (self._weight_units() - reviewed) / WEIGHT_UNIT

    def mark_reviewed(self):
        """A moderator has decided: the reports so far do not count again."""
        self.reports_at_review = self.report_count()
        self.weight_at_review = self._weight_units()

    def record(self, record):
        """Add a ModerationRecord to the comment's history."""
        if not isinstance(self.moderation, PersistentList):
            self.moderation = PersistentList()
        self.moderation.append(record)

    def replace_text(self, text, language, stance, when):
        """Put `text` in place of the current text, which is kept (with its
        stance and the time it was written) among the earlier versions."""
        if not isinstance(self.earlier_texts, PersistentList):
            self.earlier_texts = PersistentList()
        self.earlier_texts.append(
            TextVersion(self.text, self.stance, self.language, self.edited_at or self.created, when)
        )
        self.text = text
        self.language = language
        self.stance = stance
        self.edited_at = when
        self.edit_count = len(self.earlier_texts)

    def add_addendum(self, addendum):
        """Add `addendum` under the text: a new tuple, so that the comment's
        own record changes and every cached rendering of it is out of date."""
        self.addenda = (*self.addenda, addendum)


class TextVersion:
    """A text the comment had before an edit (immutable once made): what it
    said, its stance and language, when it was written and when replaced."""

    def __init__(self, text, stance, language, written, replaced):
        self.text = text
        self.stance = stance
        self.language = language
        self.written = written
        self.replaced = replaced


class Addendum:
    """What the author added under a comment's text, dated (immutable once made)."""

    def __init__(self, text, language, when):
        self.text = text
        self.language = language
        self.when = when


class ModerationRecord:
    """Who did what to a comment, when and why (immutable once made)."""

    def __init__(self, action, actor, when, reason):
        self.action = action
        self.actor = actor
        self.when = when
        self.reason = reason


def _sort_key(created, rng):
    # Time order, with random low digits so two comments in the same
    # microsecond do not collide.
    return int(created.timestamp() * 1_000_000) * 1000 + rng.randrange(1000)


class CommentStore(Persistent):
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
    # Comments awaiting a moderator's review after reports (sort_key -> id):
    # hidden ones, and those left shown because the ministry answered them.
    # Stores from before it find the hidden ones among all hidden comments
    # until evolve_review_queue (created with the first flag otherwise).
    under_review = None

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

    def add_support(self, comment, userid):
        """`userid` supports `comment` (the caller checks they may, and did not yet)."""
        comment.add_supporter(userid)
        if self.supported_by is not None:
            ids = self.supported_by.get(userid)
            if ids is None:
                ids = self.supported_by[userid] = LLTreeSet()
            ids.add(comment.id)

    def supported_ids(self, userid):
        """The ids of the comments `userid` supports (a set-like), or None
        where the store has no index yet (read `comment.supporters` then)."""
        if self.supported_by is None:
            return None
        if userid is None:
            return frozenset()
        ids = self.supported_by.get(userid)
        return ids if ids is not None else frozenset()

    def supports(self, comment, userid):
        """Whether `userid` supports `comment`."""
        ids = self.supported_ids(userid)
        if ids is None:
            return userid in comment.supporters
        return comment.id in ids

    def _free_sort_key(self, comment, rng):
        """A sort key not used yet in any index the comment enters now or may
        enter later (its thread or reply list, its author's list, the state
        lists). Two comments of one instant (a fixed clock, a bulk import)
        otherwise overwrite each other in those BTrees and one of them is lost."""
        if comment.parent_id is None:
            siblings = self.threads.get(comment.target)
        else:
            siblings = self.replies.get(comment.parent_id)
        trees = [
            tree
            for tree in (siblings, self.by_author.get(comment.author), *self.by_state.values())
            if tree is not None
        ]
        while True:
            sort_key = _sort_key(comment.created, rng)
            if not any(sort_key in tree for tree in trees):
                return sort_key

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
        (feedback.evolution); `each()` is called after each comment."""
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

    def reply_count(self, comment):
        tree = self.replies.get(comment.id)
        return len(tree) if tree is not None else 0

    def in_state(self, state, size=100):
        tree = self.by_state.get(state)
        if tree is None:
            return []
        return [self.comments[comment_id] for _, comment_id in list(tree.items())[-size:]][::-1]

    def state_count(self, state):
        tree = self.by_state.get(state)
        return len(tree) if tree is not None else 0


def _reply_list_key(parent):
    return (parent.target, parent.sort_key, parent.id)
