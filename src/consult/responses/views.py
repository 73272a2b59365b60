"""Staff pages of the response register: answer one comment, a ticked group
or a whole article; revise an answer with a reason; the queue of comments
waiting for an answer; the dashboard of counts and deadlines."""

from types import SimpleNamespace

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..clock import IClock
from ..consultations.models import Consultation
from ..consultations.targets import target_label
from ..feedback.models import STANCES, Comment
from ..feedback.schemas import STANCE_CHOICES
from ..forms import make_form, validate
from ..i18n import LANGUAGE_NAMES, _
from ..layout import flash
from .events import AnswerDeadlineSet, AnswerPublished, AnswerRevised
from .interfaces import IResponseService, ResponseError
from .schemas import AnswerSchema, DeadlineSchema, ReviseSchema
from .services import LANGUAGE_LABELS, QUEUE_STATUSES, register_of

TEMPLATES = "consult:templates/responses/"
FORM = TEMPLATES + "form.pt"


def _service(request):
    return request.find_service(IResponseService)


def _stable(form):
    for field in form.children:
        field.oid = f"{form.formid}-{field.name}"
    return form


def _answer_form(request, schema, formid, button):
    return _stable(
        make_form(
            request,
            schema,
            [deform.Button(name="answer", title=button)],
            formid=formid,
            bind={"min_length": _service(request).min_length},
        )
    )


def _row_label(request, consultation, row):
    if row.kind == "question":
        return request.layout.localized(row.question.text).text
    if row.kind == "article":
        return _("Article ${number}", mapping={"number": row.number})
    return _("Parts of the draft removed since")


def _entries(request, comments):
    return request.comment_entries(comments)


def _page(request, consultation, title, comments, **values):
    page = {
        "title": title,
        "consultation_title": request.layout.localized(consultation.title),
        "entries": _entries(request, comments),
        "intro": None,
        "error": None,
        "form": "",
        "history": None,
        "back_url": request.resource_url(consultation, "answer-queue"),
    }
    page.update(values)
    return page


def _answer(request, consultation, comments, form, values, call):
    """The POST half shared by the answer pages: validate, call the service,
    or show the form again with the official's text and the refusal."""
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    try:
        responses = call(appstruct)
    except ResponseError as error:
        return dict(values, form=form.render(appstruct), error=error.message)
    store = consultation.comments
    for response in responses:
        request.registry.notify(AnswerPublished(request, store.get(response.comment_id), response))
    if len(responses) == 1:
        flash(request, _("The answer is published and its author is notified."))
    else:
        flash(
            request,
            _(
                "${count} comments are answered and their authors notified.",
                mapping={"count": len(responses)},
            ),
        )
    return HTTPSeeOther(request.resource_url(consultation, "answer-queue"))


# -- one comment -----------------------------------------------------------------


@view_config(context=Comment, name="answer", permission="answer", renderer=FORM, require_csrf=False)
def answer_one(request):
    comment = request.context
    consultation = comment.__parent__.__parent__
    form = _answer_form(request, AnswerSchema(), "answer-form", _("Publish the answer"))
    label = target_label(request, consultation, comment.target)
    values = _page(
        request,
        consultation,
        _("Answer a comment"),
        [comment],
        about=label,
        about_url=request.comment_place_url(comment),
    )
    if request.method == "POST":
        return _answer(
            request,
            consultation,
            [comment],
            form,
            values,
            lambda a: _service(request).answer(
                consultation,
                [comment],
                request.identity,
                a["disposition"],
                a["reason"],
                a["translation"],
            ),
        )
    response = register_of(consultation).get(comment.id)
    if response is not None:
        return dict(
            values,
            error=_("This comment is answered already; you may revise the answer."),
            revise_url=request.resource_url(comment, "revise-answer"),
        )
    if not comment.visible:
        return dict(values, error=_("Only published comments are answered."))
    return dict(values, form=form.render())


@view_config(
    context=Comment, name="revise-answer", permission="answer", renderer=FORM, require_csrf=False
)
def revise(request):
    comment = request.context
    consultation = comment.__parent__.__parent__
    form = _answer_form(request, ReviseSchema(), "revise-form", _("Publish the revised answer"))
    label = target_label(request, consultation, comment.target)
    values = _page(
        request,
        consultation,
        _("Revise an answer"),
        [comment],
        about=label,
        about_url=request.comment_place_url(comment),
    )
    response = register_of(consultation).get(comment.id)
    if request.method == "POST":
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        try:
            revised = _service(request).revise(
                consultation,
                comment,
                request.identity,
                appstruct["disposition"],
                appstruct["reason"],
                appstruct["why"],
                appstruct["translation"],
            )
        except ResponseError as error:
            return dict(values, form=form.render(appstruct), error=error.message)
        request.registry.notify(AnswerRevised(request, comment, revised, appstruct["why"]))
        flash(request, _("The revised answer is published; the earlier one stays in its history."))
        return HTTPSeeOther(request.comment_place_url(comment))
    if response is None:
        return dict(values, error=_("This comment has no answer to revise yet."))
    return dict(
        values,
        form=form.render(
            {
                "disposition": response.disposition,
                "reason": response.text,
                "translation": response.translation or "",
            }
        ),
    )


# -- a group, an article ---------------------------------------------------------------


def _ids(values):
    ids = []
    for value in values:
        for part in str(value).split():
            try:
                ids.append(int(part))
            except ValueError:
                continue
    return ids


def _campaign_ids(consultation, name):
    """The published, unanswered comments of a campaign (a group answer can
    target a whole cluster of near-identical comments)."""
    index = getattr(consultation, "campaigns", None)
    try:
        cluster = index[name] if index is not None else None
    except KeyError:
        cluster = None
    if cluster is None:
        return []
    register = register_of(consultation)
    return [cid for cid in cluster.published.values() if cid not in register]


@view_config(
    context=Consultation,
    name="answer-group",
    permission="answer",
    renderer=FORM,
    require_csrf=False,
)
def answer_group(request):
    """The comments ticked in the queue, answered with one reasoned answer."""
    consultation = request.context
    store = consultation.comments
    if request.method == "POST":
        ids = _ids([request.POST.get("comments", "")])
    elif request.GET.get("campaign"):
        ids = _campaign_ids(consultation, request.GET["campaign"])
    else:
        ids = _ids(request.GET.getall("comment"))
    comments = [c for c in (store.get(i) for i in ids) if c is not None]
    form = _answer_form(request, AnswerSchema(), "group-form", _("Publish the answer to all"))
    values = _page(
        request,
        consultation,
        _("Answer ${count} comments at once", mapping={"count": len(comments)}),
        comments,
        about=None,
        about_url=None,
        intro=_(
            "One reasoned answer for identical or near-identical comments. Each author is notified."
        ),
    )
    if request.method == "POST":
        return _answer(
            request,
            consultation,
            comments,
            form,
            values,
            lambda a: _service(request).answer(
                consultation,
                comments,
                request.identity,
                a["disposition"],
                a["reason"],
                a["translation"],
            ),
        )
    if not comments:
        return dict(values, error=_("Tick at least one comment to answer."))
    return dict(values, form=form.render({"comments": " ".join(str(c.id) for c in comments)}))


@view_config(
    context=Consultation,
    name="answer-article",
    permission="answer",
    renderer=FORM,
    require_csrf=False,
)
def answer_article(request):
    """Every unanswered comment on one article (or question) at once."""
    consultation = request.context
    service = _service(request)
    # The form carries the article's key in its `comments` field.
    key = request.params.get("comments") or request.params.get("key", "")
    try:
        row = service.row(consultation, key)
    except ResponseError as error:
        return _page(
            request,
            consultation,
            _("Answer a whole article"),
            [],
            error=error.message,
            about=None,
            about_url=None,
        )
    comments = service.unanswered(consultation, key)
    label = _row_label(request, consultation, row)
    form = _answer_form(request, AnswerSchema(), "article-form", _("Publish the answer to all"))
    values = _page(
        request,
        consultation,
        _(
            "Answer every unanswered comment: ${place}",
            mapping={"place": request.localizer.translate(label)},
        ),
        comments,
        about=None,
        about_url=None,
        intro=_(
            "${count} comments wait for an answer here; one reasoned answer goes to each of them.",
            mapping={"count": len(comments)},
        ),
    )
    if request.method == "POST":
        return _answer(
            request,
            consultation,
            comments,
            form,
            values,
            lambda a: service.answer_article(
                consultation, key, request.identity, a["disposition"], a["reason"], a["translation"]
            ),
        )
    if not comments:
        return dict(values, error=_("Every comment here is answered already."))
    return dict(values, form=form.render({"comments": key}))


# -- the queue and the dashboard ----------------------------------------------------------


def _choice(request, name, allowed):
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@view_config(
    context=Consultation,
    name="answer-queue",
    permission="answer",
    request_method="GET",
    renderer=TEMPLATES + "queue.pt",
)
def answer_queue(request):
    consultation = request.context
    service = _service(request)
    now = request.find_service(IClock).now()
    rows = service.rows(consultation)
    keys = [row.key for row in rows]
    key = _choice(request, "key", keys) or None
    stance = _choice(request, "stance", STANCES) or None
    language = _choice(request, "language", tuple(LANGUAGE_LABELS)) or None
    status = _choice(request, "status", QUEUE_STATUSES) or "unanswered"
    items, more = service.queue(
        consultation, now, key=key, stance=stance, language=language, status=status
    )
    entries = request.comment_entries(item.comment for item in items)
    for item, entry in zip(items, entries, strict=True):
        item.entry = entry
        item.label = target_label(request, consultation, item.comment.target)
        item.place_url = request.comment_place_url(item.comment)
        item.answer_url = request.resource_url(item.comment, "answer")
    return {
        "consultation_title": request.layout.localized(consultation.title),
        "items": items,
        "more": more,
        "rows": [
            SimpleNamespace(key=row.key, label=_row_label(request, consultation, row))
            for row in rows
        ],
        "filters": {
            "key": key or "",
            "stance": stance or "",
            "language": language or "",
            "status": status,
        },
        "stances": STANCE_CHOICES,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGE_LABELS],
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
