"""Old addresses of renamed and moved content answer 301 to where the item
is now, with the rest of the path and the query (Plone's
plone.app.redirector). A not-found view with the `moved_content` predicate:
errors.py keeps the 404 page for everything else and knows nothing of
content."""

from pyramid.httpexceptions import HTTPMovedPermanently
from pyramid.traversal import resource_path
from pyramid.view import notfound_view_config

from .common import may_see_unpublished, now

# Only content lives under the top folder; other 404s cost no lookup.
PREFIX = "/pages/"


def moved_target(request):
    """The URL that an address not found now leads to, or None: the item's
    new address plus the rest of the path and the query. A reader who may
    not see the item gets None, so an old address tells them nothing new."""
    if request.method not in ("GET", "HEAD"):
        # A form posted to an old address would arrive as a GET: let it fail.
        return None
    try:
        path = request.path_info
    except UnicodeDecodeError:  # errors.bad_encoding answers those
        return None
    if not path.startswith(PREFIX):
        return None
    catalog = getattr(getattr(request, "root", None), "content_catalog", None)
    if catalog is None:
        return None
    item, rest = catalog.moved_to(path)
    if item is None or not _beyond_traversal(request, path, rest):
        return None
    if not item.is_public(now(request)) and not may_see_unpublished(request, item):
        return None
    target = request.resource_url(item) + rest
    if rest and path.endswith("/"):
        target += "/"
    if request.query_string:
        target += "?" + request.query_string
    return target


def _segments(path):
    return [segment for segment in path.split("/") if segment]


def _beyond_traversal(request, path, rest):
    """Whether the old address matched is one that traversal did not reach:
    an item made since at an old address owns it (its own 404, a private
    item's, stays a 404)."""
    matched = len(_segments(path)) - len(_segments(rest))
    context = getattr(request, "context", None)
    reached = len(_segments(resource_path(context))) if context is not None else 0
    return matched > reached


class MovedContentPredicate:
    """`moved_content=True`: the address not found is an old address of
    content the requester may see."""

    def __init__(self, value, config):
        self.value = value

    def text(self):
        return f"moved_content = {self.value}"

    phash = text

    def __call__(self, context, request):
        return (moved_target(request) is not None) == self.value


@notfound_view_config(moved_content=True)
def moved_content(request):
    return HTTPMovedPermanently(moved_target(request))
