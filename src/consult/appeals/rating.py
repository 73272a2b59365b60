"""The one-click rating in the answer's mail: two signed links, "Resolved"
and "Not resolved", that work without signing in (the author reads mail on
a phone where they are not signed in).

A link is `<choice>.<answer number>.<signature>`, the signature a keyed
hash under the site's hash secret (consult.hashing) over the appeal, its
author, the choice and which answer it rates, as the notifications'
unsubscribe links are (notifications.tokens): it cannot be altered to
rate another appeal, for another person or the other way. The answer
number counts the answers the appeal has had, so the links of an answer
the organisation's head replaced after a "not resolved" no longer work.

Holding one of the two links proves the mail reached its reader, so the
page they open offers the other choice too (with its own link). Opening
a link records nothing (mail scanners open links); the page's button
posts the rating through IAppealService.rate."""

import hmac

from ..hashing import HashKeys
from ..i18n import _
from .interfaces import AppealError
from .models import OUTCOMES

PURPOSE = "consult.appeals.rating"
RESOLVED, NOT_RESOLVED = "resolved", "not-resolved"
CHOICES = (RESOLVED, NOT_RESOLVED)
SIGNATURE_LENGTH = 32


class RatingLinkError(AppealError):
    """A link that is not one the site sent, or one of an earlier answer."""


def answer_number(appeal):
    """How many answers the appeal has had (0 before the first)."""
    return sum(1 for change in appeal.history if change.state in OUTCOMES)


def _signed(appeal, choice, number):
    return appeal.name, f"{appeal.author}:{choice}:{number}"


def make_token(keys: HashKeys, appeal, choice):
    """The link's token rating the appeal's latest answer as `choice`."""
    number = answer_number(appeal)
    signature = keys.hash(PURPOSE, *_signed(appeal, choice, number))
    return f"{choice}.{number}.{signature[:SIGNATURE_LENGTH]}"


def read_token(keys: HashKeys, appeal, token):
    """The choice of a token made for this appeal's latest answer; raises
    RatingLinkError for one altered on the way or made for another answer."""
    parts = (token or "").split(".")
    if len(parts) != 3 or parts[0] not in CHOICES or not parts[1].isdigit():
        raise RatingLinkError(_not_valid())
    choice, number, signature = parts
    if not any(
        hmac.compare_digest(signature, candidate[:SIGNATURE_LENGTH])
        for candidate in keys.candidates(PURPOSE, *_signed(appeal, choice, number))
    ):
        raise RatingLinkError(_not_valid())
    if int(number) != answer_number(appeal):
        raise RatingLinkError(
            _(
                "This link rates an earlier answer to the appeal: use the links in "
                "the mail of its latest answer."
            )
        )
    return choice


def _not_valid():
    return _("This link is not valid: it may have been cut or changed on the way.")


def rateable(appeal):
    """Refuse (AppealError) while there is no answer to rate, or once the
    latest one was rated."""
    if appeal.rating is not None:
        raise AppealError(_("The answer was rated already: thank you."))
    if appeal.state not in OUTCOMES:
        raise AppealError(_("There is no answer to rate now."))


def both_tokens(keys: HashKeys, appeal):
    """{choice: token} of the latest answer, for the page's two options."""
    return {choice: make_token(keys, appeal, choice) for choice in CHOICES}
