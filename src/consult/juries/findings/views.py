"""The jury's findings: the organisers submit them (a preview of what will be
frozen, then a confirmation), everyone reads them with the ministry's answer
beside each recommendation, the consultation's staff answer each one, and
a staff list shows the recommendations still waiting for an answer."""

import colander
import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ...forms import CSRFSchema, make_form, submitted, validate
from ...i18n import LANGUAGE_NAMES, LANGUAGES, _
from ...layout import flash
from ...responses.schemas import CHOICE_WIDGET
from ..events import FindingsSubmitted, RecommendationAnswered
from ..models import Juries, Jury
from ..views.common import TEMPLATES, deadline_day, now, summary
from ..workspace.models import VOTES
from .interfaces import FindingsError, IFindingsService
from .recommendations import find_recommendation, snapshot
from .services import ANSWER_LABELS, role_label

VOTE_LABELS = {"support": _("Support"), "oppose": _("Oppose"), "abstain": _("Abstain")}
LANGUAGE_CHOICES = tuple((code, LANGUAGE_NAMES[code]) for code in LANGUAGES)


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _text(title, description=None, rows=6):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        description=description,
        missing="",
        preparer=_stripped,
        widget=deform.widget.TextAreaWidget(rows=rows),
    )


def _language():
    return colander.SchemaNode(
        colander.String(),
        title=_("Language of the text"),
        missing="",
        widget=deform.widget.SelectWidget(values=(("", _("Choose…")),) + LANGUAGE_CHOICES),
    )


class SubmitFindingsSchema(CSRFSchema):
    summary = _text(
        _("Summary of the findings"),
        _(
            "What the panel concludes, in a few paragraphs. Published with the "
            "recommendations below."
        ),
        rows=8,
    )
    language = _language()


class AnswerRecommendationSchema(CSRFSchema):
    recommendation = colander.SchemaNode(
        colander.String(), widget=deform.widget.HiddenWidget(), missing=""
    )
    disposition = colander.SchemaNode(
        colander.String(),
        title=_("Decision"),
        missing="",
        widget=deform.widget.RadioChoiceWidget(
            values=tuple(ANSWER_LABELS.items()), category="structural", template=CHOICE_WIDGET
        ),
    )
    reason = _text(
        _("Reason for the decision"),
        _(
            "In the recommendation's language, or add a translation into it. Shown "
            "with your role and the date, never your name."
        ),
    )
    language = _language()
    translation = _text(
        _("Translation into the recommendation's language"),
        _("Only if you wrote the reason in another language."),
        rows=4,
    )


class ReviseRecommendationSchema(AnswerRecommendationSchema):
    why = _text(
        _("Why the answer changes"),
        _("Shown with the earlier answer in the answer's history."),
        rows=3,
    )


def _service(request):
    return request.find_service(IFindingsService)


def _stable(form):
    for field in form.children:
        field.oid = f"{form.formid}-{field.name}"
    return form


def _consultation(request, jury):
    return request.root["consultations"].get(jury.consultation)


def can_answer(request, jury):
    consultation = _consultation(request, jury)
    return consultation is not None and bool(request.has_permission("answer", consultation))


def recommendation_rows(request, rows):
    """The snapshot's rows with the labels a page shows."""
    shown = []
    for row in rows:
        votes = [
            {
                "key": vote,
                "label": VOTE_LABELS[vote],
                "count": row["votes"].get(vote, 0),
                "share": request.layout.percent(row["shares"].get(vote, 0)),
            }
            for vote in VOTES
        ]
        shown.append(dict(row, vote_rows=votes))
    return shown


def _answer_view(request, answer):
    if answer is None:
        return None
    return {
        "disposition": answer.disposition,
        "label": ANSWER_LABELS[answer.disposition],
        "reason": answer.reason,
        "language": answer.language,
        "translation": [
            {"language": lang, "text": text} for lang, text in (answer.translation or {}).items()
        ],
        "role": role_label(answer.official_role),
        "when": request.layout.local_time(answer.when),
        "revision_reason": answer.revision_reason,
    }


def findings_values(request, jury):
    """What the public findings page (and the jury page's section) shows."""
    findings = jury.findings
    items = _service(request).status(jury, now(request))
    answerable = can_answer(request, jury)
    recommendations = []
    for item, row in zip(items, recommendation_rows(request, [i.row for i in items]), strict=True):
        recommendations.append(
            dict(
                row,
                answer=_answer_view(request, item.answer),
                history=[_answer_view(request, a) for a in reversed(item.history)],
                overdue=item.overdue,
                days_left=item.days_left,
                answer_url=(
                    request.resource_url(
                        jury, "answer-recommendation", query={"recommendation": row["id"]}
                    )
                    if answerable
                    else None
                ),
            )
        )
    return {
        "findings": findings,
        "submitted": request.layout.local_time(findings.submitted),
        "recommendations": recommendations,
        "deadline": deadline_day(request, jury),
        "answered": sum(1 for r in recommendations if r["answer"]),
        "due_url": (
            request.resource_url(request.root["juries"], "answers-due") if answerable else None
        ),
    }


@view_config(context=Jury, name="findings", renderer=TEMPLATES + "findings.pt", permission="view")
def findings_page(request):
    jury = request.context
    if jury.findings is None:
        raise HTTPNotFound()
    values = summary(request, jury)
    values.update(findings_values(request, jury))
    values["title"] = _("Findings of the citizens' jury")
    return values


@view_config(
    context=Jury,
    name="submit-findings",
    renderer=TEMPLATES + "findings_submit.pt",
    permission="manage_jury",
    require_csrf=False,
)
def submit_findings(request):
    jury = request.context
    service = _service(request)
    form = _stable(
        make_form(
            request,
            SubmitFindingsSchema(),
            [deform.Button(name="submit", title=_("Submit the findings"))],
            formid="findings-form",
        )
    )
    values = {
        "title": _("Submit the findings"),
        "jury": jury,
        "error": None,
        "form": "",
        "remit": request.layout.localized(jury.remit),
        "recommendations": recommendation_rows(request, snapshot(jury)),
        "panel": len(jury.panel()),
        "findings_url": request.resource_url(jury, "findings"),
    }
    try:
        service.check_submittable(jury)
    except FindingsError as error:
        if jury.findings is not None:
            return HTTPSeeOther(request.resource_url(jury, "findings"))
        request.response.status = 409 if request.method == "POST" else 200
        return dict(values, error=error.message)
    if submitted(request, "submit"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            request.response.status = 400
            return dict(values, form=rendered)
        try:
            service.submit(jury, appstruct["summary"], appstruct["language"], request.identity)
        except FindingsError as error:
            request.response.status = 400
            return dict(values, form=form.render(appstruct), error=error.message)
        request.registry.notify(FindingsSubmitted(request, jury))
        flash(request, _("The findings are submitted and public. The workspace is now read-only."))
        return HTTPSeeOther(request.resource_url(jury, "findings"))
    return dict(values, form=form.render({"language": request.layout.language}))


@view_config(
    context=Jury,
    name="answer-recommendation",
    renderer=TEMPLATES + "findings_answer.pt",
    permission="view",
    require_csrf=False,
)
def answer_recommendation(request):
    """The consultation's staff answer one recommendation, or revise the answer."""
    jury = request.context
    if not can_answer(request, jury):
        raise HTTPForbidden()
    if jury.findings is None:
        raise HTTPNotFound()
    recommendation_id = request.params.get("recommendation", "")
    row = next((r for r in jury.findings.recommendations if r["id"] == recommendation_id), None)
    recommendation = find_recommendation(jury, recommendation_id)
    if row is None or recommendation is None:
        raise HTTPNotFound()
    revising = recommendation.answer is not None
    schema = ReviseRecommendationSchema() if revising else AnswerRecommendationSchema()
    button = _("Publish the revised answer") if revising else _("Publish the answer")
    form = _stable(
        make_form(
            request, schema, [deform.Button(name="answer", title=button)], formid="answer-form"
        )
    )
    values = {
        "title": _("Revise the answer") if revising else _("Answer a recommendation"),
        "jury": jury,
        "error": None,
        "remit": request.layout.localized(jury.remit),
        "row": recommendation_rows(request, [row])[0],
        "current": _answer_view(request, recommendation.answer),
        "deadline": deadline_day(request, jury),
        "back_url": request.resource_url(jury, "findings"),
    }
    if submitted(request, "answer"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            request.response.status = 400
            return dict(values, form=rendered)
        try:
            _service(request).answer(
                jury,
                recommendation_id,
                appstruct["disposition"],
                appstruct["reason"],
                appstruct["language"] or None,
                request.identity,
                _consultation(request, jury),
                translation=appstruct["translation"],
                revision_reason=appstruct.get("why"),
            )
        except FindingsError as error:
            request.response.status = 400
            return dict(values, form=form.render(appstruct), error=error.message)
        request.registry.notify(
            RecommendationAnswered(
                request,
                jury,
                recommendation_id,
                appstruct["disposition"],
                appstruct.get("why") or "",
            )
        )
        flash(
            request,
            _("The answer is published beside the recommendation; the jurors are notified."),
        )
        return HTTPSeeOther(
            request.resource_url(jury, "findings", anchor=f"recommendation-{row['number']}")
        )
    defaults = {"recommendation": recommendation_id, "language": row["language"]}
    if revising:
        answer = recommendation.answer
        defaults.update(
            disposition=answer.disposition,
            reason=answer.reason,
            language=answer.language,
            translation=next(iter((answer.translation or {}).values()), ""),
        )
    return dict(values, form=form.render(defaults))


@view_config(
    context=Juries, name="answers-due", renderer=TEMPLATES + "findings_due.pt", permission="view"
)
def answers_due(request):
    """The recommendations waiting for the ministry's answer, in the juries
    whose consultation the reader answers for; nearest deadline first."""
    juries = [
        jury
        for jury in request.context.values()
        if jury.findings is not None and can_answer(request, jury)
    ]
    if request.identity is None or not (juries or request.layout.can("answer", request.root)):
        raise HTTPForbidden()
    rows = []
    for jury, item in _service(request).unanswered(juries, now(request)):
        rows.append(
            {
                "jury_url": request.resource_url(jury, "findings"),
                "remit": request.layout.localized(jury.remit),
                "number": item.row["number"],
                "title": item.row["title"],
                "language": item.row["language"],
                "deadline": deadline_day(request, jury),
                "days_left": item.days_left,
                "overdue": item.overdue,
                "answer_url": request.resource_url(
                    jury, "answer-recommendation", query={"recommendation": item.row["id"]}
                ),
            }
        )
    return {"title": _("Jury recommendations waiting for an answer"), "rows": rows}
