"""The author's appeal against a moderator's hiding of their comment (once;
another moderator decides it, in views.moderation)."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...forms import make_form, validate
from ...i18n import _
from ...layout import flash
from ..comments import Comment
from ..display.paging import place_url
from ..interfaces import FeedbackError, IFeedbackService
from ..notices import RULES_PATH
from ..schemas import reason_schema
from .helpers import FORM, form_page


@view_config(
    context=Comment, name="appeal", permission="edit_own", renderer=FORM, require_csrf=False
)
def appeal(request):
    comment = request.context
    consultation = comment.__parent__.__parent__
    service = request.find_service(IFeedbackService)
    values = form_page(
        request,
        comment,
        _("Appeal against hiding your comment"),
        explanation=_(
            "Another moderator than the one who hid it reads your appeal and decides; "
            "you are told by e-mail. A comment can be appealed once."
        ),
        action_link=(_("The rules of the discussion"), request.application_url + RULES_PATH),
    )
    schema = reason_schema(
        _("Why should the comment be shown again?"),
        _("Say which rule you think it follows, and why."),
    )
    form = make_form(request, schema, [deform.Button(name="appeal", title=_("Send the appeal"))])
    if request.method == "POST":
        # The token first: a post without it changes nothing and says so.
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        try:
            service.appeal(consultation, comment, request.identity, appstruct["reason"])
        except FeedbackError as error:
            may_appeal = service.appeal_refusal(comment, request.identity) is None
            return dict(
                values, form=form.render(appstruct) if may_appeal else "", error=error.message
            )
        flash(request, _("Your appeal is sent: another moderator will decide."))
        return HTTPSeeOther(place_url(request, comment))
    refusal = service.appeal_refusal(comment, request.identity)
    if refusal is not None:
        return dict(values, error=refusal)
    return dict(values, form=form.render())
