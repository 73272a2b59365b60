"""The kinds of notification a person may choose how to receive, and how
each kind is received until they choose: at once for what answers them
(an answer, a moderator's decision about their comment or their report,
their jury), in the daily digest for the rest."""

from dataclasses import dataclass

from ..i18n import _

IMMEDIATE, DAILY, WEEKLY, OFF = "immediate", "daily", "weekly", "off"
FREQUENCIES = (IMMEDIATE, DAILY, WEEKLY, OFF)
DIGESTS = (DAILY, WEEKLY)
FREQUENCY_LABELS = {
    IMMEDIATE: _("At once"),
    DAILY: _("In a daily digest"),
    WEEKLY: _("In a weekly digest"),
    OFF: _("No e-mail"),
}


@dataclass(frozen=True)
class Kind:
    label: object
    default: str


KINDS = {
    "answer": Kind(_("The ministry answers my comment"), IMMEDIATE),
    "reply": Kind(_("Someone replies to my comment"), DAILY),
    "moderation": Kind(
        _("A moderator hides or shows again my comment, or decides my appeal"), IMMEDIATE
    ),
    "report": Kind(_("The outcome of my report of a comment"), IMMEDIATE),
    "draft": Kind(_("A new version of a draft I commented on"), DAILY),
    "stage": Kind(_("A stage of a consultation I follow opens or closes"), DAILY),
    "outcome": Kind(_("The outcome report of a consultation I took part in"), DAILY),
    "followed": Kind(_("News of what I follow"), DAILY),
    "jury": Kind(_("News of a citizens' jury I applied to or sit on"), IMMEDIATE),
    "petition": Kind(_("The answer to a petition I signed and asked news of"), IMMEDIATE),
    "appeal": Kind(_("News of my appeals to state bodies"), IMMEDIATE),
}


def defaults():
    return {name: kind.default for name, kind in KINDS.items()}
