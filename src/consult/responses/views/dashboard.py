"""The queue of comments waiting for an answer, the dashboard of counts and
deadlines, and the consultation's answer deadline."""

import math
from types import SimpleNamespace
from urllib.parse import urlencode

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...clock import IClock
from ...consultations.models import Consultation
from ...consultations.targets import target_label
from ...feedback.comments import STANCES
from ...feedback.schemas import STANCE_CHOICES
from ...forms import make_form, validate
from ...i18n import _
from ...i18n.names import language_name
from ...layout import flash
from ..events import AnswerDeadlineSet
from ..interfaces import ResponseError
from ..queue import QUEUE_PAGE_SIZE, QUEUE_STATUSES
from ..schemas import DeadlineSchema
from ..services import LANGUAGE_LABELS
from .common import (
    TEMPLATES,
    _row_label,
    _service,
    _stable,
)

# -- the queue and the dashboard ----------------------------------------------------------


def _choice(request, name, allowed):
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def _queue_languages(service, consultation):
    """The language filter's choices: Kazakh, Russian and English, then the
    other languages of the comments due an answer by their own names
    ("Deutsch", "中文"), as the search page names them."""
    others = service.queue_languages(consultation) - set(LANGUAGE_LABELS)
    named = [(code, language_name(code)) for code in LANGUAGE_LABELS]
    return named + sorted(((code, language_name(code)) for code in others), key=lambda c: c[1])


def _page_number(request):
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _queue_query(filters, page):
    query = {name: value for name, value in filters.items() if value}
    if page > 1:
        query["page"] = page
    return query


def _queue_url(request, filters, page):
    """The queue with the same filters (those set) on another page."""
    return request.resource_url(request.context, "answer-queue", query=_queue_query(filters, page))


def _pages(request, filters, page, total):
    """The page numbers and the previous and next pages' URLs (or None)."""
    pages = max(1, math.ceil(total / QUEUE_PAGE_SIZE))
    page = min(page, pages)
    return SimpleNamespace(
        number=page,
        count=pages,
        previous_url=_queue_url(request, filters, page - 1) if page > 1 else None,
        next_url=_queue_url(request, filters, page + 1) if page < pages else None,
    )


@view_config(
    context=Consultation,
    name="answer-queue",
    permission="answer",
    request_method="GET",
    renderer=TEMPLATES + "queue.pt",
)
def answer_queue(request):
    """The comments due an answer, a page at a time; the filters are kept in
    every link to another page."""
    consultation = request.context
    service = _service(request)
    now = request.find_service(IClock).now()
    rows = service.rows(consultation)
    keys = [row.key for row in rows]
    languages = _queue_languages(service, consultation)
    filters = {
        "key": _choice(request, "key", keys),
        "stance": _choice(request, "stance", STANCES),
        "language": _choice(request, "language", [code for code, _name in languages]),
        "status": _choice(request, "status", QUEUE_STATUSES) or "unanswered",
    }
    wanted = _page_number(request)
    found = service.queue(
        consultation,
        now,
        key=filters["key"] or None,
        stance=filters["stance"] or None,
        language=filters["language"] or None,
        status=filters["status"],
        start=(wanted - 1) * QUEUE_PAGE_SIZE,
        size=QUEUE_PAGE_SIZE,
    )
    pages = _pages(request, filters, wanted, found.total)
    if pages.number != wanted:
        # Past the last page (its comments were answered meanwhile): the last one.
        return HTTPSeeOther(_queue_url(request, filters, pages.number))
    # An answer given from this page comes back to it (common.queue_url).
    back = urlencode(_queue_query(filters, pages.number))
    items = found.items
    entries = request.comment_entries(item.comment for item in items)
    for item, entry in zip(items, entries, strict=True):
        item.entry = entry
        item.label = target_label(request, consultation, item.comment.target)
        item.place_url = request.comment_place_url(item.comment)
        item.answer_url = request.resource_url(item.comment, "answer", query={"back": back})
    return {
        "consultation_title": request.layout.localized(consultation.title),
        "items": items,
        "total": found.total,
        "first": found.start + 1,
        "last": found.start + len(items),
        "pages": pages,
        "can_group": any(item.response is None for item in items),
        "rows": [
            SimpleNamespace(key=row.key, label=_row_label(request, consultation, row))
            for row in rows
        ],
        "filters": filters,
        "back": back,
        "stances": STANCE_CHOICES,
        "languages": languages,
        "statuses": [
            ("unanswered", _("Unanswered")),
            ("answered", _("Answered")),
            ("all", _("All")),
        ],
        "dashboard_url": request.resource_url(consultation, "answers"),
    }


def _deadline_form(request, consultation):
    return _stable(
        make_form(
            request,
            DeadlineSchema(),
            [deform.Button(name="save", title=_("Save the deadline"))],
            action=request.resource_url(consultation, "answer-deadline"),
            formid="deadline-form",
            focus="off",
        )
    )


@view_config(
    context=Consultation,
    name="answers",
    permission="answer",
    request_method="GET",
    renderer=TEMPLATES + "answers.pt",
)
def answers(request):
    """Counts answered / unanswered / overdue per article and in total."""
    consultation = request.context
    service = _service(request)
    now = request.find_service(IClock).now()
    summary = service.summary(consultation, now)
    labels = {row.key: _row_label(request, consultation, row) for row in service.rows(consultation)}
    for row in summary["rows"]:
        row["label"] = labels[row["key"]]
        row["queue_url"] = request.resource_url(
            consultation, "answer-queue", query={"key": row["key"]}
        )
        row["answer_all_url"] = (
            request.resource_url(consultation, "answer-article", query={"key": row["key"]})
            if row["unanswered"]
            else None
        )
    can_edit = bool(request.has_permission("edit", consultation))
    return {
        "consultation_title": request.layout.localized(consultation.title),
        "summary": summary,
        "stages": [
            SimpleNamespace(
                kind=kind,
                closes_at=consultation.stages[kind].closes_at,
                deadline=service.deadline(
                    consultation, "question:" if kind == "green" else "article:"
                ),
            )
            for kind in ("green", "white")
        ],
        "now": now,
        "deadline_form": (
            _deadline_form(request, consultation).render({"days": str(summary["answer_days"])})
            if can_edit
            else None
        ),
        "queue_url": request.resource_url(consultation, "answer-queue"),
    }


@view_config(
    context=Consultation,
    name="answer-deadline",
    permission="edit",
    renderer="consult:templates/consultations/form.pt",
    require_csrf=False,
)
def answer_deadline(request):
    consultation = request.context
    form = _deadline_form(request, consultation)
    values = {
        "title": _("Deadline for answers"),
        "error": None,
        "intro": _("Comments are answered within this many days after their stage closes."),
        "back": (request.resource_url(consultation, "answers"), _("Answers")),
    }
    if request.method == "POST":
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        try:
            days = _service(request).set_deadline(consultation, appstruct["days"])
        except ResponseError as error:
            return dict(values, form=form.render(appstruct), error=error.message)
        request.registry.notify(AnswerDeadlineSet(request, consultation, days))
        flash(
            request,
            _(
                "Comments are now answered within ${days} days after their stage closes.",
                mapping={"days": days},
            ),
        )
        return HTTPSeeOther(request.resource_url(consultation, "answers"))
    days = getattr(consultation, "answer_days", None)
    return dict(values, form=form.render({"days": str(days)}))
