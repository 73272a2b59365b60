"""Choose the language of a request: `_LOCALE_` (query, then cookie) wins,
then the browser's Accept-Language, then the ini default."""

from . import LANGUAGES

COOKIE = "_LOCALE_"


def negotiate_locale(request):
    try:
        # The query only: reading request.params would parse a POST body
        # before the view's body bound is checked (consult.bodies).
        asked = request.GET.get(COOKIE)
    except UnicodeDecodeError:  # a mangled address: errors.bad_encoding answers it
        asked = None
    for candidate in (asked, request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    default = request.registry.settings.get("pyramid.default_locale_name", "ru")
    return request.accept_language.lookup(language_tags=LANGUAGES, default=default)
