"""The evidence library: documents and testimonies side by side by
perspective, with the linked consultation's draft and comment figures."""

from urllib.parse import quote

import colander
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ....bodies import MiB
from ....consultations.views.importing import MemoryTmpStore
from ....forms import make_form, submitted, validate
from ....i18n import _
from ....layout import flash
from ...views.common import TEMPLATES
from ..attachments import MAX_ATTACHMENT_MB
from ..interfaces import WorkspaceError
from ..models import PERSPECTIVES, EvidenceItem, EvidenceLibrary
from ..schemas import EditEvidenceSchema, EvidenceSchema
from .common import (
    FORM,
    KIND_LABELS,
    PERMISSION,
    PERSPECTIVE_LABELS,
    button,
    jury_of_request,
    page_values,
    public_name,
    refusal,
    service,
    workspace_url,
)

# The file and the item's text (at most 100 000 characters: 400 KB of UTF-8).
EVIDENCE_FORM_BYTES = (MAX_ATTACHMENT_MB + 1) * MiB


def _tmpstore():
    return MemoryTmpStore()


def _close_uploads(request):
    for value in request.POST.values():
        upload = getattr(value, "file", None)
        if upload is not None:
            upload.close()


def _evidence_data(appstruct, limit):
    data = {
        k: appstruct[k]
        for k in ("title", "kind", "perspective", "author", "summary", "body", "link")
    }
    data["remove_file"] = appstruct.get("remove_file", False)
    upload = appstruct.get("upload")
    if upload:
        # One byte over the limit is enough for the service to refuse it.
        data["upload"] = (upload["filename"], upload["fp"].read(limit + 1))
    return data


@view_config(
    context=EvidenceLibrary, renderer=TEMPLATES + "workspace_evidence.pt", permission=PERMISSION
)
def evidence_library(request):
    jury = jury_of_request(request)
    items = sorted(request.context.values(), key=lambda i: (i.added, i.id))
    columns = [
        {
            "perspective": p,
            "label": PERSPECTIVE_LABELS[p],
            "items": [
                {"item": i, "url": request.resource_url(i), "kind": KIND_LABELS[i.kind]}
                for i in items
                if i.perspective == p
            ],
        }
        for p in PERSPECTIVES
    ]
    consultation = request.root["consultations"].get(jury.consultation)
    statistics = None
    if consultation is not None:
        stats = service(request).consultation_statistics(consultation)
        draft = stats["draft"]
        statistics = dict(
            stats,
            title=request.layout.localized(consultation.title),
            url=request.resource_url(consultation),
            draft_title=request.layout.localized(draft.title) if draft is not None else None,
            draft_url=request.resource_url(draft) if draft is not None else None,
            articles=[
                {
                    "number": a.number,
                    "heading": request.layout.localized(a.heading),
                    "count": count,
                    "stances": stances,
                    "url": request.resource_url(a),
                }
                for a, count, stances in stats["articles"]
            ],
        )
    return page_values(
        request,
        _("Evidence library"),
        columns=columns,
        statistics=statistics,
        add_url=request.resource_url(request.context, "add"),
    )


def _evidence_form(request, schema, action):
    return make_form(
        request,
        schema,
        [button("save", _("Save"))],
        action=action,
        formid="evidence",
        bind={"tmpstore": _tmpstore()},
    )


def _evidence_form_page(request, item=None):
    jury = jury_of_request(request)
    request.add_finished_callback(_close_uploads)
    editing = item is not None
    workspace_service = service(request)
    if not (
        workspace_service.may_change_evidence(jury, request.identity, item)
        if editing
        else workspace_service.allowed(jury, request.identity, "add_evidence")
    ):
        raise HTTPForbidden()
    form = _evidence_form(
        request,
        EditEvidenceSchema() if editing else EvidenceSchema(),
        request.resource_url(item, "edit")
        if editing
        else workspace_url(request, "evidence", "add"),
    )
    values = page_values(
        request,
        _("Edit the evidence") if editing else _("Add evidence"),
        back_url=(request.resource_url(item) if editing else workspace_url(request, "evidence")),
        back_title=_("Back"),
        intro=None,
    )
    if not submitted(request, "save"):
        if editing:
            current = {
                k: getattr(item, k)
                for k in ("title", "kind", "perspective", "author", "summary", "body")
            }
            current["link"] = item.link or ""
            return dict(values, form=form.render(current))
        return dict(values, form=form.render())
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    data = _evidence_data(appstruct, MAX_ATTACHMENT_MB * 1024 * 1024)
    try:
        if editing:
            item = workspace_service.edit_evidence(jury, request.identity, item, data)
        else:
            item = workspace_service.add_evidence(
                jury, request.identity, data, request.layout.language
            )
    except WorkspaceError as error:
        # The text stays; a file has to be chosen again.
        return dict(
            values,
            form=form.render(dict(appstruct, upload=colander.null)),
            error=refusal(request, error),
        )
    flash(request, _("The evidence is saved."))
    return HTTPSeeOther(request.resource_url(item))


@view_config(
    context=EvidenceLibrary,
    name="add",
    renderer=FORM,
    permission=PERMISSION,
    require_csrf=False,
    body_limit=EVIDENCE_FORM_BYTES,
)
def add_evidence(request):
    return _evidence_form_page(request)


@view_config(
    context=EvidenceItem, renderer=TEMPLATES + "workspace_evidence_item.pt", permission=PERMISSION
)
def evidence_item(request):
    item = request.context
    jury = jury_of_request(request)
    may_change = jury.findings is None and service(request).may_change_evidence(
        jury, request.identity, item
    )
    return page_values(
        request,
        item.title,
        item=item,
        kind=KIND_LABELS[item.kind],
        perspective=PERSPECTIVE_LABELS[item.perspective],
        added=request.layout.local_time(item.added),
        added_by=public_name(request, item.added_by),
        download_url=(
            request.resource_url(item, "download") if item.attachment is not None else None
        ),
        may_change=may_change,
        csrf=request.session.get_csrf_token(),
    )


@view_config(
    context=EvidenceItem,
    name="edit",
    renderer=FORM,
    permission=PERMISSION,
    require_csrf=False,
    body_limit=EVIDENCE_FORM_BYTES,
)
def edit_evidence(request):
    return _evidence_form_page(request, request.context)


@view_config(context=EvidenceItem, name="remove", permission=PERMISSION, request_method="POST")
def remove_evidence(request):
    item = request.context
    library = workspace_url(request, "evidence")  # before the item leaves the tree
    try:
        service(request).remove_evidence(jury_of_request(request), request.identity, item)
    except WorkspaceError as error:
        if error.forbidden:
            raise HTTPForbidden() from None
        flash(request, error.message)
        return HTTPSeeOther(request.resource_url(item))
    flash(request, _("The evidence is removed."))
    return HTTPSeeOther(library)


@view_config(context=EvidenceItem, name="download", permission=PERMISSION)
def download(request):
    attachment = request.context.attachment
    if attachment is None:
        raise HTTPNotFound()
    response = Response(body=attachment.data, content_type=attachment.content_type.split(";")[0])
    if attachment.content_type.startswith("text/"):
        response.charset = "utf-8"
    response.content_disposition = _disposition(attachment.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control = "private, no-store"
    return response


def _disposition(filename):
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
