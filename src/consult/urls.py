"""Absolute links that leave the request: mail, downloads, feeds and the API.

A page can link relative to the address it was asked at, but a link that is
read elsewhere (a reset link in an e-mail, a URL in a JSON export or an
iCalendar file) must not come from the request's Host header: whoever sends
the request chooses it, and `POST /forgot-password` with `Host: evil.example`
mailed a working reset link to evil.example. Those links are built from
`consult.public_url`, the address people reach the site at, which
`consult.config.configure` requires."""
from urllib.parse import urlsplit

SETTING = "consult.public_url"


class PublicURLError(ValueError):
    """`consult.public_url` is missing or is not an http(s) address."""


def read_public_url(value):
    """The configured public address without its trailing slash, e.g.
    "https://consult.gov.kz" or "https://gov.kz/consult"; PublicURLError
    saying what to set when `value` is missing or not an http(s) address."""
    value = (value or "").strip()
    if not value:
        raise PublicURLError(
            f"{SETTING} must be set (or CONSULT_PUBLIC_URL): the address people reach the "
            "site at, e.g. https://consult.example.kz. Links in mail and downloads use it.")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or parts.username or parts.password:
        raise PublicURLError(
            f"{SETTING} = {value!r} is not an address such as https://consult.example.kz "
            "(http or https, a host, an optional port and path; no query, no user).")
    return value.rstrip("/")


def public_base(request):
    return request.registry.settings[SETTING]


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
