"""What the notifications keep: each person's inbox (their notifications,
an unread counter, their choices, the digests sent), in one container on
the root (`root.notifications`, evolution step 20; not traversable).

A notification's words are kept as a message id and its mapping
(`frozen`), not as text: each reader and each mail translates them into
its own language when it shows them. They never hold a TranslationString
pickle, so the database does not depend on that class's layout.

The header shows the unread count of the signed-in person on every page:
it reads the person's inbox and its `Length`, never the notifications."""

import random

from BTrees.Length import Length
from BTrees.LLBTree import LLTreeSet
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from translationstring import TranslationString

from .kinds import DIGESTS, KINDS, defaults


def frozen(message):
    """A TranslationString (or text) as plain data to store."""
    if not isinstance(message, TranslationString):
        return str(message)
    mapping = {key: frozen(value) for key, value in (message.mapping or {}).items()}
    return ("ts", str.__str__(message), message.domain, message.default, mapping)


def thawed(value):
    """The TranslationString (or text) `frozen` stored."""
    if not isinstance(value, tuple):
        return value
    _mark, msgid, domain, default, mapping = value
    return TranslationString(
        msgid,
        domain=domain,
        default=default,
        mapping={key: thawed(item) for key, item in mapping.items()},
    )


class Notification(Persistent):
    """`consultation`: (path, {language: title}) of the consultation it is
    about, or None; digests group by it."""

    read = False

    def __init__(self, kind, created, subject, body, url, consultation=None):
        self.kind = kind
        self.created = created
        self.subject = frozen(subject)
        self.body = frozen(body)
        self.url = url
        self.consultation = consultation

    def subject_message(self):
        return thawed(self.subject)

    def body_message(self):
        return thawed(self.body)


class DigestRecord(Persistent):
    """A digest of one period for one person: `keys` of the notifications
    it holds; `state` "claimed" while it is being sent, "sent" after."""

    def __init__(self, keys, claimed_at):
        self.keys = tuple(keys)
        self.claimed_at = claimed_at
        self.state = "claimed"
        self.sent_at = None


class Inbox(Persistent):
    """One person's notifications (time key -> Notification), newest last."""

    follow_when_commenting = True

    def __init__(self, userid):
        self.userid = userid
        self.items = LOBTree()
        self.count = Length()
        self.unread = Length()
        self.choices = {}  # kind -> frequency, where the person chose
        self.pending = {frequency: LLTreeSet() for frequency in DIGESTS}
        self.digests = OOBTree()  # period ("daily:2026-12-07") -> DigestRecord
        self.following = OOBTree()  # (what, key) -> Followed

    def frequency(self, kind):
        return self.choices.get(kind) or KINDS[kind].default

    def frequencies(self):
        return dict(defaults(), **self.choices)

    def choose(self, frequencies):
        self.choices = {kind: value for kind, value in frequencies.items() if kind in KINDS}

    def add(self, notification):
        micros = int(notification.created.timestamp() * 1_000_000)
        key = micros * 1000 + random.randrange(1000)
        while key in self.items:
            key += 1
        self.items[key] = notification
        self.count.change(1)
        self.unread.change(1)
        return key

    def newest(self, start, size):
        """`size` notifications from the `start`-th newest: [(key, notification)]."""
        keys = self.items.keys()
        total = self.count()
        positions = range(total - 1 - start, max(total - 1 - start - size, -1), -1)
        return [(keys[i], self.items[keys[i]]) for i in positions]

    def mark_read(self, key):
        notification = self.items.get(key)
        if notification is not None and not notification.read:
            notification.read = True
            self.unread.change(-1)
        return notification

    def mark_all_read(self):
        if not self.unread():
            return 0
        marked = 0
        for notification in self.items.values():
            if not notification.read:
                notification.read = True
                marked += 1
        self.unread.set(0)
        return marked


class Followers(Persistent):
    """Who follows what: (what, key) -> OOTreeSet of userids."""

    def __init__(self):
        self.by_thing = OOBTree()

    def add(self, thing, userid):
        followers = self.by_thing.get(thing)
        if followers is None:
            followers = self.by_thing[thing] = OOTreeSet()
        followers.insert(userid)

    def remove(self, thing, userid):
        followers = self.by_thing.get(thing)
        if followers is not None and userid in followers:
            followers.remove(userid)

    def of(self, thing):
        return tuple(self.by_thing.get(thing, ()))


class Notifications(Persistent):
    """The root's container: inboxes by userid, who follows what, and the
    stage openings and closings already announced ((path, stage, edge, iso
    instant))."""

    def __init__(self):
        self.inboxes = OOBTree()
        self.followers = Followers()
        self.announced = OOTreeSet()

    def inbox(self, userid, create=False):
        inbox = self.inboxes.get(userid)
        if inbox is None and create:
            inbox = self.inboxes[userid] = Inbox(userid)
        return inbox


class Followed(Persistent):
    """What the person's list shows of a thing they follow."""

    def __init__(self, label, url, since):
        self.label = frozen(label) if not isinstance(label, dict) else dict(label)
        self.url = url
        self.since = since

    def label_for(self, language):
        """Its name in `language` (a dict of titles) or as a translatable."""
        if isinstance(self.label, dict):
            return self.label
        return thawed(self.label)
