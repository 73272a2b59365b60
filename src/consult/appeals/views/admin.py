"""The administrators' pages: the category tree (names in kk/ru/en) and the
routing rules, with a test: pick a category and a place, see where an
appeal goes and by which rule."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...layout import flash
from ..interfaces import AppealError
from ..models import Appeals
from ..routing import ANY
from .common import (
    TEMPLATES,
    category_choices,
    named,
    organisation_choices,
    service_of,
    territory_choices,
)


@view_config(
    context=Appeals,
    name="categories",
    permission="manage_appeals",
    renderer=TEMPLATES + "categories.pt",
)
def categories(request):
    service = service_of(request)
    error = None
    if request.method == "POST":
        post = request.POST
        try:
            service.save_category(
                post.get("code", "").strip(),
                {language: post.get(f"title_{language}", "") for language in ("kk", "ru", "en")},
                post.get("parent", "") or None,
            )
        except AppealError as exception:
            request.tm.doom()
            error = exception.message
        else:
            flash(request, _("The category is saved."))
            return HTTPSeeOther(request.resource_url(request.context, "categories"))
    return {
        "tree": service.appeals.categories.ordered(),
        "choices": category_choices(request),
        "error": error,
        "posted": request.POST if error else {},
    }


@view_config(
    context=Appeals, name="routing", permission="manage_appeals", renderer=TEMPLATES + "routing.pt"
)
def routing(request):
    service = service_of(request)
    error = None
    if request.method == "POST":
        post = request.POST
        try:
            if "remove" in post:
                service.remove_rule(post.get("category", ""), post.get("kato", ""))
            else:
                service.set_rule(
                    post.get("category", ""), post.get("kato", ""), post.get("organisation", "")
                )
        except AppealError as exception:
            request.tm.doom()
            error = exception.message
        else:
            flash(request, _("The routing rules are saved."))
            return HTTPSeeOther(request.resource_url(request.context, "routing"))
    categories = dict(category_choices(request))
    territories = dict(territory_choices(request))
    organisations = dict(organisation_choices(request))
    tested = None
    test_category, test_kato = request.GET.get("category"), request.GET.get("kato")
    if test_category and test_kato:
        organisation, rule = service.route(test_category, test_kato)
        tested = {
            "organisation": organisations.get(organisation, organisation),
            "rule": rule,
        }
    any_label = request.localizer.translate(_("Any"))
    return {
        "rules": [
            (
                category,
                kato,
                categories.get(category, any_label).strip(),
                territories.get(kato, any_label).strip(),
                organisations.get(address, address),
            )
            for (category, kato), address in service.appeals.rules.items()
        ],
        "categories": list(categories.items()),
        "territories": list(territories.items()),
        "organisations": list(organisations.items()),
        "any": ANY,
        "error": error,
        "tested": tested,
        "test_category": test_category or "",
        "test_kato": test_kato or "",
        "named": named,
    }
