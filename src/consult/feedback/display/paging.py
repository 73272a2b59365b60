"""Where comments are read: a thread's pages, anchors and URLs.

A thread shows `page_size` top-level comments a page and `REPLIES_SHOWN`
replies under each; `place_url` finds the page (or the comment's own page)
where a given comment is read."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...consultations.targets import target_url
from ...settings import settings_of

REPLIES_SHOWN = 20


def page_size(request):
    return settings_of(request)["consult.comments_per_page"]


def with_query(url, anchor=None, **params):
    """`url` with `params` set in its query string and its anchor replaced."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in params]
    pairs += [(k, v) for k, v in params.items() if v is not None]
    return urlunsplit(
        (scheme, netloc, path, urlencode(pairs), fragment if anchor is None else anchor)
    )


def thread_anchor(target):
    return "thread-" + target.replace(":", "-")


def comment_anchor(comment):
    return f"comment-{comment.id}"


def place_url(request, comment, url=None):
    """Where a comment is read in its thread: the page of the thread that
    shows it, at its anchor. A reply beyond the replies a thread page shows is
    read on its own page instead. `url` makes the URL of a resource
    (`request.resource_url` unless given, e.g. `urls.public_url` for mail)."""
    url = url or request.resource_url
    store = comment.__parent__
    consultation = store.__parent__
    chain = [comment]
    while chain[-1].parent_id is not None:
        parent = store.get(chain[-1].parent_id)
        if parent is None:
            return url(comment)
        chain.append(parent)
    for reply in chain[:-1]:
        position, _cursor = store.page_cursor(reply, REPLIES_SHOWN)
        if position >= REPLIES_SHOWN:
            return url(comment)
    top = chain[-1]
    _position, cursor = store.page_cursor(top, page_size(request))
    thread = target_url(request, consultation, comment.target, url)
    if cursor is not None:
        return with_query(
            thread, anchor=comment_anchor(comment), after=str(cursor), thread=comment.target
        )
    return with_query(thread, anchor=comment_anchor(comment))
