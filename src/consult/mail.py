"""Outgoing mail, sent only after the transaction commits.

A retried or failed request aborts its transaction, so its mail is never sent
twice or at all. In development `mail.debug_directory` makes every message a
file (pyramid_mailer's DebugMailer); otherwise the `mail.*` SMTP settings apply.

A message is written in its recipient's language (the one stored on their
account, or the one an applicant used), not in the language of whoever's
request sends it: an official browsing in Russian answers a citizen who
reads Kazakh. Under the signature, a line in each of the two other
languages leads to the site in that language, for a reader who cannot read
the message's own."""

import logging
import os

from pyramid_mailer.mailer import DebugMailer, Mailer
from pyramid_mailer.message import Message
from zope.interface import Interface, implementer

from .i18n import LANGUAGES, _, localizer_for, translate_deep
from .urls import public_url

log = logging.getLogger(__name__)


class IMailService(Interface):
    def send(to, subject, body, language=None, headers=None):
        """Queue a message for delivery once the request's transaction
        commits; an aborted (or retried) attempt sends nothing. A failure to
        deliver is logged, never raised.

        :param str to: the recipient's address.
        :param subject: translatable; translated into `language`.
        :param body: translatable, likewise, with the translatable values of
            its mapping; the signature and the links to the site in the
            other two languages are added.
        :param language: the recipient's language, one of
            consult.i18n.LANGUAGES; None (someone whose language is not
            known) or another value: the request's.
        :param headers: {name: value} of extra headers (the one-click
            unsubscribe of RFC 8058: `List-Unsubscribe`,
            `List-Unsubscribe-Post`), or None.
        :returns: None.
        """

    def send_now(to, subject, body, language=None, headers=None):
        """Deliver a message at once, whatever the transaction does, as
        `send` would write it; for a console command that records each
        delivery itself (the notification digests). Nothing is sent to a
        closed account's address.

        :returns: True if it was handed to the mail server, False if not
            sent (a closed account's address).
        :raises: whatever the mailer raises (the server refused or could
            not be reached): the caller decides what is left to do.
        """


def _deliver(committed, mailer, message):
    if not committed:
        return
    try:
        mailer.send_immediately(message)
    except Exception:  # a mail failure must not hide the committed work
        log.exception("could not send mail to %s", message.recipients)


@implementer(IMailService)
class MailService:
    def __init__(self, mailer, sender, request):
        self.mailer = mailer
        self.sender = sender
        self.request = request

    def send(self, to, subject, body, language=None, headers=None):
        message = self._message(to, subject, body, language, headers)
        if message is not None:
            self.request.tm.get().addAfterCommitHook(_deliver, args=(self.mailer, message))

    def send_now(self, to, subject, body, language=None, headers=None):
        message = self._message(to, subject, body, language, headers)
        if message is None:
            return False
        self.mailer.send_immediately(message)
        return True

    def _message(self, to, subject, body, language, headers):
        # RFC 2606 reserves .invalid for names that cannot exist; a closed
        # account's address is one (accounts.lifecycle), and nothing is sent
        # to it, whoever would write to it (an answer, a moderator's decision).
        if to.rstrip(".").lower().endswith(".invalid"):
            return None
        if language not in LANGUAGES:
            language = self.request.locale_name
        localizer = localizer_for(self.request.registry, language)
        return Message(
            subject=translate_deep(localizer, subject),
            sender=self.sender,
            recipients=[to],
            body=translate_deep(localizer, body) + "\n\n-- \nconsult\n" + self._foot(language),
            extra_headers=dict(headers or {}),
        )

    def _foot(self, language):
        """A line in each other language, in that language, to the site in it."""
        registry = self.request.registry
        return "".join(
            localizer_for(registry, other).translate(
                # Each catalog says it in its own language ("Сайт на русском
                # языке: ..." in Russian's): the line is read by those who
                # cannot read the rest.
                _(
                    "This site in English: ${link}",
                    mapping={"link": language_link(self.request, other)},
                )
            )
            + "\n"
            for other in LANGUAGES
            if other != language
        )


def language_link(request, language):
    """The site's home page in `language` (the switcher keeps the choice)."""
    return public_url(request, request.root, "set-language", query={"lang": language})


def make_mailer(settings):
    directory = settings.get("mail.debug_directory")
    if directory:
        # DebugMailer creates its directory without tolerating that it exists:
        # two processes starting at once (several processes on one database)
        # would race, and the loser would not start.
        os.makedirs(directory, exist_ok=True)
        return DebugMailer(directory)
    return Mailer.from_settings(settings, "mail.")


def includeme(config):
    settings = config.get_settings()
    mailer = make_mailer(settings)
    sender = settings.get("mail.default_sender", "consult@localhost")
    config.registry["consult.mailer"] = mailer
    config.register_service_factory(
        lambda context, request: MailService(mailer, sender, request), IMailService
    )
