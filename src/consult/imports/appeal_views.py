"""An organisation's page for importing the appeals it received by phone,
on paper or at a visit, for its staff handling appeals and the appeals'
administrators: upload a CSV or .xlsx file, read the dry run (the appeals
that would be filed, the rows refused and why, with a file of them), then
import in the background and follow the progress on a page that reloads
itself (no script needed), as the comment import does (views.py)."""

import colander
import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ..appeals.intake import CHANNELS
from ..appeals.models import HANDLING_ROLES, KINDS
from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from ..organisations.models import Organisation
from .interfaces import IAppealImports, ImportRefused
from .reading import rejections_csv
from .schemas import ImportAppealsSchema
from .views import (
    IMPORT_FORM_BYTES,
    MAX_UPLOAD_MB,
    TEMPLATES,
    MemoryTmpStore,
    close_uploads,
    job_page,
    read_upload_field,
)


def check_importer(request, organisation):
    """Its staff handling appeals, or an administrator of the appeals."""
    roles = organisation.local_roles.get(request.authenticated_userid, ())
    if set(roles) & set(HANDLING_ROLES):
        return
    appeals = request.root.get("appeals")
    if appeals is None or not request.has_permission("manage_appeals", appeals):
        raise HTTPForbidden()


def _options(appstruct):
    return {
        "map": appstruct["map"],
        "channel": appstruct["channel"] or None,
        "kind": appstruct["kind"] or None,
        "public": appstruct["public"],
        "timezone": appstruct["timezone"].strip(),
    }


@view_config(
    context=Organisation,
    name="import-appeals",
    permission="view",
    renderer=TEMPLATES + "appeals_upload.pt",
    require_csrf=False,
    body_limit=IMPORT_FORM_BYTES,
)
def import_appeals(request):
    organisation = request.context
    check_importer(request, organisation)
    service = request.find_service(IAppealImports)
    values = {
        "organisation": organisation,
        "jobs": service.jobs(organisation)[:10],
        "error": None,
        "detail": None,
        "max_mb": MAX_UPLOAD_MB,
    }
    form = make_form(
        request,
        ImportAppealsSchema(),
        [deform.Button("check", _("Check the file"))],
        bind={"tmpstore": MemoryTmpStore()},
    )
    if not submitted(request, "check"):
        return dict(values, form=form.render())
    request.add_finished_callback(close_uploads)
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    filename = appstruct["upload"]["filename"] or "appeals.csv"
    try:
        job = service.check(
            organisation,
            filename,
            read_upload_field(appstruct["upload"]),
            _options(appstruct),
            request.authenticated_userid,
        )
    except ImportRefused as error:
        return dict(
            values,
            form=form.render(dict(appstruct, upload=colander.null)),
            error=error.message,
            detail=error.detail,
        )
    return HTTPSeeOther(request.resource_url(organisation, "appeal-import", query={"job": job.id}))


def _job(request):
    check_importer(request, request.context)
    job = request.find_service(IAppealImports).job(request.context, request.params.get("job"))
    if job is None:
        raise HTTPNotFound()
    return job


@view_config(
    context=Organisation,
    name="appeal-import",
    permission="view",
    request_method="GET",
    renderer=TEMPLATES + "appeals_job.pt",
)
def appeal_import(request):
    return dict(
        job_page(request, _job(request), "appeal-import"),
        organisation=request.context,
        channel_labels=CHANNELS,
        kind_labels=KINDS,
    )


@view_config(
    context=Organisation,
    name="appeal-import-rejected",
    permission="view",
    request_method="GET",
)
def rejected_rows(request):
    """The rejected rows as CSV, each with its reason, to correct and import again."""
    job = _job(request)
    response = Response(
        body=rejections_csv(job.rejected_rows).encode("utf-8-sig"),
        content_type="text/csv",
        charset="utf-8",
    )
    response.content_disposition = f'attachment; filename="rejected-{job.id}.csv"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control = "private, no-store"
    return response


@view_config(
    context=Organisation,
    name="start-appeal-import",
    permission="view",
    request_method="POST",
)
def start_appeal_import(request):
    """Pyramid checks this form's token (a button, no text to keep)."""
    job = _job(request)
    try:
        request.find_service(IAppealImports).queue(job)
    except ImportRefused as error:
        flash(request, error.message)
    return HTTPSeeOther(
        request.resource_url(request.context, "appeal-import", query={"job": job.id})
    )
