"""A folder's contents as editors manage them (`@@contents`): its children
found by title, sorted by a column or kept in the editors' order, cut into
pages of 25. A row keeps the child's place in the editors' order, which the
reorder buttons show and change."""

import math
from dataclasses import dataclass

from .models import KINDS, STATES

PAGE_SIZE = 25
# The columns a list may be sorted by; "-title" is the reverse of "title" and
# no sort at all is the editors' order.
SORTS = ("title", "kind", "state", "modified")
QUERY_LIMIT = 200

_KEYS = {
    "title": lambda item: (item.title.casefold(), item.__name__),
    "kind": lambda item: (KINDS.index(item.kind), item.title.casefold()),
    "state": lambda item: (STATES.index(item.state), item.title.casefold()),
    "modified": lambda item: (item.modified, item.__name__),
}


@dataclass
class Listing:
    """One page of a folder's contents: `rows` are (place in the editors'
    order counted from 1, item); `total` counts every match, on all pages."""

    rows: list
    page: int
    pages: int
    total: int
    size: int = PAGE_SIZE

    @property
    def first(self):
        """The number of the page's first row among all matches."""
        return (self.page - 1) * self.size + 1

    @property
    def last(self):
        return self.first + len(self.rows) - 1

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages


def read_params(params):
    """The list's search, sort and page from a request's parameters, as they
    go back into links and forms (the empty and the default left out)."""
    query = params.get("q", "").strip()[:QUERY_LIMIT]
    sort = params.get("sort", "")
    try:
        page = max(int(params.get("page", "1")), 1)
    except ValueError:
        page = 1
    values = {"q": query, "sort": sort if sort.lstrip("-") in SORTS else "", "page": page}
    return {key: value for key, value in values.items() if value and value != 1}


def list_children(folder, query="", sort="", page=1, size=PAGE_SIZE):
    """The page `page` (clamped to those there are) of `folder`'s children
    whose title contains `query` (any case), sorted by `sort` (one of SORTS,
    "-" first for the reverse) or in the editors' order."""
    children = folder.ordered()
    rows = [(place, child) for place, child in enumerate(children, start=1)]
    needle = query.strip().casefold()
    if needle:
        rows = [(place, child) for place, child in rows if needle in child.title.casefold()]
    key = _KEYS.get(sort.lstrip("-"))
    if key is not None:
        rows.sort(key=lambda row: key(row[1]), reverse=sort.startswith("-"))
    pages = max(1, math.ceil(len(rows) / size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    return Listing(rows[start : start + size], page, pages, len(rows), size)


def next_sort(current, column):
    """What the column's heading link sorts by: the column, then its
    reverse when the list is already sorted by it."""
    return f"-{column}" if current == column else column
