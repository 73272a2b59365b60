"""The web editors' content in search results, checked on the way out.

The index says who may find a page by its workflow state (search.content);
its effective and expiry dates are checked here, against the site's clock,
when results are shown: no write happens when a date arrives, so an index
that hid a page until its effective date would hide it for ever. A reader
who may see unpublished content (editors, reviewers, administrators) sees
it whatever its dates, as on its page; anyone else never sees a page that
is not public now (`ContentItem.is_public`: its dates and its folders').

A hit left out is taken off the total, so the page and the API agree; the
facet counts over all pages may still count it (a scheduled news item
counts under "Page of the site" before it shows), which says nothing of
its title or text."""

from dataclasses import replace

from ..clock import IClock
from .content import uid_of


class ShownContent:
    def __init__(self, request):
        self.request = request
        self.catalog = getattr(request.root, "content_catalog", None)
        self._now = None

    def item(self, document):
        """The content item behind `document`, or None (not content, or gone)."""
        uid = uid_of(document.id)
        if uid is None or self.catalog is None:
            return None
        return self.catalog.get(uid)

    def shown(self, document):
        uid = uid_of(document.id)
        if uid is None:
            return True
        item = self.item(document)
        if item is None:
            return False
        if self.request.has_permission("view_unpublished", item):
            return True
        if self._now is None:
            self._now = self.request.find_service(IClock).now()
        return item.is_public(self._now)

    def only_shown(self, result):
        """`result` without the content hits its reader may not see now."""
        hits = [hit for hit in result.hits if self.shown(hit.document)]
        if len(hits) == len(result.hits):
            return result
        return replace(result, hits=hits, total=result.total - (len(result.hits) - len(hits)))
