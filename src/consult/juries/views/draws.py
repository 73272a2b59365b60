"""The draw: announce it (its seed's hash is published), start it (it runs
in the background), follow it on a page that refreshes itself, read its
result, its log and its audit file; then invite the people drawn."""

import json

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ...events import ExportDownloaded
from ...i18n import _
from ...layout import flash
from ..events import DrawAnnounced, DrawStarted, PanelInvited
from ..interfaces import JuryError
from ..lottery import process as lottery_process
from ..models import Draw, Jury
from .common import DRAW_LABELS, STATUS_LABELS, TEMPLATES, draw_status, percent, runner, service
from .pool import describe_problems

REFRESH_SECONDS = 3


@view_config(context=Jury, name="announce-draw", permission="manage_jury", request_method="POST")
def announce(request):
    jury = request.context
    algorithm = request.POST.get("algorithm", jury.algorithm)
    try:
        draw = service(request).announce_draw(jury, algorithm)
    except JuryError as error:
        flash(request, error.message)
        return HTTPSeeOther(request.resource_url(jury, "manage"))
    request.registry.notify(DrawAnnounced(request, draw))
    flash(
        request,
        _(
            "Draw ${number} is announced: the hash of its seed is on the jury's "
            "public page. Start it when you are ready.",
            mapping={"number": draw.number},
        ),
    )
    return HTTPSeeOther(request.resource_url(draw))


@view_config(context=Draw, name="start", permission="manage_jury", request_method="POST")
def start(request):
    draw = request.context
    jury = draw.__parent__.__parent__
    jury_service = service(request)
    if draw_status(request, draw) == "running":
        return HTTPSeeOther(request.resource_url(draw))
    try:
        jury_service.start_draw(jury, draw)
    except JuryError as error:
        flash(request, error.message)
        return HTTPSeeOther(request.resource_url(draw))
    request.registry.notify(DrawStarted(request, draw))
    runner(request).start_after_commit(request, jury, draw, jury_service.for_worker)
    return HTTPSeeOther(request.resource_url(draw))


@view_config(context=Draw, renderer=TEMPLATES + "draw.pt", permission="manage_jury")
def draw_page(request):
    draw = request.context
    jury = draw.__parent__.__parent__
    status = draw_status(request, draw)
    low, high = draw.probability_range()
    selected = []
    if draw.revealed:
        for applicant_id in draw.selected:
            applicant = jury.applicants[applicant_id]
            selected.append({"name": applicant.name, "status": STATUS_LABELS[applicant.status]})
        selected.sort(key=lambda row: row["name"])
    return {
        "title": _("Draw ${number}", mapping={"number": draw.number}),
        "jury": jury,
        "draw": draw,
        "status": status,
        "status_label": DRAW_LABELS[status],
        "refresh": REFRESH_SECONDS if status == "running" else None,
        "can_start": status in ("announced", "failed", "interrupted"),
        "problems": describe_problems(request, draw.problems),
        "min": percent(request, low),
        "max": percent(request, high),
        "selected": selected,
        "started": request.layout.local_time(draw.started_at),
        "finished": request.layout.local_time(draw.finished_at),
        "fell_back": (
            draw.algorithm_used is not None and draw.algorithm_used != draw.algorithm_requested
        ),
    }


@view_config(context=Draw, name="inputs.json", permission="manage_jury")
def inputs_file(request):
    """The audit file: pseudonymous pool, quotas, seed (once revealed) and
    result; with it, `python -m consult.juries.lottery` re-runs the draw."""
    draw = request.context
    if draw.inputs is None:
        return HTTPSeeOther(request.resource_url(draw))
    data = dict(draw.inputs)
    if not draw.revealed:
        data["seed"] = None
    data["seed_sha256"] = draw.seed_hash
    data["library"] = {"name": "sortition-algorithms", "version": draw.library_version}
    data["hash_seed"] = lottery_process.HASH_SEED
    if draw.revealed:
        ids = {v: k for k, v in draw.pseudonyms.items()}
        data["result"] = {
            "selected": sorted(ids[a] for a in draw.selected),
            "algorithm_used": draw.algorithm_used,
            "probabilities": draw.probabilities,
        }
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json",
        charset="utf-8",
    )
    response.content_disposition = f'attachment; filename="draw-{draw.number}.json"'
    request.registry.notify(ExportDownloaded(request, draw, f"draw-{draw.number}.json"))
    response.cache_control = "no-store"
    return response


@view_config(context=Jury, name="invite", permission="manage_jury", request_method="POST")
def invite(request):
    jury = request.context
    invited = service(request).invite(jury)
    if invited:
        request.registry.notify(PanelInvited(request, jury, len(invited)))
        flash(request, _("${count} invitations are on their way.", mapping={"count": len(invited)}))
    else:
        flash(request, _("Everyone drawn has been invited already."))
    return HTTPSeeOther(request.resource_url(jury, "manage"))
