"""How promptly an organisation answered, for its page (organisations builds
below responses and asks through organisations.interfaces.IAnswerRecord).

Counted from the service's summary, never by loading comments: of the
comments whose deadline has passed, how many have an answer."""

from zope.interface import provider

from ..clock import IClock
from ..organisations.interfaces import IAnswerRecord
from .interfaces import IResponseService


@provider(IAnswerRecord)
def answer_record(request, consultations):
    service = request.find_service(IResponseService)
    now = request.find_service(IClock).now()
    record = {"comments": 0, "answered": 0, "due": 0, "answered_due": 0}
    for consultation in consultations:
        summary = service.summary(consultation, now)
        record["comments"] += summary["total"]["comments"]
        record["answered"] += summary["total"]["answered"]
        for row in summary["rows"]:
            if row["deadline"] is not None and now > row["deadline"]:
                record["due"] += row["comments"]
                record["answered_due"] += row["answered"]
    due = record["due"]
    record["rate"] = round(100 * record["answered_due"] / due) if due else None
    return record
