"""The folder-contents list: search by title, sorts, pages of 25, each row
with its place in the editors' order; the parameters read back from a
request."""

from datetime import timedelta

from consult.content.listing import list_children, next_sort, read_params
from consult.content.services import ContentService


def make_folder(service, root, titles):
    folder = service.create(root["pages"], "folder", "en", "", {"title": "Folder"}, None)
    for title in titles:
        service.create(folder, "page", "en", "", {"title": title}, None)
        service.clock.advance(timedelta(minutes=1))
    return folder


def titles(listing):
    return [item.title for _place, item in listing.rows]


def test_pages_of_25_in_the_editors_order(root, content_clock):
    service = ContentService(root, content_clock, notify=lambda event: None)
    folder = make_folder(service, root, [f"Page {n:02d}" for n in range(1, 52)])
    first = list_children(folder)
    assert (first.page, first.pages, first.total, first.first, first.last) == (1, 3, 51, 1, 25)
    assert first.rows[0][0] == 1 and not first.has_previous and first.has_next
    last = list_children(folder, page=9)
    assert (last.page, titles(last), last.first, last.last) == (3, ["Page 51"], 51, 51)
    assert last.rows == [(51, folder["page-51"])]


def test_search_keeps_places_and_sorts_both_ways(root, content_clock):
    service = ContentService(root, content_clock, notify=lambda event: None)
    folder = make_folder(service, root, ["Бюджет", "Ærø", "budget 2027", "Ақпарат"])
    found = list_children(folder, query="БЮДЖЕТ")
    assert found.rows == [(1, folder.ordered()[0])]
    assert titles(list_children(folder, query="budget")) == ["budget 2027"]
    assert titles(list_children(folder, sort="title")) == [
        "budget 2027",
        "Ærø",
        "Ақпарат",
        "Бюджет",
    ]
    assert titles(list_children(folder, sort="-modified"))[0] == "Ақпарат"
    service.take_step(folder.ordered()[2], "submit", None, lambda permission: True)
    assert titles(list_children(folder, sort="-state"))[0] == "budget 2027"
    service.create(folder, "folder", "en", "", {"title": "Zeta"}, None)
    by_kind = titles(list_children(folder, sort="kind"))
    assert by_kind == ["Zeta", "budget 2027", "Ærø", "Ақпарат", "Бюджет"]
    # An unknown sort is the editors' order.
    assert titles(list_children(folder, sort="uid")) == titles(list_children(folder))


def test_parameters_from_a_request():
    assert read_params({}) == {}
    assert read_params({"q": "  tax ", "sort": "-title", "page": "3"}) == {
        "q": "tax",
        "sort": "-title",
        "page": 3,
    }
    assert read_params({"sort": "__class__", "page": "x"}) == {}
    assert read_params({"page": "1", "q": "x" * 500}) == {"q": "x" * 200}
    assert next_sort("", "title") == "title"
    assert next_sort("title", "title") == "-title"
    assert next_sort("-title", "title") == "title"
