"""Security headers on every response; `no-store` on every private one.

Every response says: no script, style, font or image from anywhere but this
site and no inline script or style (the pages have none: their only style
sheet is static/consult.css, and no page needs JavaScript), no framing
(clickjacking), no guessing of content types, no full address in the
Referer sent to other sites (a reset or invitation link carries its token
in the query), and no camera, microphone, location and the like.

A response is private, and gets `Cache-Control: private, no-store` in place
of whatever it had, when:

- the request comes from a signed-in person (the security policy knows them);
- its view needs a permission other than `view` (staff pages and exports:
  the people page lists every e-mail address, the applicants page phone
  numbers), or its context is not public (Everyone may not `view` it: an
  unpublished consultation);
- its address carries a `token` (a confirmation, reset or invitation link,
  or anything fetched with one);
- it sets a cookie (a cache must never hand one person's session to another);
- the request carries a session cookie (the page may show the person's
  flash messages or a form with their CSRF token).

Everything else, what anonymous readers see of public consultations, keeps
its caching headers, so that a proxy cache can serve it (consult.caching
gives them). So do static files, which hold nothing personal, even for a
signed-in person.

The headers are added on `NewResponse`, not in a tween: the session cookie
is set by a response callback, which Pyramid runs after the tweens and before
`NewResponse`."""

from urllib.parse import parse_qsl

from pyramid.authorization import ACLHelper, Everyone
from pyramid.events import NewResponse
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.viewderivers import INGRESS

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
PRIVATE = "private, no-store"
PUBLIC_PERMISSIONS = (None, "view", NO_PERMISSION_REQUIRED)
STATIC_PATHS = ("/static/", "/deform-static/")
# Pyramid's SignedCookieSessionFactory's cookie (consult.config).
SESSION_COOKIE = "session"
_PRIVATE_VIEW = "consult.private_view"
_acl = ACLHelper()


def private_view(view, info):
    """The view deriver: mark the request private when a signed-in person
    asks (error pages included), when the view needs more than `view`, or
    when its context is not public. It runs inside the transaction, where
    the security policy may look the person up."""
    staff_only = info.options.get("permission") not in PUBLIC_PERMISSIONS

    def marked(context, request):
        failed = getattr(request, "exception", None) is not None
        if (
            request.identity is not None
            or not failed
            and (staff_only or not public_context(context))
        ):
            request.environ[_PRIVATE_VIEW] = True
        return view(context, request)

    return marked


def marked_private(request):
    return bool(request.environ.get(_PRIVATE_VIEW))


def public_context(context):
    return bool(_acl.permits(context, [Everyone], "view"))


def _has_token(request):
    return any(
        name == "token"
        for name, _value in parse_qsl(
            request.environ.get("QUERY_STRING", ""), keep_blank_values=True
        )
    )


def is_private(request, response):
    return bool(
        marked_private(request)
        or SESSION_COOKIE in request.cookies
        or _has_token(request)
        or "Set-Cookie" in response.headers
    )


def add_security_headers(event):
    request, response = event.request, event.response
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.environ.get("PATH_INFO", "").startswith(STATIC_PATHS):
        return
    if is_private(request, response):
        response.headers["Cache-Control"] = PRIVATE
        response.headers.pop("Expires", None)


def includeme(config):
    config.add_view_deriver(private_view, under=INGRESS, over="secured_view")
    config.add_subscriber(add_security_headers, NewResponse)
