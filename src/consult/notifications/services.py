"""NotificationService: record what happened for a person, mail it as they
chose, and what they follow. The digests are sent by `digests.py` (a part
of the service), the stages of followed consultations found by
`stages.py`."""

from translationstring import TranslationString
from zope.interface import implementer

from ..clock import IClock
from ..hashing import hash_keys_from
from ..i18n import _, localizer_for, translate_deep
from ..mail import IMailService
from ..settings import settings_of
from ..urls import public_url
from .digests import Digests
from .interfaces import INotificationService, NotificationError
from .kinds import DIGESTS, FREQUENCIES, IMMEDIATE, KINDS, OFF
from .models import Followed, Notification
from .tokens import make_token, read_token

FOOT = _(
    "You receive this e-mail because of your account on this site.\n"
    "Choose what we send you: ${settings}\n"
    "Stop e-mails of this kind: ${unsubscribe}"
)


def with_name(message, name):
    """`message` with ${name} filled (the recipient's first name)."""
    if not isinstance(message, TranslationString):
        return message
    return TranslationString(message, mapping={**(message.mapping or {}), "name": name})


@implementer(INotificationService)
class NotificationService(Digests):
    def __init__(self, root, clock, mail, keys, registry, url):
        self.root = root
        self.clock = clock
        self.mail = mail
        self.keys = keys
        self.registry = registry
        self.url = url  # url(*elements, query=...) under the site's public address

    @property
    def container(self):
        return self.root.notifications

    def _inbox(self, userid, create=False):
        container = self.container
        return container.inbox(userid, create) if container is not None else None

    # -- recording and mailing --------------------------------------------------
    def notify(self, userid, kind, subject, body, url, consultation=None, mail=True):
        if kind not in KINDS:
            raise ValueError(f"no notification kind {kind!r}")
        principal = self.root["principals"].get(userid) if userid else None
        if principal is None or self.container is None:
            return None
        inbox = self._inbox(userid, create=True)
        about = None
        if consultation is not None:
            about = ("/".join(self._path(consultation)), dict(consultation.title))
        notification = Notification(kind, self.clock.now(), subject, body, url, about)
        key = inbox.add(notification)
        frequency = inbox.frequency(kind)
        if not mail or frequency == OFF:
            return notification
        if frequency == IMMEDIATE:
            self._mail_now(principal, notification, kind)
        else:
            inbox.pending[frequency].insert(key)
        return notification

    @staticmethod
    def _path(resource):
        names = []
        while resource is not None and getattr(resource, "__parent__", None) is not None:
            names.append(resource.__name__)
            resource = resource.__parent__
        return ["", *reversed(names)]

    def unsubscribe_headers(self, userid, kind):
        """The RFC 8058 headers of a mail of `kind` to `userid`."""
        return {
            "List-Unsubscribe": f"<{self.unsubscribe_url(userid, kind)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    def foot(self, localizer, userid, kind):
        return localizer.translate(
            TranslationString(
                FOOT,
                mapping={
                    "settings": self.url("notification-settings"),
                    "unsubscribe": self.unsubscribe_url(userid, kind),
                },
            )
        )

    def _mail_now(self, principal, notification, kind):
        language = self.language_of(principal.id)
        localizer = localizer_for(self.registry, language)
        body = translate_deep(
            localizer, with_name(notification.body_message(), principal.first_name)
        )
        text = body + "\n\n" + self.foot(localizer, principal.id, kind)
        self.mail.send(
            principal.email,
            notification.subject_message(),
            text,
            language,
            headers=self.unsubscribe_headers(principal.id, kind),
        )

    def language_of(self, userid):
        """The language of the person's mail (their account's, else the site's default)."""
        principal = self.root["principals"].get(userid) if userid else None
        language = getattr(principal, "language", None)
        return language or self.registry.settings.get("pyramid.default_locale_name", "ru")

    # -- the centre ------------------------------------------------------------
    def unread(self, userid):
        inbox = self._inbox(userid)
        return inbox.unread() if inbox is not None else 0

    def page(self, userid, start=0, size=20):
        inbox = self._inbox(userid)
        if inbox is None:
            return 0, []
        return inbox.count(), inbox.newest(max(start, 0), size)

    def mark_read(self, userid, key):
        inbox = self._inbox(userid)
        return inbox.mark_read(key) if inbox is not None else None

    def mark_all_read(self, userid):
        inbox = self._inbox(userid)
        return inbox.mark_all_read() if inbox is not None else 0

    # -- choices ------------------------------------------------------------------
    def frequencies(self, userid):
        inbox = self._inbox(userid)
        return (
            inbox.frequencies() if inbox is not None else {k: v.default for k, v in KINDS.items()}
        )

    def follows_when_commenting(self, userid):
        inbox = self._inbox(userid)
        return inbox.follow_when_commenting if inbox is not None else True

    def choose(self, userid, frequencies, follow_when_commenting=True):
        for kind, frequency in frequencies.items():
            if kind not in KINDS or frequency not in FREQUENCIES:
                raise NotificationError(_("This choice does not exist."))
        inbox = self._inbox(userid, create=True)
        inbox.choose(frequencies)
        inbox.follow_when_commenting = bool(follow_when_commenting)
        # What waits for a digest the person no longer wants goes with it.
        for frequency in DIGESTS:
            for key in list(inbox.pending[frequency]):
                notification = inbox.items.get(key)
                if notification is None or inbox.frequency(notification.kind) != frequency:
                    inbox.pending[frequency].remove(key)

    def unsubscribe_url(self, userid, kind):
        return self.url("unsubscribe", query={"token": make_token(self.keys, userid, kind)})

    def unsubscribe_target(self, token):
        found = read_token(self.keys, token)
        if found is None or (found[1] not in KINDS and found[1] not in DIGESTS):
            raise NotificationError(
                _("This link is not valid: it may have been cut or changed on the way.")
            )
        userid, kind = found
        if self.root["principals"].get(userid) is None:
            raise NotificationError(_("This link belongs to an account that no longer exists."))
        return userid, kind

    def unsubscribe(self, token):
        userid, kind = self.unsubscribe_target(token)
        chosen = self.frequencies(userid)
        if kind in DIGESTS:
            chosen = {name: OFF if value == kind else value for name, value in chosen.items()}
        else:
            chosen[kind] = OFF
        self.choose(userid, chosen, self.follows_when_commenting(userid))
        return userid, kind

    # -- following ----------------------------------------------------------------
    def follow(self, userid, thing, label, url):
        thing = tuple(thing)
        inbox = self._inbox(userid, create=True)
        if thing not in inbox.following:
            inbox.following[thing] = Followed(label, url, self.clock.now())
            self.container.followers.add(thing, userid)

    def unfollow(self, userid, thing):
        thing = tuple(thing)
        inbox = self._inbox(userid)
        if inbox is None or thing not in inbox.following:
            return False
        del inbox.following[thing]
        self.container.followers.remove(thing, userid)
        return True

    def following(self, userid):
        inbox = self._inbox(userid)
        if inbox is None:
            return []
        return sorted(inbox.following.items(), key=lambda item: item[1].since)

    def follows(self, userid, thing):
        inbox = self._inbox(userid)
        return inbox is not None and tuple(thing) in inbox.following

    def followers(self, thing):
        container = self.container
        return container.followers.of(tuple(thing)) if container is not None else ()


def notification_service_factory(context, request):
    return NotificationService(
        request.root,
        request.find_service(IClock),
        request.find_service(IMailService),
        hash_keys_from(settings_of(request)),
        request.registry,
        lambda *elements, **kw: public_url(request, request.root, *elements, **kw),
    )
