"""Each person's own comments, supports and reports, site-wide, for their
activity page and their data file.

Comments are kept in per-consultation stores and supports and reports on
each comment: finding one person's meant reading every store (their
comments) or every comment of the site (their supports and reports). The
index holds, for each person who took part, three time-ordered trees of
(consultation slug, comment id), so that a page of their activity loads only
the comments it shows. It lives at `root.people_activity` (made by
evolution step 21, or by the first write to a database without it) and is
written by feedback's own code: the subscriber of CommentPosted (whoever
posted or imported), and the service's support, withdraw_support and report.

One `PersonActivity` per person: only that person's actions write it, so
two people acting at once never conflict on it."""

import itertools

from BTrees.Length import Length
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from ..resources.models import Root

#: The parts of a person's activity, each a time-ordered tree.
KINDS = ("comments", "supports", "reports")


def time_key(when):
    """The key of an action at `when` in a person's trees (microseconds)."""
    return int(when.timestamp() * 1_000_000)


class PersonActivity(Persistent):
    """One person's comments, supports and reports: for each kind a LOBTree
    of time key -> (consultation slug, comment id), newest last, its count
    (a Length), and where each comment sits in it ((slug, id) -> key), so
    that a withdrawn support is found without a search."""

    def __init__(self):
        for kind in KINDS:
            setattr(self, kind, LOBTree())
            setattr(self, f"{kind}_count", Length())
            setattr(self, f"{kind}_keys", OOBTree())

    def add(self, kind, key, slug, comment_id):
        """Record `kind` on the comment at `key` (a time key); a second
        record of the same comment changes nothing. Two actions of one
        microsecond take the next free key."""
        entry = (slug, comment_id)
        keys = getattr(self, f"{kind}_keys")
        if entry in keys:
            return
        tree = getattr(self, kind)
        while key in tree:
            key += 1
        tree[key] = entry
        keys[entry] = key
        getattr(self, f"{kind}_count").change(1)

    def remove(self, kind, slug, comment_id):
        """Forget `kind` on the comment; whether it was recorded."""
        key = getattr(self, f"{kind}_keys").pop((slug, comment_id), None)
        if key is None:
            return False
        getattr(self, kind).pop(key, None)
        getattr(self, f"{kind}_count").change(-1)
        return True

    def holds(self, kind, slug, comment_id):
        return (slug, comment_id) in getattr(self, f"{kind}_keys")

    def count(self, kind):
        return getattr(self, f"{kind}_count")()

    def page(self, kind, start=0, size=20):
        """(slug, comment id) of `kind`, newest first, from `start`: (entries,
        whether more follow). Reads only the keys of the page."""
        tree = getattr(self, kind)
        entries = list(itertools.islice(reversed(tree.values()), start, start + size + 1))
        return entries[:size], len(entries) > size


class PeopleActivity(Persistent):
    """userid -> PersonActivity, created with the person's first action."""

    def __init__(self):
        self.people = OOBTree()

    def of(self, userid, create=False):
        """The activity of `userid`, or None (or a new one with `create`)."""
        person = self.people.get(userid)
        if person is None and create:
            person = self.people[userid] = PersonActivity()
        return person


def people_activity(root, create=False):
    """The site's index of people's activity, or None before it exists
    (made here with `create`: a database evolution step 21 did not reach)."""
    index = getattr(root, "people_activity", None)
    if index is None and create:
        index = root.people_activity = PeopleActivity()
    return index


def person_activity(root, userid, create=False):
    """The activity of `userid` on the site of `root`, or None."""
    index = people_activity(root, create)
    return index.of(userid, create) if index is not None else None


#: How the synthetic authors of imported comments begin: no account, no page.
IMPORTED = "import:"


def has_account(userid):
    return not userid.startswith(IMPORTED)


def _site_of(consultation):
    """The Root above `consultation`, or None when it is in no site (a
    consultation a unit test built alone): then nobody's activity is kept."""
    node = consultation
    while getattr(node, "__parent__", None) is not None:
        node = node.__parent__
    return node if isinstance(node, Root) else None


def record(comment, kind, userid, when):
    """`userid` did `kind` on `comment` (in a consultation's store) at `when`."""
    if not has_account(userid):
        return
    consultation = comment.__parent__.__parent__
    root = _site_of(consultation)
    if root is not None:
        person = person_activity(root, userid, create=True)
        person.add(kind, time_key(when), consultation.slug, comment.id)


def forget(comment, kind, userid):
    """`userid`'s `kind` on `comment` no longer stands; whether it was recorded."""
    consultation = comment.__parent__.__parent__
    root = _site_of(consultation)
    person = person_activity(root, userid) if root is not None else None
    return person is not None and person.remove(kind, consultation.slug, comment.id)


def comments_of(root, entries):
    """The comments of (slug, id) entries, in order; those gone are left out."""
    consultations = root["consultations"]
    found = []
    for slug, comment_id in entries:
        consultation = consultations.get(slug)
        comment = consultation.comments.get(comment_id) if consultation is not None else None
        if comment is not None:
            found.append(comment)
    return found
