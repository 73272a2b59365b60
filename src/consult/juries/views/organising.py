"""Organisers' pages: create a jury, edit it, its features and quotas, and
its organisers (permission `manage_jury`: the jury's organisers and
administrators). The applicants and the feasibility check are in `pool`."""

from datetime import timedelta

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...accounts.events import RoleGranted
from ...forms import make_form, submitted, validate
from ...i18n import LANGUAGES, _
from ...layout import flash
from ..features import FEATURES
from ..interfaces import JuryError
from ..lottery import data as lottery_data
from ..models import Juries, Jury
from ..recruitment.schemas import (
    FeatureSchema,
    JurySchema,
    NewJurySchema,
    parse_dates,
    quota_schema,
)
from .common import (
    DRAW_LABELS,
    STATUS_LABELS,
    TEMPLATES,
    draw_status,
    end_of_day,
    feature_name,
    feature_rows,
    local_date,
    now,
    quota_rows,
    service,
    start_of_day,
)

FORM = TEMPLATES + "form.pt"
PAGE_SIZE = 50


def _settings(appstruct):
    return {
        "remit": {
            lang: appstruct[f"remit_{lang}"] for lang in LANGUAGES if appstruct[f"remit_{lang}"]
        },
        "panel_size": appstruct["panel_size"],
        "recruitment_opens": start_of_day(appstruct["recruitment_opens"]),
        "recruitment_closes": end_of_day(appstruct["recruitment_closes"]),
        "sessions": parse_dates(appstruct["sessions"]),
        "features": tuple(key for key in FEATURES if key in appstruct["features"]),  # defaults
        "algorithm": appstruct["algorithm"],
        "answer_deadline": (
            end_of_day(appstruct["answer_deadline"]) if appstruct.get("answer_deadline") else None
        ),
    }


def _appstruct(jury):
    values = {f"remit_{lang}": jury.remit.get(lang, "") for lang in LANGUAGES}
    values.update(
        {
            "panel_size": jury.panel_size,
            "recruitment_opens": local_date(jury.recruitment_opens),
            "recruitment_closes": local_date(jury.recruitment_closes) - _one_day(),
            "sessions": "\n".join(day.isoformat() for day in jury.sessions),
            "features": set(jury.features),
            "algorithm": jury.algorithm,
            "answer_deadline": (
                local_date(jury.answer_deadline) - _one_day() if jury.answer_deadline else None
            ),
        }
    )
    return values


def _one_day():
    return timedelta(days=1)


@view_config(
    context=Juries, name="new", renderer=FORM, permission="create_jury", require_csrf=False
)
def new_jury(request):
    consultations = [
        (c.slug, request.layout.localized(c.title).text)
        for c in request.root["consultations"].by_newest()
    ]
    form = make_form(
        request,
        NewJurySchema(),
        [deform.Button(name="create", title=_("Create the jury"))],
        formid="jury",
        bind={"language": request.layout.language, "consultations": consultations},
    )
    values = {
        "title": _("New citizens' jury"),
        "error": None,
        "intro": _(
            "You become the jury's organiser. Quotas are prefilled from "
            "population shares; review them on the next page."
        ),
    }
    if submitted(request, "create"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        if appstruct["consultation"] not in request.root["consultations"]:
            return dict(
                values,
                form=form.render(appstruct),
                error=_("Choose the consultation the jury belongs to."),
            )
        try:
            jury = service(request).create(
                request.context,
                appstruct["name"],
                appstruct["consultation"],
                _settings(appstruct),
                request.identity,
            )
        except JuryError as error:
            return dict(values, form=form.render(appstruct), error=error.message)
        request.registry.notify(RoleGranted(request, jury, request.identity.id, "organiser"))
        flash(request, _("The jury is created. Check its quotas."))
        return HTTPSeeOther(request.resource_url(jury, "quotas"))
    defaults = {"consultation": request.params.get("consultation", "")}
    return dict(values, form=form.render(defaults))


@view_config(context=Jury, name="edit", renderer=FORM, permission="manage_jury", require_csrf=False)
def edit_jury(request):
    jury = request.context
    form = make_form(
        request,
        JurySchema(),
        [deform.Button(name="save", title=_("Save"))],
        formid="jury",
        bind={"language": request.layout.language},
    )
    values = {
        "title": _("Jury settings"),
        "error": None,
        "intro": None,
        "back_url": request.resource_url(jury, "manage"),
    }
    if submitted(request, "save"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        try:
            service(request).update(jury, _settings(appstruct))
        except JuryError as error:
            return dict(values, form=form.render(appstruct), error=error.message)
        flash(request, _("Saved."))
        return HTTPSeeOther(request.resource_url(jury, "manage"))
    return dict(values, form=form.render(_appstruct(jury)))


@view_config(
    context=Jury, name="quotas", renderer=FORM, permission="manage_jury", require_csrf=False
)
def quotas(request):
    jury = request.context
    form = make_form(
        request,
        quota_schema(jury, request.layout.language),
        [deform.Button(name="save", title=_("Save the quotas"))],
        formid="quotas",
    )
    values = {
        "title": _("Quotas"),
        "error": None,
        "intro": _(
            "For each value, the fewest and the most jurors the panel may have "
            "(panel of ${size}). Prefilled from population shares, one either "
            "side.",
            mapping={"size": jury.panel_size},
        ),
        "back_url": request.resource_url(jury, "manage"),
    }
    if submitted(request, "save"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        wanted = {
            f: {v: (b["min"], b["max"]) for v, b in appstruct[f].items()} for f in jury.features
        }
        try:
            service(request).set_quotas(jury, wanted)
        except JuryError as error:
            # The service names the feature by its key; the reader wants its name.
            message = error.message
            if error.field in jury.features:
                message = _(
                    message,
                    mapping={
                        **(message.mapping or {}),
                        "feature": feature_name(request, jury, error.field),
                    },
                )
            return dict(values, form=form.render(appstruct), error=message)
        flash(request, _("The quotas are saved."))
        return HTTPSeeOther(request.resource_url(jury, "manage"))
    current = {
        f: {v: {"min": low, "max": high} for v, (low, high) in jury.quotas[f].items()}
        for f in jury.features
    }
    return dict(values, form=form.render(current))


@view_config(
    context=Jury, name="manage", renderer=TEMPLATES + "manage.pt", permission="manage_jury"
)
def manage(request):
    jury = request.context
    statuses = dict.fromkeys(STATUS_LABELS, 0)
    for applicant in jury.applicants.values():
        statuses[applicant.status] += 1
    draws = []
    for draw in sorted(jury.draws.values(), key=lambda d: d.number):
        status = draw_status(request, draw)
        draws.append(
            {
                "number": draw.number,
                "kind": draw.kind,
                "status": status,
                "status_label": DRAW_LABELS[status],
                "url": request.resource_url(draw),
            }
        )
    pending = [d for d in draws if d["status"] != "done"]
    return {
        "title": _("Organise the jury"),
        "jury": jury,
        "remit": request.layout.localized(jury.remit),
        "recruiting": jury.recruiting(now(request)),
        "statuses": [(STATUS_LABELS[k], n) for k, n in statuses.items()],
        "applicants": len(jury.applicants),
        "not_kept": jury.applicants.refused(),
        "quotas": quota_rows(request, jury),
        "draws": draws,
        "pending": pending[0] if pending else None,
        "vacancies": jury.vacancies(),
        "panel": len(jury.panel()),
        "to_invite": statuses["selected"],
        "declined": statuses["declined"],
        "algorithms": lottery_data.ALGORITHMS,
        "algorithm": jury.algorithm,
        **_features_section(request, jury),
    }


def _feature_form(request, jury):
    return make_form(
        request,
        FeatureSchema(),
        [deform.Button(name="add", title=_("Add the feature"))],
        action=request.resource_url(jury, "features"),
        formid="feature",
        focus="off",
    )  # it sits in the middle of the organiser page


def _features_section(request, jury, form=None):
    """The features in use, and the form adding one (none once people have
    applied: their answers would no longer match)."""
    locked = bool(jury.applicants)
    if form is None and not locked:
        form = _feature_form(request, jury).render()
    return {
        "features": feature_rows(request, jury),
        "features_locked": locked,
        "feature_form": form,
    }


@view_config(
    context=Jury,
    name="features",
    renderer=TEMPLATES + "features.pt",
    permission="manage_jury",
    require_csrf=False,
)
def features(request):
    """Add a feature of the organisers' own; the manage page shows the same
    form, and this page comes back with the text kept when it is refused."""
    jury = request.context
    form = _feature_form(request, jury)
    values = {"title": _("Features to stratify by"), "jury": jury, "error": None}
    if submitted(request, "add"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, **_features_section(request, jury, rendered))
        names = {lang: appstruct[f"name_{lang}"] for lang in LANGUAGES}
        try:
            feature = service(request).add_feature(jury, names, appstruct["values"])
        except JuryError as error:
            return dict(
                values,
                error=error.message,
                **_features_section(request, jury, form.render(appstruct)),
            )
        flash(
            request,
            _(
                'The feature "${name}" is added; its quotas are prefilled from its shares.',
                mapping={"name": feature_name(request, jury, feature.key)},
            ),
        )
        return HTTPSeeOther(request.resource_url(jury, "manage", anchor="features-title"))
    return dict(values, **_features_section(request, jury))


@view_config(context=Jury, name="remove-feature", permission="manage_jury", request_method="POST")
def remove_feature(request):
    jury = request.context
    key = request.POST.get("feature", "")
    custom = {feature.key for feature in jury.custom_features}
    name = feature_name(request, jury, key) if key in custom else key
    try:
        service(request).remove_feature(jury, key)
    except JuryError as error:
        flash(request, error.message)
    else:
        flash(
            request, _('The feature "${name}" is removed, with its quotas.', mapping={"name": name})
        )
    return HTTPSeeOther(request.resource_url(jury, "manage", anchor="features-title"))


@view_config(context=Jury, name="organisers", permission="manage", request_method="POST")
def add_organiser(request):
    """Administrators make someone (by e-mail) an organiser of this jury."""
    jury = request.context
    principal = request.root["principals"].find_by_email(request.POST.get("email", ""))
    if principal is None:
        flash(request, _("No account uses this e-mail address."))
    else:
        jury.grant_local_role(principal.id, "organiser")
        request.registry.notify(RoleGranted(request, jury, principal.id, "organiser"))
        flash(
            request,
            _("${name} is now an organiser of this jury.", mapping={"name": principal.public_name}),
        )
    return HTTPSeeOther(request.resource_url(jury, "manage"))
