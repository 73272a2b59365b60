"""Filing an appeal (the similar open appeals shown before it is sent,
with "this is my problem too", and the photos and documents attached) and
the public list."""

import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...bodies import MiB
from ...consultations.views.importing import MemoryTmpStore
from ...forms import make_form, submitted, validate
from ...i18n import _
from ...layout import flash
from ...settings import settings_of
from ..attachments import prepare_attachment
from ..events import AppealFiled, AppealSupported
from ..interfaces import AppealError
from ..models import KINDS, STATES, Appeal, Appeals
from ..schemas import AppealSchema, add_file_fields, file_field_names
from .common import TEMPLATES, act, category_choices, service_of, territory_choices


@view_config(context=Appeals, permission="view", renderer=TEMPLATES + "list.pt")
def appeals_list(request):
    service = service_of(request)
    size = service.settings["consult.appeals.page_size"]
    try:
        start = max(0, int(request.GET.get("start", 0)))
    except ValueError:
        start = 0
    total, appeals = service.listed(start, size)
    return {
        "appeals": appeals,
        "total": total,
        "start": start,
        "size": size,
        "states": STATES,
        "kinds": KINDS,
        "may_file": request.has_permission("file_appeal"),
    }


def _close_uploads(request):
    for value in request.POST.values():
        upload = getattr(value, "file", None)
        if upload is not None:
            upload.close()


def _prepared(data, count, max_mb):
    """The attached files, checked and cleaned (appeals.attachments)."""
    found = []
    for name in file_field_names(count):
        upload = data.get(name)
        if not upload:
            continue
        content = upload["fp"].read(max_mb * MiB + 1)
        found.append(
            prepare_attachment(upload.get("filename"), content, data["keep_location"], max_mb)
        )
    return found


def _without_files(data, count):
    # A file cannot be sent back to the browser: the person chooses it again.
    return dict(data, **dict.fromkeys(file_field_names(count), colander.null))


def new_appeal(request):
    service = service_of(request)
    count = service.settings["consult.appeals.attachments_max"]
    max_mb = service.settings["consult.appeals.attachment_max_mb"]
    schema = add_file_fields(AppealSchema(), count)
    form = make_form(
        request,
        schema,
        [deform.Button(name="file", title=_("Send the appeal"), type="submit")],
        bind={
            "categories": category_choices(request),
            "territories": territory_choices(request),
            "tmpstore": MemoryTmpStore(),
            "attachments_max": count,
            "attachment_max_mb": max_mb,
        },
    )
    values = {"error": None, "similar": [], "files_again": False}
    if not submitted(request, "file"):
        return dict(values, form=form.render())
    request.add_finished_callback(_close_uploads)
    data, rendered = validate(request, form, clip={"text": 8000})
    if data is None:
        return dict(values, form=rendered)
    try:
        attached = _prepared(data, count, max_mb)
    except AppealError as error:
        return dict(values, form=form.render(_without_files(data, count)), error=error.message)
    similar = service.similar(data["text"], data["category"], data["kato"])
    if similar and not data["seen_similar"]:
        # Shown once: sent again, it is filed.
        return dict(
            values,
            form=form.render(dict(_without_files(data, count), seen_similar="1")),
            similar=similar,
            files_again=bool(attached),
        )
    coordinates = None
    if data["latitude"] is not None and data["longitude"] is not None:
        coordinates = (data["latitude"], data["longitude"])
    try:
        appeal = service.file(
            request.identity,
            data["kind"],
            data["category"],
            data["kato"],
            data["address"],
            data["text"],
            data["public"],
            coordinates,
            data["location"],
        )
        service.attach(appeal, attached, data.get("attachments_public", False))
    except AppealError as error:
        request.tm.doom()
        return dict(values, form=form.render(_without_files(data, count)), error=error.message)
    request.registry.notify(AppealFiled(request, appeal))
    flash(request, _("Your appeal was sent to the competent organisation."))
    return HTTPSeeOther(request.resource_url(appeal))


@view_config(context=Appeal, name="support", permission="support_appeal", request_method="POST")
def support(request):
    appeal = request.context
    return act(
        request,
        lambda: service_of(request).support(appeal, request.authenticated_userid),
        AppealSupported,
        _("You were added to this appeal: you will hear of its answer."),
    )


def includeme(config):
    """The form's body bound follows the attachments' settings."""
    config.include("consult.bodies")
    settings = settings_of(config)
    files = settings["consult.appeals.attachments_max"]
    limit = (files * settings["consult.appeals.attachment_max_mb"] + 1) * MiB
    config.add_view(
        new_appeal,
        context=Appeals,
        name="new",
        permission="file_appeal",
        renderer=TEMPLATES + "new.pt",
        require_csrf=False,
        body_limit=limit,
    )
