"""Public jury pages: the list, a jury's page (remit, quotas against the
panel's composition, the draws' seeds and fairness figures), the application
form and the answer to an invitation. None of them shows an applicant's data,
and none says whether someone else has applied (docs/security.md, 9)."""

from datetime import UTC, datetime, time

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import remember
from pyramid.view import view_config

from ... import limits
from ...accounts.events import RoleGranted, RoleRevoked
from ...consultations.models import Consultation
from ...forms import make_form, submitted, validate
from ...i18n import _
from ...layout import flash
from ..interfaces import JuryError
from ..models import Juries, Jury, split_name
from ..recruitment.schemas import (
    AcceptSchema,
    AcceptWithPasswordSchema,
    DeclineSchema,
    application_schema,
)
from .common import (
    DRAW_LABELS,
    TEMPLATES,
    deadline_day,
    draw_status,
    now,
    percent,
    quota_rows,
    service,
    summary,
)


def _visible(request, juries):
    return [summary(request, jury) for jury in juries]


@view_config(context=Juries, renderer=TEMPLATES + "list.pt", permission="view")
def jury_list(request):
    juries = sorted(request.context.values(), key=lambda j: j.created, reverse=True)
    return {
        "title": _("Citizens' juries"),
        "juries": _visible(request, juries),
        "consultation": None,
        "can_create": request.layout.can("create_jury", request.context),
    }


@view_config(context=Consultation, name="juries", renderer=TEMPLATES + "list.pt", permission="view")
def consultation_juries(request):
    """The juries of one consultation (link to it from the consultation page)."""
    consultation = request.context
    juries = request.root["juries"].for_consultation(consultation.slug)
    return {
        "title": _("Citizens' juries"),
        "juries": _visible(request, juries),
        "consultation": {
            "title": request.layout.localized(consultation.title),
            "url": request.resource_url(consultation),
        },
        "can_create": request.layout.can("create_jury", request.root["juries"]),
    }


def public_draws(request, jury):
    draws = []
    for draw in sorted(jury.draws.values(), key=lambda d: d.number):
        status = draw_status(request, draw)
        low, high = draw.probability_range() if draw.revealed else (None, None)
        draws.append(
            {
                "number": draw.number,
                "kind": draw.kind,
                "status": status,
                "status_label": DRAW_LABELS[status],
                "seed_hash": draw.seed_hash,
                "seed": draw.seed if draw.revealed else None,
                "announced": request.layout.local_time(draw.announced_at),
                "finished": request.layout.local_time(draw.finished_at) if draw.revealed else "",
                "algorithm_requested": draw.algorithm_requested,
                "algorithm_used": draw.algorithm_used,
                "min": percent(request, low),
                "max": percent(request, high),
                "pool": request.layout.number(len(draw.probabilities)) if draw.revealed else None,
                "selected": len(draw.selected) if draw.revealed else None,
                "library_version": draw.library_version,
                # Draws made before engines were recorded ran in the library.
                "engine": (draw.inputs or {}).get("engine", "library"),
            }
        )
    return draws


@view_config(context=Jury, renderer=TEMPLATES + "jury.pt", permission="view")
def jury_page(request):
    jury = request.context
    panel = jury.panel()
    values = summary(request, jury)
    values.update(
        {
            "title": _("Citizens' jury"),
            "sessions": [
                request.layout.local_time(_noon(day), "d MMMM y") for day in jury.sessions
            ],
            "quotas": quota_rows(request, jury),
            "panel_count": len(panel),
            "accepted_count": sum(1 for a in panel if a.status == "accepted"),
            "named": named_jurors(request, panel),
            "draws": public_draws(request, jury),
            # Not while applications are open: a count that moves would tell
            # whoever just applied with someone's IIN whether it was kept.
            "applicants": len(jury.applicants) if values["state"] == "closed" else None,
            "manage_url": (
                request.resource_url(jury, "manage")
                if request.layout.can("manage_jury", jury)
                else None
            ),
            "workspace_url": (
                request.resource_url(jury.workspace)
                if jury.workspace is not None and request.has_permission("jury_workspace", jury)
                else None
            ),
            "apply_url": request.resource_url(jury, "apply") if values["state"] == "open" else None,
        }
    )
    values.update(findings_links(request, jury))
    return values


def named_jurors(request, panel):
    """The jurors who agreed to be named, as each chose (Applicant.shown_name)."""
    principals = request.root["principals"]
    names = (a.shown_name(principals.get(a.userid) if a.userid else None) for a in panel)
    return sorted(name for name in names if name)


def findings_links(request, jury):
    """The findings section of the jury page (see findings/views.py)."""
    findings = jury.findings
    manage = request.layout.can("manage_jury", jury)
    return {
        "findings_url": request.resource_url(jury, "findings") if findings else None,
        "findings_submitted": (
            request.layout.local_time(findings.submitted, "d MMMM y") if findings else None
        ),
        "findings_count": len(findings.recommendations) if findings else 0,
        "submit_findings_url": (
            request.resource_url(jury, "submit-findings")
            if manage and findings is None and jury.panel()
            else None
        ),
        "answer_deadline": deadline_day(request, jury),
    }


def _noon(day):
    return datetime.combine(day, time(12), UTC)


def _application_form(request, jury):
    form = make_form(
        request,
        application_schema(jury, request.layout.language),
        [deform.Button(name="apply", title=_("Apply"))],
        formid="application",
    )
    return form


def _not_stored(request):
    """These pages carry what a person typed or an invitation's token."""
    request.response.cache_control = "no-store"


@view_config(
    context=Jury,
    name="apply",
    renderer=TEMPLATES + "apply.pt",
    permission="view",
    require_csrf=False,
)
def apply(request):
    """Every application the form accepts gets the same answer, kept or not
    (the service writes the truth to the right address); only a mistake in
    the form itself comes back with its message. The IIN is never shown
    again (UnechoedTextInputWidget)."""
    jury = request.context
    _not_stored(request)
    values = dict(
        summary(request, jury), title=_("Apply to the citizens' jury"), error=None, done=False
    )
    if not jury.recruiting(now(request)):
        values["error"] = _("Applications are not open for this jury.")
        return dict(values, form="")
    form = _application_form(request, jury)
    if not submitted(request, "apply"):
        return dict(values, form=form.render())
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    data = {
        "name": appstruct["full_name"],
        "email": appstruct["email"],
        "phone": appstruct["phone"],
        "iin": appstruct["iin"],
        "address": appstruct["address"],
        "answers": appstruct["answers"],
    }
    try:
        limits.check(request, "jury_application")
        service(request).apply(jury, data, request.layout.language)
    except JuryError as error:
        request.response.status = 400
        return dict(values, form=form.render(appstruct), error=error.message)
    except limits.RateLimited as error:
        limits.too_many(request, error)
        return dict(values, form=form.render(appstruct), error=error.message)
    limits.record(request, "jury_application")
    flash(
        request,
        _(
            "Thank you: we have received your application and written to ${email} about it.",
            mapping={"email": appstruct["email"]},
        ),
    )
    response = HTTPSeeOther(request.resource_url(jury, "applied"))
    response.cache_control = "no-store"
    return response


@view_config(context=Jury, name="applied", renderer=TEMPLATES + "applied.pt", permission="view")
def applied(request):
    return dict(summary(request, request.context), title=_("Application received"))


@view_config(
    context=Jury,
    name="respond",
    renderer=TEMPLATES + "respond.pt",
    permission="view",
    require_csrf=False,
)
def respond(request):
    """The page behind the invitation's links: nothing changes on GET (mail
    scanners open links); the person confirms with a button."""
    jury = request.context
    _not_stored(request)
    jury_service = service(request)
    token = request.params.get("token", "")
    answer = request.params.get("answer", "accept")
    values = dict(
        summary(request, jury), title=_("Your invitation"), error=None, form="", answer=answer
    )
    try:
        applicant = jury_service.redeem(jury, token)
    except JuryError as error:
        request.response.status = 400
        return dict(values, error=error.message)
    account = jury_service.principals.find_by_email(applicant.email)
    has_account = account is not None
    # The names of the account, or of the one accepting creates (JuryService.accept).
    names = (
        (account.first_name, account.last_name)
        if account is not None
        else split_name(applicant.name)
    )
    if answer == "decline":
        form = make_form(
            request,
            DeclineSchema(),
            [deform.Button(name="decline", title=_("Decline the invitation"))],
            formid="decline",
        )
    else:
        schema = AcceptSchema() if has_account else AcceptWithPasswordSchema()
        form = make_form(
            request,
            schema,
            [deform.Button(name="accept", title=_("Accept and join the jury"))],
            formid="accept",
            bind={"names": names, "email": applicant.email},
        )
        # A stable name for the radio buttons (deform numbers them otherwise).
        form["name_shown"].oid = "accept-name_shown"
    values["name"] = applicant.name
    values["has_account"] = has_account
    if submitted(request, "accept", "decline"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        if answer == "decline":
            juror = applicant.userid
            jury_service.decline(jury, applicant)
            if juror:
                request.registry.notify(RoleRevoked(request, jury, juror, "juror"))
            flash(
                request,
                _(
                    "You have declined. Thank you for letting us know; someone else "
                    "will be drawn in your place."
                ),
            )
            return HTTPSeeOther(request.resource_url(jury), headers={"Cache-Control": "no-store"})
        principal = jury_service.accept(
            jury, applicant, appstruct["name_shown"], appstruct.get("password")
        )
        request.registry.notify(RoleGranted(request, jury, principal.id, "juror"))
        request.session.new_csrf_token()
        headers = remember(request, principal.id)
        flash(
            request,
            _(
                "Welcome to the jury! You are signed in as ${email}.",
                mapping={"email": principal.email},
            ),
        )
        return HTTPSeeOther(
            request.resource_url(jury), headers=[*headers, ("Cache-Control", "no-store")]
        )
    return dict(values, form=form.render({"token": token}))
