"""The outcome report's figures on the ministry's answers: dispositions with
their reasons, and timeliness.

Answers count for published comments only. A comment is due an answer when
it is a published top-level comment or a reply addressed to the ministry (as
the response register defines it); it was answered on time when its *first*
answer came by the deadline (its stage's closing time plus the consultation's
answer days), late when after it. A later revision does not make an answer
late. Officials appear by role only."""

from ..responses.models import DEFAULT_ANSWER_DAYS, DISPOSITIONS
from .dates import iso
from .participation import COUNTED_STATES

TIMELINESS = ("due", "on_time", "late", "unanswered", "overdue")


def dispositions(places, comments_by_place, register):
    totals = dict.fromkeys(DISPOSITIONS, 0)
    rows = []
    for place in places:
        counts = dict.fromkeys(DISPOSITIONS, 0)
        reasons = {}
        for comment in comments_by_place[place["place"]]:
            response = register.get(comment.id)
            if response is None or comment.state not in COUNTED_STATES:
                continue
            counts[response.disposition] += 1
            totals[response.disposition] += 1
            key = (response.disposition, response.text, response.translation)
            reason = reasons.get(key)
            if reason is None:
                reason = reasons[key] = {
                    "disposition": response.disposition,
                    "reason": response.text,
                    "reason_language": response.language,
                    "translation": response.translation,
                    "role": response.role,
                    "answered_at": iso(response.answered_at),
                    "revised": False,
                    "comments": [],
                }
            reason["comments"].append(comment.id)
            reason["revised"] = reason["revised"] or response.revised
        rows.append(
            {
                "place": place["place"],
                "answers": sum(counts.values()),
                "counts": counts,
                "reasons": list(reasons.values()),
            }
        )
    return {"totals": totals, "by_place": rows}


def timeliness(consultation, places, comments_by_place, register, service, now):
    total = dict.fromkeys(TIMELINESS, 0)
    rows = []
    for place in places:
        counts = dict.fromkeys(TIMELINESS, 0)
        for comment in comments_by_place[place["place"]]:
            if comment.state not in COUNTED_STATES or (
                comment.parent_id is not None and not comment.to_ministry
            ):
                continue
            counts["due"] += 1
            deadline = service.deadline(consultation, comment.target)
            response = register.get(comment.id)
            if response is None:
                counts["unanswered"] += 1
                if deadline is not None and now > deadline:
                    counts["overdue"] += 1
            elif deadline is None or response.created <= deadline:
                counts["on_time"] += 1
            else:
                counts["late"] += 1
        for name, value in counts.items():
            total[name] += value
        rows.append(dict(counts, place=place["place"]))
    deadlines = {
        stage: iso(service.deadline(consultation, target))
        for stage, target in (("green", "question:"), ("white", "article:"))
    }
    return {
        "answer_days": getattr(consultation, "answer_days", DEFAULT_ANSWER_DAYS),
        "deadlines": deadlines,
        "total": total,
        "by_place": rows,
    }
