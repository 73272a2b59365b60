"""Each organisation's desk: the appeals it holds, arranged so that its
queue and its dashboard read ranges and counters instead of every appeal.

At a million appeals the busiest organisation holds some 185 000
(benchmarks/appeals.py); reading them all to filter and count in Python
made its queue page take seconds.

An appeal's place on a desk is one integer, its sort key: the day of its
term (or `FAR` when it has none) and its number. The queue's order (the
nearest term first, then the number) is the keys' order, so a page is a
slice of a TreeSet. A desk keeps:

- `order`: every held appeal's key, and `total`;
- `by_state`, `by_category`, `by_kato`: the keys per exact state, category
  and territory (a filter on a category or a territory unions the sets of
  the ones below it, intersected in C by BTrees);
- `running`: the keys of the appeals whose term runs, so that "overdue" and
  "at most N working days left" are a range of it;
- `counts`: a Length per state; `tallies`: per category and per official, a
  Tally of appeals, answers, answers on time, ratings, and the working days
  to answer as a histogram (the median is read from it).

Every change of an appeal goes through `reindex`: what the appeal added
last time (`appeal.desk_entry`) is taken away, what it adds now is added.
Counters are Length objects and sets are TreeSets: concurrent changes of
different appeals merge by conflict resolution instead of retrying."""

from BTrees.Length import Length
from BTrees.LLBTree import LLTreeSet, intersection, multiunion
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from .models import CLOSED, OUTCOMES, RUNNING

SPAN = 10**9  # appeal numbers stay below it
FAR = 3652059  # date.max's ordinal: an appeal without a term comes last
ANSWERED_STATES = (*OUTCOMES, CLOSED)


def sort_key(appeal):
    day = appeal.due.toordinal() if appeal.due is not None else FAR
    return day * SPAN + int(appeal.name)


def number_of(key):
    return str(key % SPAN)


def day_bound(day):
    """The largest key of a term ending on `day`."""
    return day.toordinal() * SPAN + SPAN - 1


def entry_of(appeal, calendar):
    """What the appeal adds to its organisation's desk, as a tuple."""
    if appeal.organisation is None:
        return None
    answered = None
    answer = appeal.answer
    if answer is not None and appeal.state in ANSWERED_STATES:
        days = None
        if appeal.registered is not None:
            days = calendar.working_days_between(appeal.registered.date(), answer["when"].date())
        rating = appeal.rating
        answered = (
            bool(answer["on_time"]),
            days,
            rating is not None,
            bool(rating and rating["resolved"]),
        )
    running = appeal.state in RUNNING and appeal.due is not None
    return (
        appeal.organisation,
        sort_key(appeal),
        appeal.state,
        appeal.category,
        appeal.kato,
        running,
        appeal.assignee or "",
        answered,
    )


def _counter(mapping, key):
    counter = mapping.get(key)
    if counter is None:
        counter = mapping[key] = Length()
    return counter


def _keys(mapping, key):
    keys = mapping.get(key)
    if keys is None:
        keys = mapping[key] = LLTreeSet()
    return keys


class Tally(Persistent):
    """A dashboard row: appeals, answered, on time, rated, rated resolved,
    and how many answers took each number of working days."""

    def __init__(self):
        self.total = Length()
        self.answered = Length()
        self.on_time = Length()
        self.rated = Length()
        self.resolved = Length()
        self.days = OOBTree()  # working days to answer -> Length

    def change(self, answered, sign):
        self.total.change(sign)
        if answered is None:
            return
        on_time, days, rated, resolved = answered
        self.answered.change(sign)
        self.on_time.change(sign * on_time)
        self.rated.change(sign * rated)
        self.resolved.change(sign * resolved)
        if days is not None:
            _counter(self.days, days).change(sign)

    def median_days(self):
        counted = [(days, count()) for days, count in self.days.items() if count()]
        held = sum(count for _days, count in counted)
        if not held:
            return None
        middle = []
        seen = 0
        for days, count in counted:
            # The values at positions (held - 1) // 2 and held // 2.
            for position in ((held - 1) // 2, held // 2):
                if seen <= position < seen + count:
                    middle.append(days)
            seen += count
        return middle[0] if held % 2 else (middle[0] + middle[1]) / 2

    def row(self):
        answered, rated = self.answered(), self.rated()
        return {
            "total": self.total(),
            "answered": answered,
            "on_time": self.on_time(),
            "rated": rated,
            "resolved": self.resolved(),
            "median_days": self.median_days(),
            "on_time_rate": _percent(self.on_time(), answered),
            "satisfaction": _percent(self.resolved(), rated),
        }


def _percent(part, whole):
    return None if not whole else round(100 * part / whole)


class Desk(Persistent):
    """One organisation's appeals, arranged for its queue and dashboard."""

    def __init__(self):
        self.order = LLTreeSet()
        self.total = Length()
        self.by_state = OOBTree()  # state -> LLTreeSet of keys
        self.by_category = OOBTree()  # category code -> LLTreeSet of keys
        self.by_kato = OOBTree()  # KATO -> LLTreeSet of keys
        self.running = LLTreeSet()
        self.counts = OOBTree()  # state -> Length
        self.tallies = OOBTree()  # ("category", code) or ("official", userid or "") -> Tally

    def change(self, entry, sign):
        _organisation, key, state, category, kato, running, official, answered = entry
        adding = sign > 0
        sets = [
            self.order,
            _keys(self.by_state, state),
            _keys(self.by_category, category),
            _keys(self.by_kato, kato),
        ]
        if running:
            sets.append(self.running)
        for keys in sets:
            if adding:
                keys.add(key)
            else:
                keys.remove(key)
        self.total.change(sign)
        _counter(self.counts, state).change(sign)
        for group in (("category", category), ("official", official)):
            tally = self.tallies.get(group)
            if tally is None:
                tally = self.tallies[group] = Tally()
            tally.change(answered, sign)

    def count(self, state):
        counter = self.counts.get(state)
        return counter() if counter is not None else 0

    def among(self, mapping, chosen):
        """The keys under every code of `mapping` for which `chosen(code)`."""
        sets = [keys for code, keys in mapping.items() if chosen(code)]
        if len(sets) == 1:
            return sets[0]
        return multiunion(sets)

    def select(self, sets, bound=None):
        """(how many, the keys in order) of the appeals in all `sets` (all
        held when none), with keys up to `bound` when given."""
        if not sets:
            found, total = self.order, self.total()
        else:
            found, total = sets[0], None
            for other in sets[1:]:
                found = intersection(found, other)
        if bound is not None:
            found = found.keys(max=bound)
            total = None
        if total is None:
            total = len(found)
        return total, found


def reindex(appeals, appeal, calendar):
    """Bring the appeal's organisation's desk (and the desk it left) in
    step with the appeal."""
    entry = entry_of(appeal, calendar)
    previous = getattr(appeal, "desk_entry", None)
    if entry == previous:
        return
    desks = appeals.desks
    if previous is not None:
        desks[previous[0]].change(previous, -1)
    if entry is not None:
        desk = desks.get(entry[0])
        if desk is None:
            desk = desks[entry[0]] = Desk()
        desk.change(entry, 1)
    appeal.desk_entry = entry
