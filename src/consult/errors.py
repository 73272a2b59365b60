"""Error pages that say what happened and what to do next.

There is deliberately no catch-all exception view: it would swallow
ConflictError and stop pyramid_retry from retrying."""

from babel.numbers import format_decimal
from pyramid.csrf import BadCSRFToken
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.interfaces import IRootFactory
from pyramid.response import Response
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config

from .bodies import BodyTooLarge, MiB, UnreadableBody
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


def _with_root(request):
    """Error pages link to the site through its root; an address that cannot
    be decoded fails before traversal has set it."""
    if getattr(request, "root", None) is None:
        request.root = request.registry.getUtility(IRootFactory)(request)


@exception_view_config(UnicodeDecodeError, renderer="consult:templates/errors/encoding.pt")
def bad_encoding(request):
    """An address, query string or form that is not UTF-8 (a mangled link):
    say so instead of failing with a 500."""
    _with_root(request)
    request.response.status = 400
    return {}


@exception_view_config(UnreadableBody, renderer="consult:templates/errors/bad_request.pt")
def unreadable_body(request):
    if wants_json(request):
        return _json(
            request, 400, "bad_request", _("The body of the request cannot be read as a form.")
        )
    request.response.status = 400
    return {}


def size_label(request, size):
    """`size` bytes as "1.5 MB" or "800 KB" in the reader's language."""
    locale = "kk_KZ" if request.locale_name == "kk" else request.locale_name
    if size >= MiB:
        return _(
            "${number} MB", mapping={"number": format_decimal(size / MiB, "#,##0.#", locale=locale)}
        )
    return _(
        "${number} KB",
        mapping={"number": format_decimal(max(size // 1024, 1), "#,##0", locale=locale)},
    )


@exception_view_config(BodyTooLarge, renderer="consult:templates/errors/too_large.pt")
def body_too_large(error, request):
    """A body over the view's bound (bodies.py): the limit, and what to do."""
    translate = request.localizer.translate
    message = _(
        "What you sent is ${size}; this form accepts at most ${limit}. Nothing was "
        "saved. Go back to shorten the text or to choose a smaller file.",
        mapping={
            "size": translate(size_label(request, error.size)),
            "limit": translate(size_label(request, error.limit)),
        },
    )
    if wants_json(request):
        response = _json(request, 413, "too_large", message)
        response.json_body = dict(response.json_body, limit=error.limit)
        return response
    request.response.status = 413
    return {"message": message}


def _json(request, status, code, message):
    response = Response(status=status, content_type="application/json", charset="utf-8")
    response.json_body = {"error": code, "message": request.localizer.translate(message)}
    return response


@exception_view_config(RateLimited, renderer="consult:templates/feedback/form.pt")
def rate_limited(error, request):
    """An abuse limit a view did not handle itself: 429 with Retry-After
    (views with a form catch RateLimited to give the person their text back)."""
    if wants_json(request):
        return json_error(request, error)
    too_many(request, error)
    return {
        "title": _("Please wait a moment"),
        "about": None,
        "entry": None,
        "form": "",
        "error": error.message,
        "back_url": None,
    }


def includeme(config):
    config.scan(".errors")
