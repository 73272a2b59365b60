"""What the staff pages of the response register share: the service, the
answer forms, the page around them and the publishing of answers."""

from urllib.parse import parse_qsl

import deform
from pyramid.httpexceptions import HTTPSeeOther

from ...forms import make_form, validate
from ...i18n import _
from ...layout import flash
from ..events import AnswerPublished
from ..interfaces import IResponseService, ResponseError

TEMPLATES = "consult:templates/responses/"
FORM = TEMPLATES + "form.pt"
# What the queue's address may carry: its filters and its page.
QUEUE_PARAMETERS = ("key", "stance", "language", "status", "page")


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
        text = request.layout.localized(row.question.text).text
        return _("Question ${number}: ${text}", mapping={"number": row.number, "text": text})
    if row.kind == "article":
        return _("Article ${number}", mapping={"number": row.number})
    return _("Parts of the draft removed since")


def queue_url(request, consultation):
    """The queue as the official left it: the filters and page that its
    group form carries in `back` (only those), else its first page."""
    kept = [
        (name, value)
        for name, value in parse_qsl(request.GET.get("back", ""))
        if name in QUEUE_PARAMETERS
    ]
    return request.resource_url(consultation, "answer-queue", query=kept)


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
        "back_url": queue_url(request, consultation),
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
    return HTTPSeeOther(queue_url(request, consultation))
