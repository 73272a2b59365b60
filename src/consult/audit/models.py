"""The audit log: an append-only, hash-chained record of what was done to the
public record and to people's access.

Each entry holds who did what, when, to which resource, why, and the SHA-256
of the entry before it; its own hash covers all of that. Changing, removing
or inserting an entry anywhere breaks the chain at that point (`verify`), and
rewriting every later hash to hide it changes the head, which is published
(the transparency page, the outcome reports) and so cannot be changed
unnoticed. Nothing is ever deleted from the log: the class has no method that
removes an entry.

Entries are numbered from 1 in an IOBTree; appending reads the last entry's
hash, so two transactions appending at once write the same key and one of
them is retried (pyramid_retry) on top of the other: the chain stays a chain.
Entries are plain objects stored in the tree's buckets (a few hundred bytes
each), not persistent objects of their own."""

import hashlib
import json

from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.OIBTree import OITreeSet
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.authorization import ALL_PERMISSIONS, DENY_ALL, Allow

GENESIS = "0" * 64


def digest(fields):
    """SHA-256 (hex) of an entry's fields in a canonical JSON form."""
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AuditEntry:
    """One action. Read-only by convention: the log never changes one."""

    def __init__(
        self,
        number,
        when,
        actor,
        actor_name,
        action,
        subject,
        subject_title,
        reason,
        details,
        previous,
    ):
        self.number = number
        self.when = when
        self.actor = actor or ""
        self.actor_name = actor_name or ""
        self.action = action
        self.subject = subject or ""
        self.subject_title = subject_title or ""
        self.reason = reason or ""
        self.details = {str(key): str(value) for key, value in (details or {}).items()}
        self.previous = previous
        self.hash = digest(self.fields())

    def fields(self):
        """What the hash covers: everything but the hash itself."""
        return {
            "number": self.number,
            "when": self.when.isoformat(),
            "actor": self.actor,
            "actor_name": self.actor_name,
            "action": self.action,
            "subject": self.subject,
            "subject_title": self.subject_title,
            "reason": self.reason,
            "details": dict(self.details),
            "previous": self.previous,
        }


class Break:
    """Where the chain stops matching: the entry `number` and what is wrong."""

    def __init__(self, number, problem, entry=None):
        self.number = number
        self.problem = problem
        self.entry = entry

    def __str__(self):
        return f"entry {self.number}: {self.problem}"


class AuditLog(Persistent):
    """The log, at `/audit` for administrators (`__acl__`)."""

    __parent__ = None
    __name__ = None
    __acl__ = [(Allow, "role:administrator", ALL_PERMISSIONS), DENY_ALL]

    def __init__(self):
        self.entries = IOBTree()
        self.count = Length()
        # Indexes for browsing: action / actor / subject path -> entry numbers.
        self.by_action = OOBTree()
        self.by_actor = OOBTree()
        self.by_subject = OOBTree()

    def __getitem__(self, name):
        raise KeyError(name)

    def __len__(self):
        return self.count()

    def last(self):
        return self.entries[self.entries.maxKey()] if self.entries else None

    @property
    def head(self):
        """The hash of the last entry (GENESIS while the log is empty)."""
        last = self.last()
        return last.hash if last is not None else GENESIS

    def append(
        self, when, actor, actor_name, action, subject="", subject_title="", reason="", details=None
    ):
        last = self.last()
        number = last.number + 1 if last is not None else 1
        entry = AuditEntry(
            number,
            when,
            actor,
            actor_name,
            action,
            subject,
            subject_title,
            reason,
            details,
            last.hash if last is not None else GENESIS,
        )
        self.entries[number] = entry
        self.count.change(1)
        for index, key in (
            (self.by_action, entry.action),
            (self.by_actor, entry.actor),
            (self.by_subject, entry.subject),
        ):
            numbers = index.get(key)
            if numbers is None:
                numbers = index[key] = OITreeSet()
            numbers.add(number)
        return entry

    def get(self, number):
        return self.entries.get(number)

    def latest(self, action, subject):
        """The newest entry of `action` on the resource at path `subject`."""
        numbers = set(self.by_action.get(action, ())) & set(self.by_subject.get(subject, ()))
        return self.entries[max(numbers)] if numbers else None

    def verify(self, checkpoints=()):
        """Walk the chain from the first entry: the first Break found, or
        None if every entry matches its hash and its predecessor's, the count
        agrees, and each (number, hash) in `checkpoints` (heads published
        earlier) is still in the chain."""
        previous, expected = GENESIS, 1
        for number, entry in self.entries.items():
            if number != expected:
                return Break(expected, f"is missing (the numbers jump to {number})")
            if getattr(entry, "number", None) != number:
                return Break(number, "carries another number", entry)
            if entry.previous != previous:
                return Break(number, "does not follow the entry before it", entry)
            if digest(entry.fields()) != entry.hash:
                return Break(number, "was changed after it was written", entry)
            previous, expected = entry.hash, number + 1
        if self.count() != expected - 1:
            return Break(expected, f"and later entries are missing: the log counted {self.count()}")
        for number, published in checkpoints:
            entry = self.entries.get(number)
            if entry is None:
                return Break(number, "was published but is no longer in the log")
            if entry.hash != published:
                return Break(
                    number, f"has another hash than the one published ({published})", entry
                )
        return None

    def _subject_numbers(self, subject):
        path = subject.rstrip("/") or "/"
        found = set(self.by_subject.get(path, ()))
        under = path.rstrip("/") + "/"
        for numbers in self.by_subject.values(min=under, max=under + "\U0010ffff"):
            found.update(numbers)
        return found

    def page(self, before=None, size=50, action=None, actor=None, subject=None):
        """Up to `size` entries older than entry `before` (newest first) that
        match every filter given (`subject`: a path and everything under it),
        and the `before` of the next page (None on the last)."""
        newest = self.entries.maxKey() if self.entries else 0
        start = min(newest, before - 1) if before else newest
        sets = []
        if action:
            sets.append(set(self.by_action.get(action, ())))
        if actor:
            sets.append(set(self.by_actor.get(actor, ())))
        if subject:
            sets.append(self._subject_numbers(subject))
        if sets:
            numbers = sorted((n for n in set.intersection(*sets) if n <= start), reverse=True)
        else:
            # Entries are numbered 1..N without gaps: no index is needed.
            numbers = range(start, 0, -1)
        chosen = list(numbers[: size + 1])
        more = chosen[size] + 1 if len(chosen) > size else None
        return [self.entries[n] for n in chosen[:size]], more


def audit_log_of(root):
    """The root's audit log (created by an evolution step)."""
    return root["audit"]
