"""The notifications' service: what happened to a person's comments,
reports, juries and what they follow, on the site (their notification
centre) and by mail as they chose (at once, in a daily or weekly digest,
or not at all)."""

from zope.interface import Interface

from ..refusals import Refusal


class NotificationError(Refusal):
    """A refusal of the notifications (a link that is not valid, a choice
    that does not exist)."""


class INotificationService(Interface):
    def notify(userid, kind, subject, body, url, consultation=None, mail=True):
        """Record a notification of `kind` (notifications.kinds.KINDS) in
        the inbox of `userid`, and mail it now if the person chose "at
        once", or keep it for their digest (after this transaction commits;
        nothing if it aborts).

        :param subject: translatable, the one line the centre and the
            digests show.
        :param body: translatable, the mail's text; its mapping's `name`
            is filled with the recipient's first name.
        :param url: the absolute address of what it is about.
        :param consultation: the consultation it is about (digests group
            by it), or None.
        :param mail: False for what was already mailed another way (a
            jury's invitation): the centre only.
        :returns: the Notification, or None when `userid` has no account.
        """

    def unread(userid):
        """How many of the person's notifications are unread (one counter
        read, for the header of every page)."""

    def page(userid, start=0, size=20):
        """(total, [(key, Notification)]): newest first from `start`."""

    def mark_read(userid, key):
        """Mark one notification read; returns it, or None if unknown."""

    def mark_all_read(userid):
        """Mark every notification read; returns how many were unread."""

    def frequencies(userid):
        """{kind: frequency} as the person chose, defaults elsewhere."""

    def follows_when_commenting(userid):
        """Whether commenting follows the comment's thread (default True)."""

    def choose(userid, frequencies, follow_when_commenting=True):
        """Store the person's choices; raises NotificationError for a kind
        or a frequency that does not exist."""

    def unsubscribe_url(userid, kind):
        """The signed link that stops the mail of `kind` (a kind, or
        "daily"/"weekly" for a digest) with one click."""

    def unsubscribe_target(token):
        """(userid, kind) that the signed `token` names, changing nothing;
        raises NotificationError when it was altered or names nobody."""

    def unsubscribe(token):
        """Turn off what the signed `token` names: (userid, kind); raises
        NotificationError when the token was altered or names nobody."""

    def follow(userid, thing, label, url):
        """Follow `thing` ((what, key): what is "consultation", "article",
        "thread", "ministry" or "tag"); `label` is {language: text} or a
        translatable text shown on the person's list; `url` where it is."""

    def unfollow(userid, thing):
        """Stop following `thing`; returns whether the person followed it."""

    def following(userid):
        """[(thing, Followed)] the person follows, in the order they followed."""

    def follows(userid, thing):
        """Whether the person follows `thing`."""

    def followers(thing):
        """The userids that follow `thing`."""

    def send_digests(transaction_manager, now=None):
        """Send every digest that is due (one per person and period, daily
        and weekly), each person in a transaction of its own, and announce
        the stages of followed consultations that opened or closed. A
        period's digest is never sent twice, even when run twice or after
        a failure of the mail server (what could not be sent waits for the
        next run).

        :returns: {"sent": n, "failed": n, "announced": n}.
        """
