"""The outcome report's page and downloads, and the staff export.

The report is public (`view`) from when every stage has closed; until the
outcome is published it says it is provisional. The export is for the
consultation's staff (`view_staff`: its editors and moderators, and
administrators)."""

import json

from pyramid.httpexceptions import HTTPNotFound
from pyramid.renderers import render
from pyramid.response import Response
from pyramid.view import view_config
from pyramid_zodbconn import get_connection

from ..clock import IClock
from ..consultations.models import Consultation
from ..consultations.targets import target_label
from ..events import ExportDownloaded
from ..hashing import hash_keys
from ..settings import settings_of
from ..urls import public_base
from .display import report_page
from .exports import COLUMNS, comment_rows, csv_chunks, streamed_csv, xlsx_bytes
from .outcome import outcome_report, report_available
from .outcome_csv import CSV_COLUMNS, report_rows
from .pdf import render_pdf

TEMPLATES = "consult:templates/reports/"


def _report(request):
    """(consultation, report), or 404 before the report exists."""
    consultation = request.context
    now = request.find_service(IClock).now()
    if not report_available(consultation, now):
        raise HTTPNotFound()
    return consultation, outcome_report(consultation, now, settings_of(request))


def _download(request, body, content_type, suffix):
    response = Response(body=body, content_type=content_type, charset=None)
    if content_type.startswith("text/") or content_type.endswith("json"):
        response.charset = "utf-8"
    response.content_disposition = f'attachment; filename="{request.context.slug}-{suffix}"'
    return response


@view_config(
    context=Consultation,
    name="report",
    permission="view",
    request_method="GET",
    renderer=TEMPLATES + "report.pt",
)
def report(request):
    consultation, data = _report(request)
    return report_page(request, consultation, data)


@view_config(context=Consultation, name="report.json", permission="view", request_method="GET")
def report_json(request):
    _consultation, data = _report(request)
    body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    return _download(request, body, "application/json", "report.json")


@view_config(context=Consultation, name="report.csv", permission="view", request_method="GET")
def report_csv(request):
    _consultation, data = _report(request)
    body = b"".join(csv_chunks(CSV_COLUMNS, report_rows(data)))
    return _download(request, body, "text/csv", "report.csv")


@view_config(context=Consultation, name="report.pdf", permission="view", request_method="GET")
def report_pdf(request):
    consultation, data = _report(request)
    html = render(
        TEMPLATES + "print.pt",
        report_page(request, consultation, data, print_version=True),
        request=request,
    )
    return _download(
        request, render_pdf(html, public_base(request)), "application/pdf", "report.pdf"
    )


# -- the staff export ----------------------------------------------------------------


def _labeller(request):
    localizer = request.localizer
    return lambda consultation, target: localizer.translate(
        target_label(request, consultation, target)
    )


@view_config(
    context=Consultation, name="export-comments.csv", permission="view_staff", request_method="GET"
)
def export_csv(request):
    """Streamed: the rows are written while the response is sent, read
    through a connection of the export's own (the request's is closed by then)."""
    consultation = request.context
    filename = f"{consultation.slug}-comments.csv"
    request.registry.notify(ExportDownloaded(request, consultation, filename))
    response = Response(content_type="text/csv", charset="utf-8")
    response.content_disposition = f'attachment; filename="{filename}"'
    response.app_iter = streamed_csv(
        get_connection(request).db(),
        consultation._p_oid,
        hash_keys(request).current,
        _labeller(request),
    )
    return response


@view_config(
    context=Consultation, name="export-comments.xlsx", permission="view_staff", request_method="GET"
)
def export_xlsx(request):
    consultation = request.context
    label = _labeller(request)
    rows = comment_rows(
        consultation, hash_keys(request).current, lambda target: label(consultation, target)
    )
    request.registry.notify(
        ExportDownloaded(request, consultation, f"{consultation.slug}-comments.xlsx")
    )
    return _download(
        request,
        xlsx_bytes(COLUMNS, rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "comments.xlsx",
    )
