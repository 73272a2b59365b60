import unicodedata
from urllib.parse import quote

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..resources.models import Root
from . import LANGUAGES
from .negotiation import COOKIE

# What a path and query may hold as they are (RFC 3986's reserved and
# unreserved characters, and "%" of what is encoded already).
LOCAL_PATH_SAFE = "/?&=;:@+$,!~*'()%#[]"


def safe_return_path(request, came_from):
    """Only paths on this site, never another host (no open redirect): a
    path that browsers could read as another host ("//host", "/\\host"), or
    that holds a control character (CR/LF would split the Location header),
    leads home instead. Other characters outside ASCII are percent-encoded."""
    if (
        came_from
        and came_from.startswith("/")
        and not came_from.startswith(("//", "/\\"))
        and not any(unicodedata.category(c) == "Cc" for c in came_from)
    ):
        return request.application_url + quote(came_from, safe=LOCAL_PATH_SAFE)
    return request.resource_url(request.root)


def remember_language(response, language):
    """Make `language` the browser's choice (negotiation reads the cookie)."""
    response.set_cookie(COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax")


@view_config(context=Root, name="set-language", request_method="GET")
def set_language(request):
    """Switch the site's language; a signed-in person's mail follows it
    (accounts.models.Principal.language)."""
    language = request.params.get("lang")
    response = HTTPSeeOther(safe_return_path(request, request.params.get("came_from")))
    if language in LANGUAGES:
        remember_language(response, language)
        # Asked of the identity rather than imported: i18n is plumbing and
        # imports no capability (tests/unit/test_package_imports.py).
        choose_language = getattr(request.identity, "choose_language", None)
        if choose_language is not None:
            choose_language(language)
    return response
