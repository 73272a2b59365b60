"""The web editors' content as SearchDocuments: one document of kind "page"
per item (news, FAQ entries, pages, links, files and images; folders are
found through what is in them), in the item's one language, at its path.

Who finds it: everyone once it and every folder above it are published;
before that, the staff who may see it unpublished (its __acl__). An item in
the trash has no document. Its dates (effective, expiry) are checked when
results are shown (`search.shown.ContentDates`), not here: nothing is
written when a date arrives, so a document made public only from its
effective date would never become public; and the feeder has no clock of
the site's (a test's clock stands still, the feeder's would not)."""

import html

import nh3

from ..content.models import ContentFolder, ContentItem
from ..content.rendering import render_markdown
from .interfaces import EVERYONE, SearchDocument

KIND = "page"
# Who may see an unpublished item (content.models.STAFF_ROLES and the
# site's administrators).
CONTENT_STAFF = ("role:administrator", "role:editor", "role:reviewer")
SEARCHED_KINDS = ("page", "news", "faq", "link", "file", "image")


def content_document_id(uid):
    return f"{KIND}:{uid}"


def uid_of(document_id):
    """The item's uid in a content document's id, else None."""
    prefix, _, uid = document_id.partition(":")
    return uid if prefix == KIND and uid else None


def plain_text(markdown):
    """What a reader reads of a Markdown body: its words, no markup."""
    return html.unescape(nh3.clean(render_markdown(markdown), tags=set())).strip()


def _placed(item):
    """(in the tree, published with every folder above it)."""
    published = True
    while isinstance(item, ContentItem):
        if item.trashed:
            return False, False
        published = published and item.state == "published"
        parent = item.__parent__
        if parent is None:
            return False, False
        item = parent
    return True, published


def content_document(item):
    """The item's SearchDocument, or None when it has none (a folder, an
    item without a language, one in the trash)."""
    if item.kind not in SEARCHED_KINDS or not item.language:
        return None
    in_tree, published = _placed(item)
    if not in_tree:
        return None
    extra = [item.url] if item.kind == "link" and item.url else []
    if item.kind in ("file", "image") and item.filename:
        extra.append(item.filename)
    text = "\n\n".join(
        part for part in (item.summary, plain_text(item.body), *extra) if part and part.strip()
    )
    path = "/" + "/".join(_names(item)) + "/"
    return SearchDocument(
        id=content_document_id(item.uid),
        kind=KIND,
        language=item.language,
        title=item.title,
        text=text,
        url=path,
        state=item.state,
        created=item.shown_date,
        visible_to=(EVERYONE,) if published else CONTENT_STAFF,
    )


def _names(item):
    names: list[str] = []
    while isinstance(item, ContentItem):
        names.append(item.__name__ or "")
        item = item.__parent__
    return reversed(names)


def walk(item):
    """The item and everything inside it."""
    yield item
    if isinstance(item, ContentFolder):
        for child in item.values():
            yield from walk(child)


def content_documents(root):
    """Every content item's document (in the tree, not in the trash)."""
    top = root.get("pages") if hasattr(root, "get") else None
    if top is None:
        return
    for item in walk(top):
        document = content_document(item)
        if document is not None:
            yield document


def content_count(root):
    """How many content items there are, from the catalog's counter."""
    catalog = getattr(root, "content_catalog", None)
    return catalog.count() if catalog is not None else 0
