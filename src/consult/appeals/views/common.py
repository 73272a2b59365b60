"""What the appeals' views share: the service, names in the reader's
language, and running a service action with its refusal flashed."""

from pyramid.httpexceptions import HTTPSeeOther

from ...layout import flash
from ..interfaces import AppealError, IAppealService

TEMPLATES = "consult:templates/appeals/"


def service_of(request):
    return request.find_service(IAppealService)


def named(request, title):
    """A {language: name} in the reader's language, else any."""
    return title.get(request.locale_name) or next(iter(title.values()), "")


def category_choices(request):
    return [
        (category.code, "\u2003" * depth + named(request, category.title))
        for depth, category in service_of(request).appeals.categories.ordered()
    ]


def territory_choices(request):
    territories = service_of(request).territories
    return [
        (kato, ("\u2003" if t.level == "district" else "") + named(request, t.name))
        for kato, t in territories.items()
    ]


def organisation_choices(request):
    return sorted(
        ((name, named(request, o.title)) for name, o in service_of(request).organisations.items()),
        key=lambda pair: pair[1],
    )


def act(request, action, event=None, message=None, back=None):
    """Run `action()`; announce `event(request, appeal)` and flash `message`
    when it succeeds, flash the refusal when not; back to the appeal."""
    appeal = request.context
    try:
        action()
    except AppealError as error:
        request.tm.doom()
        flash(request, error.message)
    else:
        if event is not None:
            request.registry.notify(event(request, appeal))
        if message is not None:
            flash(request, message)
    return HTTPSeeOther(back or request.resource_url(appeal))
