"""Anonymous pages from a shared cache: validators, 304s and caching headers.

A page an anonymous reader gets (no signed-in person, no session cookie, a
GET or HEAD) is the same for every anonymous reader in that language, so a
shared cache (etc/nginx.conf's micro-cache, a CDN, the browser) may keep it:
such a response says `Cache-Control: public, max-age=N,
stale-while-revalidate=M` (`consult.cache.*`), carries an ETag and
`Vary: Accept-Language, Cookie, Accept-Encoding` (the language is
negotiated from the first two: consult.i18n.negotiation). Everything that depends on the person stays
`private, no-store` (consult.headers decides: a signed-in person, a session
cookie in the request, a cookie set by the response, a staff view, a
non-public context, a token in the address), and carries no ETag.

The ETag is computed before the view runs, from what the page is made of:
the address; the revisions of what it shows (consult.revisions): for a page
within a consultation, that consultation's counter and the site's (its
settings, menus and organisations' names), so that a comment elsewhere
leaves it valid, and what of it changes with time alone (its stages'
statuses: `IPageTimes`); for any other page (lists, search, the home page),
the database's revision the request reads (the last committed transaction
its connection sees, a counter every write moves); the language, the
representation asked for (`Accept`) and a time bucket, for what no counter
sees: a new version of the code, a change no event announces (a person's
new public name on their comments), and on pages outside a consultation
text that changes with time (a stage that opens, in a list). The bucket is
`consult.cache.etag_seconds` outside a consultation and the longer
`consult.cache.counted_etag_seconds` within one, where the stages are
counted exactly; each address's bucket turns at its own offset.
A request whose `If-None-Match` names it is answered 304 at once, without
rendering the page.

Such a page is sent gzipped to a reader who accepts gzip (`Vary:
Accept-Encoding`): a shared cache then keeps it compressed, once per
rendering, and serves each hit as stored, where compressing the stored page
again at every hit was most of a front cache's CPU per page
(etc/nginx.conf, benchmarks/README.md "Load with wrk"). Only such pages:
a private page may hold a secret (a CSRF token) next to text the reader
chose, which compression can leak (BREACH)."""

import gzip
import hashlib
import zlib

from pyramid.events import NewResponse
from pyramid.response import Response

from .clock import IClock
from .headers import (
    PUBLIC_PERMISSIONS,
    SESSION_COOKIE,
    STATIC_PATHS,
    is_private,
    marked_private,
    public_context,
)
from .revisions import IPageTimes, revision_holder, site_revision
from .settings import settings_of

SAFE_METHODS = ("GET", "HEAD")
VARY = ("Accept-Language", "Cookie", "Accept-Encoding")
_ETAG = "consult.cache.etag"
# Text worth compressing; images, PDFs and archives are compressed already.
COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml")
# nginx's default level, so readers get the bytes they got from nginx: 0.45
# ms for a 37 kB article page here, where zlib's default (6) took 1.3 ms for
# 11 % fewer bytes, on every rendering (each comment renders its
# consultation's pages in use again).
GZIP_LEVEL = 1
GZIP_MIN_BYTES = 512


def shareable_request(request):
    """A request whose answer may be the same for every anonymous reader
    (static files keep their own validators and never open the database)."""
    return (
        request.method in SAFE_METHODS
        and not request.environ.get("PATH_INFO", "").startswith(STATIC_PATHS)
        and SESSION_COOKIE not in request.cookies
        and request.identity is None
    )


def database_revision(request):
    """The transaction id of the snapshot the request's connection reads, so
    that the ETag never names a newer state than the page shows: ZODB's MVCC
    adapter (FileStorage, ZEO) keeps it as `_start` (the id after it);
    RelStorage's own instance answers `lastTransaction()` with the highest
    transaction its snapshot sees."""
    connection = request.root._p_jar
    if connection is None:  # a root outside a database
        return b""
    start = getattr(connection._storage, "_start", None)
    return start if start is not None else connection._storage.lastTransaction()


def content_revision(request, now):
    """What the page's validator counts of the stored data it shows, and the
    seconds of its time bucket."""
    settings = settings_of(request)
    holder = revision_holder(request.context)
    if holder is None:
        revision = "db:" + database_revision(request).hex()
        return revision, settings["consult.cache.etag_seconds"]
    times = request.registry.queryUtility(IPageTimes)
    timed = times(holder, now) if times is not None else ""
    revision = f"{holder.page_revision_value()}:{site_revision(request.root)}:{timed}"
    return revision, settings["consult.cache.counted_etag_seconds"]


def page_clock(request):
    """The site's clock, without the request's service container: building
    that container was a fifth of a 304's CPU, and a 304 needs no other
    service."""
    return request.find_service_factory(IClock)(None, request)


def page_etag(request):
    now = page_clock(request).now()
    revision, seconds = content_revision(request, now)
    # Each address turns over at its own moment of the period, so that the
    # pages of a cache are not all rendered again in the same second.
    offset = zlib.crc32(request.path_qs.encode()) % seconds
    bucket = int((now.timestamp() + offset) // seconds)
    parts = (
        # ETags belong to their address; one from another page never matches.
        request.path_qs,
        revision,
        request.locale_name,
        request.headers.get("Accept", ""),
        str(bucket),
    )
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()
    return f'W/"{digest}"'


def validated_view(view, info):
    """The view deriver: a page anonymous readers share gets its ETag before
    it is rendered, and a reader who holds it gets a 304 instead of the page."""
    if info.options.get("permission") not in PUBLIC_PERMISSIONS:
        return view

    def validated(context, request):
        if (
            getattr(request, "exception", None) is not None
            or marked_private(request)
            or not shareable_request(request)
            or not public_context(context)
        ):
            return view(context, request)
        etag = page_etag(request)
        request.environ[_ETAG] = etag
        # WebOb's matcher holds the opaque tags, the weak ones without "W/".
        if request.if_none_match and etag[3:-1] in request.if_none_match:
            return Response(status=304)
        return view(context, request)

    return validated


def caching_headers(event):
    request, response = event.request, event.response
    if request.environ.get("PATH_INFO", "").startswith(STATIC_PATHS):
        return
    etag = request.environ.get(_ETAG)
    if etag is None or is_private(request, response) or response.status_code not in (200, 304):
        # Nothing the person's own answer shows may serve as another's.
        response.headers.pop("ETag", None)
        return
    response.headers["ETag"] = etag
    for name in VARY:
        if name not in (response.vary or ()):
            response.vary = (*(response.vary or ()), name)
    if "Cache-Control" in response.headers:  # the view chose its own
        return
    settings = settings_of(request)
    max_age = settings["consult.cache.max_age"]
    if max_age:
        stale = settings["consult.cache.stale_while_revalidate"]
        response.headers["Cache-Control"] = (
            f"public, max-age={max_age}, stale-while-revalidate={stale}"
        )
    else:
        response.headers["Cache-Control"] = "no-cache"
    compress_shared(request, response)


def compress_shared(request, response):
    """Gzip a shared page for a reader who accepts it (`response` has its
    ETag: nothing in it is personal)."""
    if (
        response.status_code != 200
        or response.content_encoding
        or not (response.content_type or "").startswith(COMPRESSIBLE)
        # A body in memory (a rendered page), not a file streamed from disk.
        or not isinstance(response.app_iter, (list, tuple))
        # Asked for by name: without the header HTTP allows any coding, but
        # a reader that sends none (a script, a test client) expects text.
        or "Accept-Encoding" not in request.headers
        or not request.accept_encoding.acceptable_offers(["gzip"])
    ):
        return
    body = response.body
    if len(body) < GZIP_MIN_BYTES:
        return
    # mtime=0: the same page compresses to the same bytes.
    response.body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    response.content_encoding = "gzip"


def includeme(config):
    config.include(".revisions")
    config.add_view_deriver(validated_view, under="secured_view", over="owrapped_view")
    config.add_subscriber(caching_headers, NewResponse)
