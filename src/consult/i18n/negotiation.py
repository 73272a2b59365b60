"""Choose the language of a request: `_LOCALE_` (query, then cookie) wins,
then the browser's Accept-Language, then the site's default language (its
administrators' choice, content.site.SiteSettings), then the ini's."""

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
    default = _site_default(request) or request.registry.settings.get(
        "pyramid.default_locale_name", "ru"
    )
    return request.accept_language.lookup(language_tags=LANGUAGES, default=default)


def _site_default(request):
    """The default language the site's administrators chose, if any. Read
    from the root traversal already found (never opening the database here:
    an error page may ask before there is a root)."""
    root = request.__dict__.get("root")
    settings = getattr(root, "site_settings", None)
    language = getattr(settings, "default_language", None)
    return language if language in LANGUAGES else None
