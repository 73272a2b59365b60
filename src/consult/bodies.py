"""Request bodies are bounded per form, and refused before anything parses them.

Every view accepts a body of at most `DEFAULT_BODY_BYTES`; a view that takes
an upload declares its own larger bound with the view option `body_limit`
(bytes), next to the limit of the file it accepts. A larger body is answered
413 with a page (JSON for the API) that says the limit; a multipart body
whose boundary is missing or malformed is answered 400. Both happen in a view
deriver placed first in the view pipeline: after traversal has found the view
(so the bound is the view's own) and before the CSRF check, the view or any
form reads `request.POST`, which is where WebOb would parse the body.

Nothing reads the body earlier: locale negotiation reads only the query
(i18n.negotiation), and pyramid_retry's `make_body_seekable` copies it to a
temporary file without parsing it. Above every view's bound, waitress's
`max_request_body_size` and nginx's `client_max_body_size` hold the same
figure, `largest_body_limit()` (etc/production.ini, etc/nginx.conf; a test
checks they agree)."""

import re
from email.message import Message

from pyramid.httpexceptions import HTTPBadRequest, HTTPRequestEntityTooLarge
from pyramid.viewderivers import INGRESS

MiB = 1024 * 1024
# The longest text a form takes is 20 000 characters (a recommendation, an
# answer with its translation): 80 KB of UTF-8 at worst. A megabyte leaves room
# for any form and is still nothing to parse.
DEFAULT_BODY_BYTES = 1 * MiB
# 1 to 70 characters (RFC 2046, 5.1.1), printable ASCII not ending with a space,
# as the parser WebOb uses checks (it allows some the RFC does not: WebTest's
# boundary has a "$"; it fails with a 500 on the rest).
_BOUNDARY = re.compile(r"[ -~]{0,69}[!-~]\Z")
_LARGEST = "consult.largest_body_limit"


class BodyTooLarge(HTTPRequestEntityTooLarge):
    """The body is over the view's bound; `limit` is that bound in bytes."""

    def __init__(self, limit, size):
        super().__init__()
        self.limit = limit
        self.size = size


class UnreadableBody(HTTPBadRequest):
    """The body says it is a multipart form but cannot be split into fields."""


def check_body(request, limit):
    """Refuse `request`'s body (BodyTooLarge, UnreadableBody) if it is larger
    than `limit` bytes or a multipart form without a sound boundary."""
    if request.content_length is None and request.is_body_readable:
        # Without a declared length (chunked), measure it: made seekable, the
        # body is a temporary file, and content_length is known.
        request.make_body_seekable()
    size = request.content_length or 0
    if size > limit:
        raise BodyTooLarge(limit, size)
    if size and request.content_type.startswith("multipart/"):
        header = Message()
        header["Content-Type"] = request.headers["Content-Type"]
        if not _BOUNDARY.match(str(header.get_param("boundary") or "")):
            raise UnreadableBody()


def body_limit_view(view, info):
    """The view deriver: check the body against the view's `body_limit`."""
    if info.exception_only:
        return view
    limit = int(info.options.get("body_limit") or DEFAULT_BODY_BYTES)
    registry = info.registry
    registry[_LARGEST] = max(registry.get(_LARGEST, DEFAULT_BODY_BYTES), limit)

    def bounded(context, request):
        if getattr(request, "exception", None) is None:
            check_body(request, limit)
        return view(context, request)

    return bounded


body_limit_view.options = ("body_limit",)


def largest_body_limit(registry):
    """The largest body any view of the application accepts, in bytes."""
    return registry.get(_LARGEST, DEFAULT_BODY_BYTES)


def includeme(config):
    config.add_view_deriver(body_limit_view, under=INGRESS, over="secured_view")
