"""The organisers' view of the pool: the applicants, with their contact
data and answers, and whether the quotas can be met from them, with the
problems described. Applicant data appears only here (permission
`manage_jury`: the jury's organisers and administrators)."""

from pyramid.httpexceptions import HTTPNotFound
from pyramid.traversal import find_interface
from pyramid.view import view_config

from ...i18n import _
from ..models import Jury
from .common import STATUS_LABELS, TEMPLATES, feature_name, service, value_name

PAGE_SIZE = 50


@view_config(
    context=Jury, name="applicants", renderer=TEMPLATES + "applicants.pt", permission="manage_jury"
)
def applicants(request):
    """Contact data and answers: organisers of this jury and administrators only."""
    jury = request.context
    everyone = sorted(jury.applicants.values(), key=lambda a: a.created)
    try:
        start = max(0, int(request.params.get("start", 0)))
    except ValueError:
        raise HTTPNotFound() from None
    page = everyone[start : start + PAGE_SIZE]
    rows = [
        {
            "name": a.name,
            "email": a.email,
            "phone": a.phone,
            "created": request.layout.local_time(a.created),
            "status": STATUS_LABELS[a.status],
            "answers": [value_name(request, jury, f, a.answers[f]) for f in jury.features],
        }
        for a in page
    ]
    pages = {}
    if start > 0:
        pages["previous"] = request.resource_url(
            jury, "applicants", query={"start": max(0, start - PAGE_SIZE)}
        )
    if start + PAGE_SIZE < len(everyone):
        pages["next"] = request.resource_url(jury, "applicants", query={"start": start + PAGE_SIZE})
    return {
        "title": _("Applicants"),
        "jury": jury,
        "rows": rows,
        "total": len(everyone),
        "first": start + 1,
        "last": start + len(page),
        "features": [feature_name(request, jury, f) for f in jury.features],
        **pages,
    }


@view_config(
    context=Jury,
    name="feasibility",
    renderer=TEMPLATES + "feasibility.pt",
    permission="manage_jury",
)
def feasibility(request):
    jury = request.context
    result = service(request).check_feasibility(jury)
    return {
        "title": _("Can the quotas be met?"),
        "jury": jury,
        "feasible": result.feasible,
        "problems": describe_problems(request, result.problems, jury),
        "relaxed": relaxed_rows(request, jury, result.relaxed),
        "pool": sum(1 for a in jury.applicants.values() if a.status != "declined"),
    }


PROBLEM_TEXTS = {
    "pool": _("Only ${available} applicants have this value; the minimum is ${min}."),
    "total": _("The quotas of this feature do not add up to the panel size."),
    "relax": _(
        "Cannot be met together with the other quotas: ${min}–${max} would work "
        "(now ${old_min}–${old_max})."
    ),
}


def _names(request, jury, feature, value):
    """The names of a feature and its value, or the keys themselves for one
    the jury no longer has."""
    try:
        return feature_name(request, jury, feature), value_name(request, jury, feature, value)
    except KeyError:
        return feature, value


def describe_problems(request, problems, jury=None):
    jury = jury or find_interface(request.context, Jury)
    rows = []
    for problem in problems:
        problem = problem if isinstance(problem, dict) else vars(problem)
        feature, value = problem["feature"], problem["value"]
        low, high = problem["quota"]
        suggested = problem.get("suggested") or (low, high)
        text = PROBLEM_TEXTS[problem["kind"]]
        feature_label, value_label = _names(request, jury, feature, value)
        rows.append(
            {
                "feature": feature_label,
                "value": value_label,
                "text": _(
                    text,
                    mapping={
                        "available": problem.get("available"),
                        "min": suggested[0],
                        "max": suggested[1],
                        "old_min": low,
                        "old_max": high,
                    },
                ),
            }
        )
    return rows


def relaxed_rows(request, jury, relaxed):
    if not relaxed:
        return []
    rows = []
    for feature, values in relaxed.items():
        for value, (low, high) in values.items():
            old = jury.quotas.get(feature, {}).get(value)
            if old is not None and tuple(old) != (low, high):
                feature_label, value_label = _names(request, jury, feature, value)
                rows.append(
                    {
                        "feature": feature_label,
                        "value": value_label,
                        "old": f"{old[0]}–{old[1]}",
                        "new": f"{low}–{high}",
                    }
                )
    return rows
