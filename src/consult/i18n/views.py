from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..resources.models import Root
from . import LANGUAGES
from .negotiation import COOKIE


def safe_return_path(request, came_from):
    """Only paths on this site, never another host (no open redirect)."""
    if came_from and came_from.startswith("/") and not came_from.startswith("//"):
        return request.application_url + came_from
    return request.resource_url(request.root)


@view_config(context=Root, name="set-language", request_method="GET")
def set_language(request):
    language = request.params.get("lang")
    response = HTTPSeeOther(safe_return_path(request, request.params.get("came_from")))
    if language in LANGUAGES:
        response.set_cookie(COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response
