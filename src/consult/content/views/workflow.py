"""The workflow page of an item: its state, the steps the person may take
(each with a comment, which a reviewer sending an item back must give), its
dates, and its history."""

from pyramid.view import view_config

from ...forms import make_form, submitted, validate
from ...i18n import _
from ..interfaces import ContentError, IContentService
from ..models import ContentItem
from ..schemas import DatesSchema, StepSchema
from ..workflow import STATE_TITLES, STEPS, steps_from
from .common import TEMPLATES, button, done, title_of

STEP_DONE = {
    "submit": _("Submitted for review."),
    "withdraw": _("The submission is withdrawn; the item is private."),
    "publish": _("Published."),
    "send_back": _("Sent back to the editor with your comment."),
    "retract": _("Retracted; the item is private."),
}


def person_name(request, userid):
    person = request.root["principals"].get(userid) if userid else None
    return f"{person.first_name} {person.last_name}" if person else "—"


# Editors and reviewers both come here ("view_staff"); what each may do is
# the steps their permissions allow.
@view_config(
    context=ContentItem,
    name="workflow",
    permission="view_staff",
    renderer=TEMPLATES + "workflow.pt",
    require_csrf=False,
)
def workflow(request):
    item = request.context
    service = request.find_service(IContentService)
    who = request.identity.id

    def permits(permission):
        return bool(request.has_permission(permission, item))

    possible = [step for step in steps_from(item.state) if permits(step.permission)]
    step_form = make_form(
        request,
        StepSchema(),
        [button(step.name, step.title) for step in possible],
        formid="workflow-step",
    )
    dates_form = make_form(
        request, DatesSchema(), [button("dates", _("Save the dates"))], formid="dates"
    )
    error = None
    rendered_step = rendered_dates = None
    if submitted(request, *STEPS):
        data, rendered_step = validate(request, step_form)
        if data is not None:
            step = next(name for name in STEPS if name in request.POST)
            try:
                service.take_step(item, step, who, permits, data["comment"])
                return done(request, STEP_DONE[step], request.resource_url(item, "@@workflow"))
            except ContentError as refusal:
                request.tm.doom()
                error = refusal.message
                rendered_step = step_form.render(data)
    elif submitted(request, "dates") and (permits("edit") or permits("review")):
        data, rendered_dates = validate(request, dates_form)
        if data is not None:
            try:
                service.set_dates(item, data["effective"], data["expires"], who)
                return done(
                    request, _("The dates are saved."), request.resource_url(item, "@@workflow")
                )
            except ContentError as refusal:
                request.tm.doom()
                error = refusal.message
                rendered_dates = dates_form.render(data)
    history = [
        {
            "when": request.layout.local_time(entry.when),
            "who": person_name(request, entry.who),
            "step": STEPS[entry.name].title,
            "after": STATE_TITLES[entry.after],
            "comment": entry.comment,
        }
        for entry in reversed(item.history)
    ]
    return {
        "item": item,
        "title": title_of(request, item),
        "state_title": STATE_TITLES[item.state],
        "error": error,
        "step_form": rendered_step or step_form.render({}),
        "has_steps": bool(possible),
        "may_date": permits("edit") or permits("review"),
        "dates_form": rendered_dates
        or dates_form.render({"effective": item.effective, "expires": item.expires}),
        "history": history,
        "sent_back": next(
            (entry for entry in reversed(item.history) if entry.name == "send_back"), None
        )
        if item.state == "private"
        else None,
    }
