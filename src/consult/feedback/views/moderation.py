"""Moderators' decisions on a comment: hide, restore, approve or keep it
shown, settle its reports (hide or keep), decide its author's appeal; each
with a reason its author sees. The service records every decision in
`comment.moderation` and announces it (feedback.events). The queues are in
`queue`."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...forms import make_form, validate
from ...i18n import _
from ...i18n.views import safe_return_path
from ...layout import flash
from ..comments import Comment
from ..display.paging import place_url
from ..interfaces import FeedbackError, IFeedbackService
from ..schemas import decision_schema, reason_schema
from .helpers import FORM, form_page, reports

DECISIONS = {
    # name: (service method, page title, button, reason label, suggested reason or
    # None, done message)
    "hide": (
        "hide",
        _("Hide a comment"),
        _("Hide"),
        _("Reason (the author sees it)"),
        None,
        _("The comment is hidden."),
    ),
    "restore": (
        "restore",
        _("Restore a comment"),
        _("Restore"),
        _("Reason (the author sees it)"),
        _("It follows the rules of the discussion."),
        _("The comment is shown again."),
    ),
    "approve": (
        "approve",
        _("Approve a comment"),
        _("Approve"),
        _("Note (the author sees it)"),
        _("It follows the rules of the discussion."),
        _("The comment is published."),
    ),
    # A reported comment the ministry answered is not hidden but sent here.
    "keep": (
        "approve",
        _("Keep a reported comment shown"),
        _("Keep shown"),
        _("Note (the author sees it)"),
        _("It follows the rules of the discussion."),
        _("The comment stays shown; its reports are reviewed."),
    ),
}


RULES_HINT = _("Refer to the rules of the discussion the comment breaks, or say why it may stay.")
# The choices of the two-way decisions: settling reports, deciding an appeal.
CHOICES = {
    "resolve": (
        ("hide", _("Hide the comment (or keep it hidden)")),
        ("keep", _("Keep the comment shown (or show it again)")),
    ),
    "decide-appeal": (
        ("restore", _("Grant the appeal: show the comment again")),
        ("uphold", _("Refuse the appeal: the comment stays hidden")),
    ),
}
DECISIONS.update(
    {
        "resolve": (
            "resolve",
            _("Decide on the reports of a comment"),
            _("Decide"),
            _("Reason (the author and the reporters see it)"),
            None,
            _("The reports are decided; the reporters are told."),
        ),
        "decide-appeal": (
            "decide_appeal",
            _("Decide an appeal"),
            _("Decide"),
            _("Reason (the author sees it)"),
            None,
            _("The appeal is decided; the author is told."),
        ),
    }
)


def _decide(request, name):
    comment = request.context
    consultation = comment.__parent__.__parent__
    method, title, button, label, suggestion, done = DECISIONS[name]
    if name in CHOICES:
        schema = decision_schema(CHOICES[name], label, RULES_HINT)
    else:
        schema = reason_schema(label, RULES_HINT)
    form = make_form(request, schema, [deform.Button(name=name, title=button)])
    values = form_page(request, comment, title, reports=reports(request, comment))
    if comment.appeal is not None:
        values["appeal"] = comment.appeal
    service = request.find_service(IFeedbackService)
    if name == "decide-appeal" and request.method != "POST":
        # (A post is checked for its token first; the service refuses it then.)
        refusal = service.appeal_decision_refusal(comment, request.identity)
        if refusal is not None:
            return dict(values, form="", error=refusal)
    if request.method == "POST":
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered, error=None)
        decision = (appstruct["decision"],) if name in CHOICES else ()
        try:
            getattr(service, method)(
                consultation, comment, request.identity, *decision, appstruct["reason"]
            )
        except FeedbackError as error:
            return dict(values, form=form.render(appstruct), error=error.message)
        flash(request, done)
        came_from = appstruct["came_from"]
        return HTTPSeeOther(
            safe_return_path(request, came_from) if came_from else place_url(request, comment)
        )
    initial = {"came_from": request.params.get("came_from", "")}
    if suggestion is not None:
        initial["reason"] = request.localizer.translate(suggestion)
    return dict(values, form=form.render(initial))


@view_config(context=Comment, name="hide", permission="moderate", renderer=FORM, require_csrf=False)
def hide(request):
    return _decide(request, "hide")


@view_config(
    context=Comment, name="restore", permission="moderate", renderer=FORM, require_csrf=False
)
def restore(request):
    return _decide(request, "restore")


@view_config(
    context=Comment, name="approve", permission="moderate", renderer=FORM, require_csrf=False
)
def approve(request):
    return _decide(request, "approve")


@view_config(context=Comment, name="keep", permission="moderate", renderer=FORM, require_csrf=False)
def keep(request):
    return _decide(request, "keep")


@view_config(
    context=Comment, name="resolve", permission="moderate", renderer=FORM, require_csrf=False
)
def resolve(request):
    return _decide(request, "resolve")


@view_config(
    context=Comment, name="decide-appeal", permission="moderate", renderer=FORM, require_csrf=False
)
def decide_appeal(request):
    return _decide(request, "decide-appeal")
