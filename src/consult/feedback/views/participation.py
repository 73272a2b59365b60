"""What every confirmed participant may do with others' comments: support
(and withdraw the support), report."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from ...forms import make_form, validate
from ...i18n import _
from ...layout import flash
from ...limits import RateLimited, json_error, too_many, wants_json
from ...limits import check as check_limit
from ...limits import record as record_limit
from ..comments import Comment
from ..display.paging import place_url
from ..events import ParticipationRecorded
from ..interfaces import FeedbackError, IFeedbackService
from ..schemas import reason_schema
from .helpers import FORM, form_page


@view_config(context=Comment, name="support", permission="support", request_method="POST")
def support(request):
    """A one-button form: Pyramid's own CSRF check applies."""
    comment = request.context
    try:
        check_limit(request, "support")
        request.find_service(IFeedbackService).support(comment, request.identity)
    except FeedbackError as error:
        flash(request, error.message)
    except RateLimited as error:
        if wants_json(request):
            return json_error(request, error)
        too_many(request, error)
        return render_to_response(
            FORM,
            form_page(request, comment, _("Support a comment"), error=error.message),
            request=request,
            response=request.response,
        )
    else:
        record_limit(request, "support")
        request.registry.notify(ParticipationRecorded(request, "support", comment))
        flash(request, _("Thank you: your support is counted."))
    return HTTPSeeOther(place_url(request, comment))


@view_config(context=Comment, name="withdraw-support", permission="support", request_method="POST")
def withdraw_support(request):
    """The button on the activity page (Pyramid's own CSRF check applies)."""
    try:
        request.find_service(IFeedbackService).withdraw_support(request.context, request.identity)
    except FeedbackError as error:
        flash(request, error.message)
    else:
        flash(request, _("Your support is withdrawn."))
    return HTTPSeeOther(request.resource_url(request.root, "my-activity", anchor="supports"))


@view_config(context=Comment, name="report", permission="report", renderer=FORM, require_csrf=False)
def report(request):
    comment = request.context
    consultation = comment.__parent__.__parent__
    schema = reason_schema(
        _("Why should a moderator look at this comment?"),
        _(
            "For example: insults or threats, someone's personal data, advertising. "
            "Disagreement is not a reason: reply instead."
        ),
    )
    form = make_form(request, schema, [deform.Button(name="report", title=_("Send report"))])
    values = form_page(request, comment, _("Report a comment"))
    if request.method == "POST":
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered, error=None)
        try:
            check_limit(request, "report")
            request.find_service(IFeedbackService).report(
                consultation, comment, request.identity, appstruct["reason"]
            )
        except FeedbackError as error:
            return dict(values, form=form.render(appstruct), error=error.message)
        except RateLimited as error:
            if wants_json(request):
                return json_error(request, error)
            too_many(request, error)
            return dict(values, form=form.render(appstruct), error=error.message)
        record_limit(request, "report")
        request.registry.notify(ParticipationRecorded(request, "report", comment))
        flash(request, _("Thank you: a moderator will review this comment."))
        return HTTPSeeOther(place_url(request, comment))
    return dict(values, form=form.render())
