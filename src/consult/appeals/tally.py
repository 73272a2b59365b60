"""The monthly tallies behind the public ranking of systemic problems
(appeals.ranking reads them): for each month of filing and each
(category, region) the counts of appeals filed, public, answered, answered
late, rated and rated "not resolved"; the running appeals' due dates; and
the near-duplicate clusters of the month's texts.

Kept up to date by a subscriber on every appeal event (`tally`), never by
a scan: an appeal remembers what it was counted as (`Appeal.tallied`:
its marks and its due date), so telling it again counts only what changed
and the evolution step that fills the tallies for an existing database
goes through the same function.

The region is the top of the appeal's KATO chain (an oblast or a city of
republican significance): some 20 regions × the categories bound the cells
of a month (4 000 at 200 categories), which the ranking page reads whole.
The month is the UTC month of filing; a later answer or rating counts in
the month the appeal was filed in.

Against write conflicts: a cell's counts are one small object that merges
concurrent additions (`Counts._p_resolveConflict`, as `BTrees.Length`
does), made once per (month, category, region) and never rewritten whole;
the due dates and clusters are BTrees, whose buckets merge concurrent
inserts of different keys."""

from BTrees.IIBTree import IIBTree, IITreeSet
from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

from ..campaigns import similarity
from ..organisations.territories import load_territories

# What an appeal can be counted as; once counted, it stays counted.
FIELDS = ("filed", "public", "answered", "late", "rated", "not_resolved")


def month_of(when):
    """The "YYYY-MM" key of a datetime or date."""
    return f"{when.year:04d}-{when.month:02d}"


def region_of(kato, territories=None):
    """The top of `kato`'s territory chain (itself when unknown)."""
    territories = load_territories() if territories is None else territories
    seen = set()
    while kato in territories and territories[kato].parent and kato not in seen:
        seen.add(kato)
        kato = territories[kato].parent
    return kato


class Counts(Persistent):
    """The counts of one (month, category, region)."""

    def __init__(self):
        for field in FIELDS:
            setattr(self, field, 0)

    def add(self, field, amount=1):
        setattr(self, field, getattr(self, field) + amount)

    def _p_resolveConflict(self, old, committed, new):
        # Two transactions counting in one cell: both additions hold.
        merged = dict(new)
        for field in FIELDS:
            merged[field] = committed.get(field, 0) + new.get(field, 0) - old.get(field, 0)
        return merged


class Cluster(Persistent):
    """Appeals of one month whose texts are near-duplicates: the numbers of
    its members, how many are public, where its first appeal was filed."""

    def __init__(self, founder, category, region):
        self.founder = founder
        self.category = category
        self.region = region
        self.members = IITreeSet()
        self.size = Length()
        self.public = Length()
        self.listed = IITreeSet()  # the public members' numbers


class Month(Persistent):
    """One month's tallies."""

    def __init__(self, key):
        self.key = key
        self.cells = OOBTree()  # (category, region) -> Counts
        # (category, region) -> OOTreeSet of (due date's ordinal, number) of
        # the running appeals: the overdue ones are a range of it.
        self.waiting = OOBTree()
        # (category, region) -> IITreeSet of the numbers of the public
        # appeals (the entry's list; a private appeal is counted only).
        self.listed = OOBTree()
        self.bands = LOBTree()  # LSH band key -> number of the first appeal with it
        self.cluster_of = IIBTree()  # number -> its cluster's founder
        self.clusters = IOBTree()  # founder -> Cluster
        self.by_size = OOTreeSet()  # (-size, founder): the biggest first

    def counts(self, category, region, create=False):
        counts = self.cells.get((category, region))
        if counts is None and create:
            counts = self.cells[(category, region)] = Counts()
        return counts

    def overdue_open(self, cell, today):
        """How many of the cell's running appeals are past their due date."""
        waiting = self.waiting.get(cell)
        if not waiting:
            return 0
        return sum(1 for _key in waiting.keys(max=(today.toordinal(),), excludemax=True))

    def biggest(self, limit):
        found = []
        for _size, founder in self.by_size:
            if len(found) == limit:
                break
            found.append(self.clusters[founder])
        return found


class SystemicAnswer:
    """The responsible organisation's public answer on a ranking entry
    (immutable: a new answer replaces it). `who` is kept for the record,
    never shown."""

    def __init__(self, organisation, text, when, who):
        self.organisation = organisation
        self.text = text
        self.when = when
        self.who = who


class Ranking(Persistent):
    """The tallies by month and the organisations' answers on entries."""

    def __init__(self):
        self.months = OOBTree()  # "YYYY-MM" -> Month
        self.answers = OOBTree()  # (month, category, region) -> SystemicAnswer

    def month(self, key, create=False):
        month = self.months.get(key)
        if month is None and create:
            month = self.months[key] = Month(key)
        return month


def marks_of(appeal):
    marks = {"filed"}
    if appeal.public:
        marks.add("public")
    if appeal.answer is not None:
        marks.add("answered")
        if not appeal.answer["on_time"]:
            marks.add("late")
    if appeal.rating is not None:
        marks.add("rated")
        if not appeal.rating["resolved"]:
            marks.add("not_resolved")
    return marks


def due_of(appeal):
    # Open with a due date: registered and running (an arriving appeal has none).
    if appeal.is_open() and appeal.due is not None:
        return appeal.due.toordinal()
    return None


def tally(ranking, appeals, appeal, territories=None):
    """Count what is new about `appeal` since it was last told (everything
    the first time, when it also joins its month's near-duplicate cluster)."""
    number = int(appeal.name)
    cell = (appeal.category, region_of(appeal.kato, territories))
    month = ranking.month(month_of(appeal.created), create=True)
    before = appeal.tallied
    counted, due_before = before if before is not None else (frozenset(), None)
    marks = counted | marks_of(appeal)
    if marks != counted:
        counts = month.counts(*cell, create=True)
        for field in marks - counted:
            counts.add(field)
        if "public" in marks - counted:
            listed = month.listed.get(cell)
            if listed is None:
                listed = month.listed[cell] = IITreeSet()
            listed.insert(number)
    due = due_of(appeal)
    if due != due_before:
        waiting = month.waiting.get(cell)
        if waiting is None:
            waiting = month.waiting[cell] = OOTreeSet()
        if due_before is not None:
            waiting.remove((due_before, number))
        if due is not None:
            waiting.insert((due, number))
    if before is None:
        cluster(month, appeals, appeal, cell)
    if before is None or marks != counted or due != due_before:
        appeal.tallied = (frozenset(marks), due)


def cluster(month, appeals, appeal, cell, threshold=similarity.THRESHOLD):
    """Join `appeal` to the cluster of the month's most similar appeal among
    those sharing an LSH band with it (founding the cluster with that one),
    as campaigns.clustering does for comments. Returns the Cluster or None."""
    found = similarity.fingerprint(appeal.text)
    if found is None:
        return None
    own, keys = found
    number = int(appeal.name)
    best, best_score, seen = None, threshold, {number}
    for key in keys:
        other = month.bands.get(key)
        if other is None:
            month.bands[key] = number
            continue
        if other in seen:
            continue
        seen.add(other)
        stored = appeals.get(str(other))
        if stored is None:
            continue
        score = similarity.jaccard(own, similarity.words_of_stored(stored.text))
        if score >= best_score:
            best, best_score = other, score
    if best is None:
        return None
    founder = month.cluster_of.get(best)
    if founder is None:
        founder = best
        first = appeals.get(str(best))
        group = month.clusters[founder] = Cluster(founder, first.category, region_of(first.kato))
        _join(month, group, first, best)
    group = month.clusters[founder]
    _join(month, group, appeal, number)
    return group


def _join(month, group, appeal, number):
    size = group.size()
    if size:
        month.by_size.remove((-size, group.founder))
    group.members.insert(number)
    group.size.change(1)
    if appeal.public:
        group.public.change(1)
        group.listed.insert(number)
    month.cluster_of[number] = group.founder
    month.by_size.insert((-(size + 1), group.founder))
