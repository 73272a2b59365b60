"""Draft recommendations: adding, editing with revisions, withdrawing,
voting."""

import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPSeeOther
from pyramid.view import view_config

from ....forms import make_form, submitted, validate
from ....i18n import _
from ....layout import flash
from ...views.common import TEMPLATES
from ..interfaces import WorkspaceError
from ..models import Recommendation, Recommendations
from ..schemas import (
    VOTE_CHOICES,
    EditRecommendationSchema,
    RecommendationSchema,
    VoteSchema,
)
from .common import (
    PERMISSION,
    VOTE_LABELS,
    button,
    jury_of_request,
    page_values,
    public_name,
    recommendation_row,
    refusal,
    service,
)


@view_config(
    context=Recommendations,
    renderer=TEMPLATES + "workspace_recommendations.pt",
    permission=PERMISSION,
    require_csrf=False,
)
def recommendations(request):
    jury = jury_of_request(request)
    values = page_values(request, _("Draft recommendations"))
    form = make_form(
        request,
        RecommendationSchema(),
        [button("add", _("Add the recommendation"))],
        action=request.resource_url(request.context),
        formid="new-recommendation",
    )
    rendered = None
    if submitted(request, "add"):
        appstruct, rendered = validate(request, form)
        if appstruct is not None:
            try:
                recommendation = service(request).add_recommendation(
                    jury, request.identity, appstruct, request.layout.language
                )
            except WorkspaceError as error:
                values["error"] = refusal(request, error)
                rendered = form.render(appstruct)
            else:
                flash(
                    request,
                    _(
                        "Recommendation ${number} is added.",
                        mapping={"number": recommendation.number},
                    ),
                )
                return HTTPSeeOther(request.resource_url(recommendation))
    rows = [recommendation_row(request, r) for r in service(request).recommendations(jury)]
    return dict(
        values, rows=rows, form=rendered or (form.render() if values["can"]("draft") else None)
    )


def _recommendation_values(request, **extra):
    recommendation = request.context
    revisions = [
        {
            "number": index + 1,
            "revision": revision,
            "editor": public_name(request, revision.editor),
            "when": request.layout.local_time(revision.when),
            "when_iso": revision.when.isoformat(),
        }
        for index, revision in enumerate(recommendation.revisions)
    ]
    values = page_values(
        request,
        _(
            "Recommendation ${number}: ${title}",
            mapping={"number": recommendation.number, "title": recommendation.title},
        ),
        recommendation=recommendation,
        row=recommendation_row(request, recommendation),
        revisions=list(reversed(revisions)),
        vote_url=request.resource_url(recommendation, "vote"),
        withdraw_url=request.resource_url(recommendation, "withdraw"),
        edit_url=request.resource_url(recommendation, "edit"),
        choices=VOTE_CHOICES,
        csrf=request.session.get_csrf_token(),
    )
    values.update(extra)
    return values


@view_config(
    context=Recommendation,
    renderer=TEMPLATES + "workspace_recommendation.pt",
    permission=PERMISSION,
)
def recommendation_page(request):
    return _recommendation_values(request)


@view_config(
    context=Recommendation,
    name="vote",
    permission=PERMISSION,
    request_method="POST",
    renderer=TEMPLATES + "workspace_recommendation.pt",
    require_csrf=False,
)
def vote(request):
    recommendation = request.context
    form = make_form(request, VoteSchema(), [], formid="vote")
    try:
        appstruct = form.validate(request.POST.items())
    except deform.ValidationFailure as failure:
        request.response.status = 400
        message = (
            _("This form had expired, so your vote was not recorded. Vote again.")
            if failure.field["csrf_token"].error is not None
            else _("Choose support, oppose or abstain.")
        )
        return _recommendation_values(request, error=message)
    try:
        service(request).vote(
            jury_of_request(request), request.identity, recommendation, appstruct["vote"]
        )
    except WorkspaceError as error:
        return _recommendation_values(request, error=refusal(request, error))
    flash(
        request,
        # The label translated first: a message's mapping is filled in as it is.
        _(
            "Your vote is recorded: ${vote}.",
            mapping={"vote": request.localizer.translate(VOTE_LABELS[appstruct["vote"]])},
        ),
    )
    return HTTPSeeOther(request.resource_url(recommendation, anchor="results"))


@view_config(context=Recommendation, name="withdraw", permission=PERMISSION, request_method="POST")
def withdraw(request):
    recommendation = request.context
    withdrawn = request.POST.get("withdrawn") != "false"
    try:
        service(request).set_withdrawn(
            jury_of_request(request), request.identity, recommendation, withdrawn
        )
    except WorkspaceError as error:
        if error.forbidden:
            raise HTTPForbidden() from None
        flash(request, error.message)
    else:
        flash(
            request,
            _("The recommendation is withdrawn: it is not voted on and not part of the findings.")
            if withdrawn
            else _("The recommendation is restored."),
        )
    return HTTPSeeOther(request.resource_url(recommendation))


@view_config(
    context=Recommendation,
    name="edit",
    renderer=TEMPLATES + "workspace_recommendation_edit.pt",
    permission=PERMISSION,
    require_csrf=False,
)
def edit_recommendation(request):
    recommendation = request.context
    jury = jury_of_request(request)
    if not service(request).allowed(jury, request.identity, "draft"):
        raise HTTPForbidden()
    form = make_form(
        request,
        EditRecommendationSchema(),
        [button("save", _("Save"))],
        action=request.resource_url(recommendation, "edit"),
        formid="edit-recommendation",
    )
    values = page_values(
        request,
        _("Edit recommendation ${number}", mapping={"number": recommendation.number}),
        recommendation=recommendation,
        newer=None,
        back_url=request.resource_url(recommendation),
    )
    if not submitted(request, "save"):
        current = {
            "title": recommendation.title,
            "text": recommendation.text,
            "reasoning": recommendation.reasoning,
            "minority": recommendation.minority,
            "note": "",
            "based_on": len(recommendation.revisions),
        }
        return dict(values, form=form.render(current))
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    try:
        service(request).edit_recommendation(
            jury, request.identity, recommendation, appstruct, appstruct["based_on"]
        )
    except WorkspaceError as error:
        message = refusal(request, error)
        newer = None
        if getattr(error, "latest", None) is not None:
            # The person's text stays; the next save is based on the newest revision.
            appstruct = dict(appstruct, based_on=error.count)
            newer = {
                "revision": error.latest,
                "editor": public_name(request, error.latest.editor),
                "when": request.layout.local_time(error.latest.when),
                "title": recommendation.title,
            }
        return dict(values, form=form.render(appstruct), error=message, newer=newer)
    flash(request, _("Your revision is saved."))
    return HTTPSeeOther(request.resource_url(recommendation))
