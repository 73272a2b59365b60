"""The notification centre, the person's choices, the one-click
unsubscribe, and what they follow (forms posting with their CSRF token;
no script needed)."""

import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from pyramid.view import view_config

from ..csrf import signed_instead
from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from ..resources.models import Root
from .interfaces import INotificationService, NotificationError
from .kinds import DAILY, KINDS, WEEKLY
from .schemas import choices_schema

PAGE = 20
DIGEST_LABELS = {DAILY: _("The daily digest"), WEEKLY: _("The weekly digest")}
TEMPLATES = "consult:templates/notifications/"


def _signed_in(request):
    if request.identity is None:
        login = request.resource_url(request.root, "login", query={"came_from": request.path_qs})
        raise HTTPSeeOther(login)
    return request.identity


def _page_number(request):
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


@view_config(
    context=Root, name="notifications", request_method="GET", renderer=TEMPLATES + "centre.pt"
)
def centre(request):
    person = _signed_in(request)
    service = request.find_service(INotificationService)
    number = _page_number(request)
    total, items = service.page(person.id, (number - 1) * PAGE, PAGE)
    here = request.resource_url(request.root, "notifications")
    return {
        "items": items,
        "total": total,
        "unread": service.unread(person.id),
        "previous_url": here + f"?page={number - 1}" if number > 1 else None,
        "next_url": here + f"?page={number + 1}" if number * PAGE < total else None,
        "kinds": KINDS,
    }


@view_config(context=Root, name="mark-notification-read", request_method="POST")
def mark_read(request):
    person = _signed_in(request)
    try:
        key = int(request.POST.get("key", ""))
    except ValueError:
        raise HTTPBadRequest() from None
    request.find_service(INotificationService).mark_read(person.id, key)
    return HTTPSeeOther(request.resource_url(request.root, "notifications"))


@view_config(context=Root, name="mark-notifications-read", request_method="POST")
def mark_all_read(request):
    person = _signed_in(request)
    request.find_service(INotificationService).mark_all_read(person.id)
    flash(request, _("Every notification is marked as read."))
    return HTTPSeeOther(request.resource_url(request.root, "notifications"))


@view_config(
    context=Root,
    name="notification-settings",
    renderer=TEMPLATES + "settings.pt",
    require_csrf=False,  # the form checks its token in the schema (consult.forms)
)
def settings(request):
    person = _signed_in(request)
    service = request.find_service(INotificationService)
    form = make_form(request, choices_schema(), [_button()])
    if submitted(request, "save"):
        data, rendered = validate(request, form)
        if data is None:
            return {"form": rendered}
        follow = data.pop("follow_when_commenting")
        data.pop("csrf_token", None)
        service.choose(person.id, data, follow)
        flash(request, _("Your notification choices are saved."))
        return HTTPSeeOther(request.resource_url(request.root, "notification-settings"))
    values = dict(
        service.frequencies(person.id),
        follow_when_commenting=service.follows_when_commenting(person.id),
    )
    return {"form": form.render(values)}


def _button():
    return deform.Button("save", _("Save"))


def _what_stops(kind):
    if kind in KINDS:
        return KINDS[kind].label
    return DIGEST_LABELS[kind]


@view_config(
    context=Root, name="unsubscribe", request_method="GET", renderer=TEMPLATES + "unsubscribe.pt"
)
def unsubscribe_page(request):
    """The link in a mail: says what it stops and asks for one click (a
    link alone must not act: mail scanners open links)."""
    service = request.find_service(INotificationService)
    token = request.GET.get("token", "")
    try:
        _userid, kind = service.unsubscribe_target(token)
    except NotificationError as refusal:
        request.response.status = 400
        return {"error": refusal.message, "token": "", "what": None, "done": False}
    return {"error": None, "token": token, "what": _what_stops(kind), "done": False}


@view_config(
    context=Root,
    name="unsubscribe",
    request_method="POST",
    renderer=TEMPLATES + "unsubscribe.pt",
    # The one-click unsubscribe of RFC 8058 is posted by the mail provider,
    # with no session and so no token: the link's signature stands for it.
    require_csrf=False,
)
def unsubscribe(request):
    service = request.find_service(INotificationService)
    try:
        _userid, kind = service.unsubscribe(request.params.get("token", ""))
    except NotificationError as refusal:
        request.response.status = 400
        return {"error": refusal.message, "token": "", "what": None, "done": False}
    signed_instead(request)
    return {"error": None, "token": "", "what": _what_stops(kind), "done": True}
