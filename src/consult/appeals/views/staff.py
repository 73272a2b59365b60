"""The organisation's work on an appeal (register, change its state,
forward, extend, answer, close as a duplicate, assign, note) and its
queue and dashboard, on the organisation's page."""

import datetime

from pyramid.httpexceptions import HTTPForbidden
from pyramid.view import view_config

from ...i18n import _
from ...organisations.models import Organisation
from ..events import (
    AppealAnswered,
    AppealAssigned,
    AppealExtended,
    AppealForwarded,
    AppealMarkedDuplicate,
    AppealProgressed,
    AppealRedacted,
    AppealRegistered,
)
from ..interfaces import AppealError
from ..models import HANDLING_ROLES, RUNNING, STATES, Appeal
from .common import TEMPLATES, act, category_choices, service_of, territory_choices


def _post(request, name):
    return request.POST.get(name, "")


def _staff_action(name):
    return {
        "context": Appeal,
        "name": name,
        "permission": "handle_appeal",
        "request_method": "POST",
    }


@view_config(**_staff_action("register"))
def register(request):
    appeal = request.context
    userid = request.authenticated_userid
    return act(
        request,
        lambda: service_of(request).register(appeal, userid),
        AppealRegistered,
        _("The appeal is registered: its term runs."),
    )


@view_config(**_staff_action("progress"))
def progress(request):
    appeal = request.context
    userid = request.authenticated_userid
    return act(
        request,
        lambda: service_of(request).progress(
            appeal, userid, _post(request, "state"), _post(request, "note")
        ),
        AppealProgressed,
        _("The state is changed."),
    )


@view_config(**_staff_action("forward"))
def forward(request):
    appeal = request.context
    userid = request.authenticated_userid
    back = request.resource_url(appeal.holder()) if appeal.holder() else None
    reason = _post(request, "reason")
    return act(
        request,
        lambda: service_of(request).forward(appeal, userid, _post(request, "target"), reason),
        lambda request, appeal: AppealForwarded(request, appeal, reason=reason.strip()),
        _("The appeal is forwarded."),
        back=back and back + "appeals",
    )


@view_config(**_staff_action("extend"))
def extend(request):
    appeal = request.context
    userid = request.authenticated_userid
    reason = _post(request, "reason")

    def run():
        try:
            until = datetime.date.fromisoformat(_post(request, "until"))
        except ValueError:
            raise AppealError(_("Give the new date as YYYY-MM-DD.")) from None
        service_of(request).extend(appeal, userid, until, reason)

    return act(
        request,
        run,
        lambda request, appeal: AppealExtended(request, appeal, reason=reason.strip()),
        _("The term is extended; the author is told."),
    )


@view_config(**_staff_action("answer"))
def answer(request):
    appeal = request.context
    userid = request.authenticated_userid
    return act(
        request,
        lambda: service_of(request).answer(
            appeal,
            userid,
            _post(request, "disposition"),
            _post(request, "reason"),
            _post(request, "outcome"),
        ),
        AppealAnswered,
        _("The answer is sent to the author."),
    )


@view_config(**_staff_action("duplicate"))
def duplicate(request):
    appeal = request.context
    userid = request.authenticated_userid
    original = service_of(request).appeals.get(_post(request, "original").strip())
    return act(
        request,
        lambda: service_of(request).mark_duplicate(
            appeal, userid, original, _post(request, "note")
        ),
        AppealMarkedDuplicate,
        _("The appeal is closed as a duplicate."),
    )


@view_config(**_staff_action("assign"))
def assign(request):
    appeal = request.context
    userid = request.authenticated_userid
    return act(
        request,
        lambda: service_of(request).assign(appeal, userid, _post(request, "assignee") or None),
        AppealAssigned,
        _("The appeal is assigned."),
    )


@view_config(**_staff_action("note"))
def note(request):
    appeal = request.context
    userid = request.authenticated_userid
    return act(
        request,
        lambda: service_of(request).add_note(appeal, userid, _post(request, "note")),
        message=_("The note is added; the author does not see it."),
    )


def check_staff(request, organisation):
    roles = organisation.local_roles.get(request.authenticated_userid, ())
    if not set(roles) & set(HANDLING_ROLES):
        raise HTTPForbidden()


def officials_of(request, organisation):
    """[(userid, public name)] of the organisation's officials handling appeals."""
    principals = request.root["principals"]
    found = []
    for userid, roles in organisation.local_roles.items():
        person = principals.get(userid)
        if person is not None and set(roles) & set(HANDLING_ROLES):
            found.append((userid, person.public_name))
    return found


def _number(text, default=None):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


@view_config(
    context=Organisation, name="appeals", permission="view", renderer=TEMPLATES + "queue.pt"
)
def queue(request):
    organisation = request.context
    check_staff(request, organisation)
    service = service_of(request)
    today = service.clock.now().date()
    size = service.settings["consult.appeals.page_size"]
    start = max(0, _number(request.GET.get("start"), 0))
    filters = {
        "state": request.GET.get("state") if request.GET.get("state") in STATES else None,
        "category": request.GET.get("category") or None,
        "kato": request.GET.get("kato") or None,
        "overdue": request.GET.get("overdue") == "1",
        "days_left": _number(request.GET.get("days_left")),
    }
    total, appeals = service.queue(organisation.name, today, start=start, size=size, **filters)
    query = {k: ("1" if v is True else v) for k, v in filters.items() if v not in (None, False)}
    return {
        "organisation": organisation,
        "appeals": appeals,
        "total": total,
        "start": start,
        "size": size,
        "filters": filters,
        "query": query,
        "states": STATES,
        "running": RUNNING,
        "categories": category_choices(request),
        "territories": territory_choices(request),
        "days_left": lambda appeal: service.days_left(appeal, today),
        "today": today,
        "dashboard": service.dashboard(organisation.name, today),
        "officials": officials_of(request, organisation),
    }


@view_config(**_staff_action("redact"))
def redact(request):
    appeal = request.context
    userid = request.authenticated_userid
    return act(
        request,
        lambda: service_of(request).redact(appeal, userid, _post(request, "text")),
        AppealRedacted,
        message=_("The published text is replaced; the original is kept for the record."),
    )
