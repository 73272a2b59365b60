"""The import page of a consultation, for its staff: upload a CSV or Excel file of
comments received offline, read the dry run's report (the rows that would
be imported, those refused and why), then import it in the background and
follow its progress on a page that reloads itself (no script needed)."""

import colander
import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.i18n import TranslationString
from pyramid.view import view_config

from ..bodies import MiB
from ..consultations.models import Consultation
from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from .formats import default_source
from .interfaces import ICommentImports, ImportRefused
from .schemas import CHANNEL_LABELS, STANCE_LABELS, ImportCommentsSchema

TEMPLATES = "consult:templates/imports/"
MAX_UPLOAD_MB = 10
# The file and the few short options beside it (bodies.py).
IMPORT_FORM_BYTES = (MAX_UPLOAD_MB + 1) * MiB
# The progress page reloads itself this often while the import runs.
REFRESH_SECONDS = 3
# Rejected rows listed on the page; the rest are counted.
SHOWN_REJECTIONS = 200


class MemoryTmpStore(dict):
    """deform's FileUploadWidget keeps the upload here for one request only:
    a refused form asks for the file again."""

    def preview_url(self, uid):
        return None


def _form(request):
    return make_form(
        request,
        ImportCommentsSchema(),
        [deform.Button("check", _("Check the file"))],
        bind={"tmpstore": MemoryTmpStore()},
    )


def close_uploads(request):
    for value in request.POST.values():
        upload = getattr(value, "file", None)
        if upload is not None:
            upload.close()


def _options(appstruct, filename):
    return {
        "format": appstruct["format"],
        "source": appstruct["source"].strip() or default_source(filename, appstruct["format"]),
        "map": appstruct["map"],
        "channel": appstruct["channel"] or None,
        "map_channel": [
            line.strip() for line in appstruct["map_channel"].splitlines() if line.strip()
        ],  # fmt: skip
        "timezone": appstruct["timezone"].strip(),
        "stance": appstruct["stance"],
        "target": appstruct["target"].strip(),
    }


def read_upload_field(upload):
    limit = MAX_UPLOAD_MB * MiB
    data = upload["fp"].read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(
            _("The file is too large: the limit is ${limit} MB.", mapping={"limit": MAX_UPLOAD_MB}),
            field="upload",
        )
    if not data.strip():
        raise ImportRefused(_("The file is empty."), field="upload")
    return data


@view_config(
    context=Consultation,
    name="import-comments",
    permission="edit",
    renderer=TEMPLATES + "upload.pt",
    require_csrf=False,
    body_limit=IMPORT_FORM_BYTES,
)
def import_comments(request):
    consultation = request.context
    service = request.find_service(ICommentImports)
    values = {
        "consultation": consultation,
        "jobs": service.jobs(consultation)[:10],
        "error": None,
        "detail": None,
        "max_mb": MAX_UPLOAD_MB,
    }
    form = _form(request)
    if not submitted(request, "check"):
        return dict(values, form=form.render())
    request.add_finished_callback(close_uploads)
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    filename = appstruct["upload"]["filename"] or "upload.csv"
    try:
        job = service.check(
            consultation,
            filename,
            read_upload_field(appstruct["upload"]),
            _options(appstruct, filename),
            request.authenticated_userid,
        )
    except ImportRefused as error:
        # The options stay; the file has to be chosen again.
        return dict(
            values,
            form=form.render(dict(appstruct, upload=colander.null)),
            error=error.message,
            detail=error.detail,
        )
    return HTTPSeeOther(request.resource_url(consultation, "comment-import", query={"job": job.id}))


def _job(request):
    job = request.find_service(ICommentImports).job(request.context, request.params.get("job"))
    if job is None:
        raise HTTPNotFound()
    return job


def reason_of(request, rejection):
    """(row number, why) in the reader's language, from what the job kept."""
    number, english, msgid, mapping = rejection
    if msgid is None:
        return number, english
    return number, request.localizer.translate(
        TranslationString(msgid, domain="consult", mapping=mapping)
    )


def job_page(request, job, view_name):
    """What every import job's page shows: its report (the check's until it
    is done), the first rejected rows, and a reload while the worker runs."""
    return {
        "job": job,
        "report": job.result if job.state == "done" else job.check,
        "rejected": [reason_of(request, item) for item in job.rejected[:SHOWN_REJECTIONS]],
        "more_rejected": max(0, len(job.rejected) - SHOWN_REJECTIONS),
        "refresh": REFRESH_SECONDS if job.state in ("checking", "queued", "running") else None,
        "here": request.resource_url(request.context, view_name, query={"job": job.id}),
    }


@view_config(
    context=Consultation,
    name="comment-import",
    permission="edit",
    request_method="GET",
    renderer=TEMPLATES + "job.pt",
)
def comment_import(request):
    return dict(
        job_page(request, _job(request), "comment-import"),
        consultation=request.context,
        channel_labels=CHANNEL_LABELS,
        stance_labels=STANCE_LABELS,
    )


@view_config(
    context=Consultation,
    name="start-comment-import",
    permission="edit",
    request_method="POST",
)
def start_comment_import(request):
    """Pyramid checks this form's token (a button, no text to keep)."""
    job = _job(request)
    try:
        request.find_service(ICommentImports).queue(job)
    except ImportRefused as error:
        flash(request, error.message)
    return HTTPSeeOther(
        request.resource_url(request.context, "comment-import", query={"job": job.id})
    )
