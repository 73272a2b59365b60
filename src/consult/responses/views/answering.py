"""Answering: one comment, a ticked group or a whole article; revising an
answer with a reason."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...consultations.models import Consultation
from ...consultations.targets import target_label
from ...feedback.comments import Comment
from ...forms import validate
from ...i18n import _
from ...layout import flash
from ..events import AnswerRevised
from ..interfaces import ResponseError
from ..models import register_of
from ..schemas import AnswerSchema, ReviseSchema
from .common import (
    FORM,
    _answer,
    _answer_form,
    _page,
    _row_label,
    _service,
)

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
