"""The author of an appeal is told at each stage (registered, forwarded,
its term extended, its state changed, answered) in their notification
centre and by mail, as they chose for the kind "appeal" (the answer's
mail with the two signed links that rate it, appeals.rating); the people
who said "this is my problem too" hear of the answer.

Appeals build above the notifications (they read campaigns' word sets),
so the notifications cannot import these events: the reaction lives here
and goes through the notifications' service (notifications.interfaces),
never their models.

Every change of an appeal also records a change-feed entry for its search
document (appeals.search; the search feeder indexes it after the commit,
search.sources naming appeals.search), and is counted in the monthly
tallies of the public ranking (appeals.tally)."""

from ..hashing import hash_keys
from ..i18n import _
from ..notifications.interfaces import INotificationService
from ..responses.services import DISPOSITION_LABELS
from ..urls import public_url
from .events import (
    AppealAnswered,
    AppealEvent,
    AppealExtended,
    AppealForwarded,
    AppealMarkedDuplicate,
    AppealProgressed,
    AppealRegistered,
)
from .models import STATES
from .rating import NOT_RESOLVED, RESOLVED, make_token
from .search import appeal_changed
from .tally import tally

KIND = "appeal"


def _joined_notice(event, link):
    """(subject, body) telling who said "my problem too" of the answer
    (the rating is the author's)."""
    answer = event.appeal.answer
    body = _(
        "Hello ${name},\n\nthe appeal No. ${number} you joined was answered.\n\n"
        "Decision: ${decision}\n\n${reason}\n\n${link}",
        mapping={
            "number": event.appeal.name,
            "decision": DISPOSITION_LABELS[answer["disposition"]],
            "reason": answer["reason"],
            "link": link,
        },
    )
    return _("An appeal you joined was answered"), body


def _rating_link(request, appeal, choice):
    """The mail's signed link that rates the answer without signing in."""
    token = make_token(hash_keys(request), appeal, choice)
    return public_url(request, appeal, "rate-from-mail", query={"token": token})


def _notice(event):
    """(subject, body, link) telling the author what happened."""
    request, appeal = event.request, event.appeal
    link = public_url(request, appeal)
    number = appeal.name
    if isinstance(event, AppealAnswered):
        answer = appeal.answer
        body = _(
            "Hello ${name},\n\nyour appeal No. ${number} was answered.\n\n"
            "Decision: ${decision}\n\n${reason}\n\n"
            "Was your problem resolved? One click tells us:\n"
            "Resolved: ${resolved}\nNot resolved: ${unresolved}\n\nThe appeal: ${link}",
            mapping={
                "number": number,
                "decision": DISPOSITION_LABELS[answer["disposition"]],
                "reason": answer["reason"],
                "resolved": _rating_link(request, appeal, RESOLVED),
                "unresolved": _rating_link(request, appeal, NOT_RESOLVED),
                "link": link,
            },
        )
        return _("Your appeal was answered"), body, link
    if isinstance(event, AppealExtended):
        body = _(
            "Hello ${name},\n\nthe term of your appeal No. ${number} was extended "
            "to ${due}.\n\nThe reasons: ${reason}\n\n${link}",
            mapping={
                "number": number,
                "due": appeal.due.isoformat(),
                "reason": appeal.extension["reason"],
                "link": link,
            },
        )
        return _("The term of your appeal was extended"), body, link
    if isinstance(event, AppealForwarded):
        body = _(
            "Hello ${name},\n\nyour appeal No. ${number} was forwarded to the competent "
            "organisation.\n\nThe reason: ${reason}\n\n${link}",
            mapping={"number": number, "reason": appeal.forwards[-1].reason, "link": link},
        )
        return _("Your appeal was forwarded"), body, link
    if isinstance(event, AppealRegistered):
        body = _(
            "Hello ${name},\n\nyour appeal No. ${number} was registered. The answer is due "
            "by ${due}.\n\n${link}",
            mapping={"number": number, "due": appeal.due.isoformat(), "link": link},
        )
        return _("Your appeal was registered"), body, link
    body = _(
        "Hello ${name},\n\nyour appeal No. ${number} is now: ${state}.\n\n${link}",
        mapping={"number": number, "state": STATES[appeal.state], "link": link},
    )
    return _("News of your appeal"), body, link


def tell_author(event):
    request = event.request
    if request is None:
        return
    subject, body, link = _notice(event)
    service = request.find_service(INotificationService)
    service.notify(event.appeal.author, KIND, subject, body, link)
    if isinstance(event, AppealAnswered):
        subject, body = _joined_notice(event, link)
        for userid in event.appeal.supporters:
            service.notify(userid, KIND, subject, body, link)


def record_appeal(event):
    appeal_changed(event.appeal)


def count_appeal(event):
    appeals = event.appeal.__parent__
    tally(appeals.ranking, appeals, event.appeal)


def includeme(config):
    config.add_subscriber(record_appeal, AppealEvent)
    config.add_subscriber(count_appeal, AppealEvent)
    for event in (
        AppealRegistered,
        AppealForwarded,
        AppealExtended,
        AppealProgressed,
        AppealAnswered,
        AppealMarkedDuplicate,
    ):
        config.add_subscriber(tell_author, event)
