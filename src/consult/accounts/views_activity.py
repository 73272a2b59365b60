"""The signed-in person's activity: what they wrote, supported, reported and
applied for, from the sections the capabilities that keep them register
(IActivitySection). A closed account cannot sign in, so it has no page."""

from pyramid.view import view_config

from ..resources.models import Root
from .interfaces import IActivitySection
from .views_self import _signed_in


@view_config(
    context=Root,
    name="my-activity",
    request_method="GET",
    renderer="consult:templates/accounts/activity.pt",
)
def my_activity(request):
    principal = _signed_in(request)
    sections = (
        section(request, principal)
        for _name, section in sorted(request.registry.getUtilitiesFor(IActivitySection))
    )
    # The person's own record: never kept by a shared cache or the browser's.
    request.response.cache_control = "private, no-store"
    return {"principal": principal, "sections": [html for html in sections if html]}
