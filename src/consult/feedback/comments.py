"""A comment and what it carries: its supports, reports, moderation record,
earlier texts and addenda, and the words they are described with (stances,
states, channels). Supports, reports and the record are created on first
use: most comments never get one (see Comment)."""

from types import MappingProxyType

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from persistent.list import PersistentList
from pyramid.authorization import Allow

from ..i18n.detection import detect_any_language

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
    # The neutral name shown instead of `author_name` once its author closed
    # their account (accounts.lifecycle); a class default, so no step.
    author_pseudonym = None
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
    # The author's one appeal against a moderator's hiding (an Appeal), else
    # None (a class default: comments stored before appeals have none).
    appeal = None

    def __init__(self, target, author, author_name, text, stance, created, parent=None):
        if stance not in STANCES:
            raise ValueError(stance)
        self.id = None
        self.target = target
        self.author = author
        self.author_name = author_name
        self.text = text
        self.language = detect_any_language(text)
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

    def remove_supporter(self, userid):
        """No longer count `userid` among the supporters (the caller checks they were)."""
        self.supporters.remove(userid)
        self.support_count.change(-1)

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

    def open_report_count(self):
        """How many reports no moderator has decided on yet (from the counters)."""
        return max(0, self.report_count() - self.reports_at_review)

    def open_reports(self):
        """The reports no moderator has decided on yet, oldest first:
        [(userid, reason, when, weight)] (reports from before weights weigh 1)."""
        unresolved = self.open_report_count()
        if not unresolved:
            return []
        rows = sorted(
            (
                (userid, reason, when, weighed[0] if weighed else 1.0)
                for userid, (reason, when, *weighed) in self.reports.items()
            ),
            key=lambda row: row[2],
        )
        return rows[-unresolved:]

    def last_hidden_by(self):
        """The userid of the moderator whose decision last hid the comment,
        or None (never hidden by a moderator)."""
        for record in reversed(self.moderation):
            if record.action == "hidden":
                return record.actor
        return None

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


class Appeal:
    """The author's appeal against `hidden_by`'s hiding of the comment
    (immutable once made; a decision makes a new one, `decided`)."""

    def __init__(self, text, when, hidden_by, decision=None, decided_by=None, decided_at=None):
        self.text = text
        self.when = when
        self.hidden_by = hidden_by
        self.decision = decision  # None while open; "upheld" or "restored"
        self.decided_by = decided_by
        self.decided_at = decided_at

    @property
    def open(self):
        return self.decision is None

    def decided(self, decision, moderator_id, when):
        return Appeal(self.text, self.when, self.hidden_by, decision, moderator_id, when)


class ModerationRecord:
    """Who did what to a comment, when and why (immutable once made)."""

    def __init__(self, action, actor, when, reason):
        self.action = action
        self.actor = actor
        self.when = when
        self.reason = reason
