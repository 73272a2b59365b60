"""Error pages that say what happened and what to do next.

There is deliberately no catch-all exception view: it would swallow
ConflictError and stop pyramid_retry from retrying."""
from pyramid.csrf import BadCSRFToken
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config

from .i18n import _
from .limits import RateLimited, json_error, too_many, wants_json


@notfound_view_config(renderer="consult:templates/errors/notfound.pt")
def not_found(request):
    request.response.status = 404
    return {}


@forbidden_view_config(renderer="consult:templates/errors/forbidden.pt")
def forbidden(request):
    if request.identity is None and request.method == "GET":
        login = request.resource_url(request.root, "login", query={"came_from": request.path_qs})
        return HTTPSeeOther(login)
    request.response.status = 403
    return {}


@exception_view_config(BadCSRFToken, renderer="consult:templates/errors/csrf.pt")
def bad_csrf(request):
    request.response.status = 400
    return {}


@exception_view_config(UnicodeDecodeError, renderer="consult:templates/errors/encoding.pt")
def bad_encoding(request):
    """A query string or form that is not UTF-8 (a mangled link): say so
    instead of failing with a 500."""
    request.response.status = 400
    return {}


@exception_view_config(RateLimited, renderer="consult:templates/feedback/form.pt")
def rate_limited(error, request):
    """An abuse limit a view did not handle itself: 429 with Retry-After
    (views with a form catch RateLimited to give the person their text back)."""
    if wants_json(request):
        return json_error(request, error)
    too_many(request, error)
    return {"title": _("Please wait a moment"), "about": None, "entry": None, "form": "",
            "error": error.message, "back_url": None}


def includeme(config):
    config.scan(".errors")
