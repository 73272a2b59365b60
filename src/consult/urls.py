"""Absolute links that leave the request: mail, downloads, feeds and the API.

A page can link relative to the address it was asked at, but a link that is
read elsewhere (a reset link in an e-mail, a URL in a JSON export or an
iCalendar file) must not come from the request's Host header: whoever sends
the request chooses it, and `POST /forgot-password` with `Host: evil.example`
mailed a working reset link to evil.example. Those links are built from
`consult.public_url`, the address people reach the site at, which
`consult.config.configure` requires."""

from .settings import PublicURLError, read_public_url, settings_of  # noqa: F401 (their home)

SETTING = "consult.public_url"


def public_base(request):
    return settings_of(request)[SETTING]


def public_url(request, resource, *elements, **kw):
    """`request.resource_url(resource, *elements, query=..., anchor=...)`
    under the configured public address instead of the request's own."""
    return request.resource_url(resource, *elements, app_url=public_base(request), **kw)


def public_route_url(request, name, *elements, **kw):
    """`request.route_url` under the configured public address."""
    return request.route_url(name, *elements, _app_url=public_base(request), **kw)


def public_path_url(request, path):
    """An absolute URL of a site path such as "/consultations/x/" (the form
    the search index stores)."""
    return public_base(request) + "/" + path.lstrip("/")
