"""Outgoing mail, sent only after the transaction commits.

A retried or failed request aborts its transaction, so its mail is never sent
twice or at all. In development `mail.debug_directory` makes every message a
file (pyramid_mailer's DebugMailer); otherwise the `mail.*` SMTP settings apply."""

import logging
import os

from pyramid_mailer.mailer import DebugMailer, Mailer
from pyramid_mailer.message import Message
from zope.interface import Interface, implementer

log = logging.getLogger(__name__)


class IMailService(Interface):
    def send(to, subject, body):
        """Queue a message for delivery once the request's transaction
        commits; an aborted (or retried) attempt sends nothing. A failure to
        deliver is logged, never raised.

        :param str to: the recipient's address.
        :param subject: translatable; translated into the request's language.
        :param body: translatable, likewise; the signature is added.
        :returns: None.
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

    def send(self, to, subject, body):
        translate = self.request.localizer.translate
        message = Message(
            subject=translate(subject),
            sender=self.sender,
            recipients=[to],
            body=translate(body) + "\n\n-- \nconsult\n",
        )
        self.request.tm.get().addAfterCommitHook(_deliver, args=(self.mailer, message))


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
