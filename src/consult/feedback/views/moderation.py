"""Moderators' work: the queue of a consultation's comments, and hide, restore,
approve or keep shown a comment with a reason its author sees. The service
records every decision in `comment.moderation` and announces it (feedback.events)."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...consultations.targets import target_label, target_url
from ...forms import make_form, validate
from ...i18n import _
from ...i18n.views import safe_return_path
from ...layout import flash
from ..comments import Comment
from ..display.entries import Entry
from ..display.paging import place_url
from ..display.viewer import Viewer
from ..interfaces import FeedbackError, IFeedbackService, IModerationSignals
from ..schemas import reason_schema
from ..store import CommentStore
from .helpers import FORM, form_page, reports

RECENT = 20


class _Section:
    def __init__(self, name, title, items):
        self.name, self.title, self.items = name, title, items


class _Item:
    def __init__(self, request, viewer, comment, with_reports=False):
        consultation = viewer.store.__parent__
        self.entry = Entry(viewer, comment)
        self.label = target_label(request, consultation, comment.target)
        self.place_url = target_url(request, consultation, comment.target)
        self.reports = reports(request, comment) if with_reports else []
        self.report_weight = (
            f"{comment.weight_since_review():g}"
            if with_reports and comment.awaiting_review
            else None
        )


@view_config(
    context=CommentStore,
    permission="moderate",
    request_method="GET",
    renderer="consult:templates/feedback/queue.pt",
)
def queue(request):
    """Reported and awaiting review (hidden, or shown because answered),
    pending approval, recently hidden."""
    store = request.context
    consultation = store.__parent__
    viewer = Viewer(request, store, came_from=request.path)
    # Oldest first: the longest-waiting comment is reviewed first.
    awaiting = store.review_queue()
    pending = list(reversed(store.in_state("pending")))
    recent = [c for c in store.in_state("hidden") if not c.awaiting_review][:RECENT]
    # Burst signals with their evidence, at the top (consult.signals).
    dashboard = request.registry.queryUtility(IModerationSignals)
    signals = dashboard(request, consultation) if dashboard is not None else None
    values = {
        "consultation_title": request.layout.localized(consultation.title),
        "sections": [
            _Section(
                "review",
                _("Reported, awaiting review"),
                [_Item(request, viewer, c, with_reports=True) for c in awaiting],
            ),
            _Section(
                "pending", _("Awaiting approval"), [_Item(request, viewer, c) for c in pending]
            ),
            _Section(
                "hidden",
                _("Recently hidden"),
                [_Item(request, viewer, c, with_reports=True) for c in recent],
            ),
        ],
    }
    if signals is not None:
        values["signals"] = signals
    return values


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


def _decide(request, name):
    comment = request.context
    consultation = comment.__parent__.__parent__
    method, title, button, label, suggestion, done = DECISIONS[name]
    schema = reason_schema(
        label, _("Refer to the rules of the discussion the comment breaks, or say why it may stay.")
    )
    form = make_form(request, schema, [deform.Button(name=name, title=button)])
    values = form_page(request, comment, title)
    if request.method == "POST":
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered, error=None)
        service = request.find_service(IFeedbackService)
        try:
            getattr(service, method)(consultation, comment, request.identity, appstruct["reason"])
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
