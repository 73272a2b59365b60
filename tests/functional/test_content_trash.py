"""The trash (`@@trash` on /pages/): deleted from a folder's contents, shown
with where it was, who deleted it, when, and until when it can be restored;
restored where it was; removed for good after 30 days, when the page is
shown."""

from datetime import timedelta

import pytest
from content_items import add_item, item_at

EDITOR = "editor@example.kz"


@pytest.fixture
def editor(make_user, browser):
    make_user(EDITOR, "Marat", "Ospanov", roles=("editor",))
    return browser(EDITOR)


@pytest.fixture
def news_room(database, clock):
    with database() as root:
        add_item(
            root, clock, root["pages"], "News room", "folder", name="news-room", state="published"
        )
        for title in ("Alpha", "Beta", "Gamma"):
            add_item(root, clock, "/pages/news-room", title, state="published")
    return "/pages/news-room/"


def delete(app, path, *names):
    form = app.get(path + "@@contents").forms["contents-form"]
    for field in form.fields["selected"]:
        field.checked = field._value in names
    return form.submit("action", value="delete").follow()


def trash_rows(page):
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")[:6]]
        for row in page.html.select("table.trash-table tbody tr")
    ]


def test_deleted_items_go_to_the_trash_and_come_back(editor, browser, news_room, database, clock):
    page = delete(editor, news_room, "alpha", "gamma")
    assert [p.text for p in page.html.select(".messages p")] == [
        "Moved to the trash: Alpha, Gamma."
    ]
    assert [a.text for a in page.html.select("table.contents-table tbody td a[lang]")] == ["Beta"]
    browser().get(news_room + "alpha", status=404)

    trash = editor.get("/pages/@@trash")
    assert trash_rows(trash) == [
        [title, "Page", f"{news_room}{name}", "Marat O.", "2 March 2026, 14:00",
         "1 April 2026, 14:00"]
        for title, name in (("Gamma", "gamma"), ("Alpha", "alpha"))
    ]  # fmt: skip
    assert trash.html.select_one("caption").text == "Deleted items, the latest first"
    # Someone took the name meanwhile: the item comes back under another.
    with database() as root:
        add_item(root, clock, news_room, "Alpha", name="alpha")
    trash = restore_form(trash, "Alpha").submit().follow()
    assert "Restored: Alpha, at /pages/news-room/alpha-2/." in trash.text
    assert trash_rows(trash)[0][0] == "Gamma"
    trash = restore_form(trash, "Gamma").submit().follow()
    assert "Restored: Gamma, at /pages/news-room/gamma/." in trash.text
    assert "The trash is empty." in trash.text
    # Restored as it was: published, at its place in the order.
    assert browser().get(news_room + "gamma/").status_int == 200
    with database() as root:
        assert item_at(root, news_room).order[:2] == ["beta", "alpha"]
    # Restoring twice (a second tab) says so.
    page = editor.post("/pages/@@trash", {"key": "1", "csrf_token": csrf(editor)}).follow()
    assert "This item is no longer in the trash." in page.text


def csrf(app):
    return app.get("/pages/@@trash").html.select_one("input[name=csrf_token]")["value"]


def test_the_trash_page_removes_what_is_older_than_30_days(editor, news_room, clock, database):
    delete(editor, news_room, "alpha")
    clock.advance(timedelta(days=29, hours=23))
    delete(editor, news_room, "beta")
    assert len(trash_rows(editor.get("/pages/@@trash"))) == 2
    clock.advance(timedelta(hours=1))
    page = editor.get("/pages/@@trash")
    assert "Items deleted more than 30 days ago were removed for good: 1." in page.text
    assert [row[0] for row in trash_rows(page)] == ["Beta"]
    with database() as root:
        catalog = root.content_catalog
        assert [entry.item.title for _key, entry in catalog.trashed()] == ["Beta"]
        assert all(item.title != "Alpha" for item in catalog.items.values())


def test_only_the_top_folder_has_a_trash(editor, news_room):
    editor.get(news_room + "@@trash", status=404)


def restore_form(page, title):
    """The restore form of the row of `title`."""
    [row] = [row for row in page.html.select("table.trash-table tbody tr") if row.td.text == title]
    key = row.select_one("input[name=key]")["value"]
    return next(
        form
        for form in page.forms.values()
        if form.get("key", default=None) and form["key"].value == key
    )
