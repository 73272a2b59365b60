"""Old addresses after a rename or a move answer 301 to where the item is
now, with the rest of the path and the query; other addresses not found
stay 404, and so does an old address of an item the reader may not see."""

import pytest
from content_items import add_item

EDITOR = "editor@example.kz"


@pytest.fixture
def editor(make_user, browser):
    make_user(EDITOR, "Marat", "Ospanov", roles=("editor",))
    return browser(EDITOR)


@pytest.fixture
def site(database, clock):
    """/pages/guide/ (published) with a published page and a private one,
    and an empty published folder /pages/archive/."""
    with database() as root:
        add_item(root, clock, root["pages"], "Guide", "folder", name="guide", state="published")
        add_item(root, clock, "/pages/guide", "How to comment", name="how", state="published")
        add_item(root, clock, "/pages/guide", "Draft", name="draft")
        add_item(root, clock, root["pages"], "Archive", "folder", name="archive", state="published")


def rename(app, path, name):
    form = app.get(path + "@@rename").forms["deform"]
    form["name"] = name
    return form.submit("rename").follow()


def test_a_renamed_folder_redirects_with_the_rest_of_the_path_and_the_query(editor, browser, site):
    page = rename(editor, "/pages/guide/", "taking-part")
    assert "Renamed. Its old address /pages/guide leads to the new one." in page.text
    reader = browser()
    moved = reader.get("/pages/guide/", status=301)
    assert moved.location == "http://localhost/pages/taking-part/"
    moved = reader.get("/pages/guide/how/", {"lang": "kk"}, status=301)
    assert moved.location == "http://localhost/pages/taking-part/how/?lang=kk"
    assert moved.follow().status_int == 200
    assert reader.get("/pages/guide", status=301).location.endswith("/pages/taking-part/")
    # Renamed again: the first old address leads to the latest.
    rename(editor, "/pages/taking-part/", "participation")
    assert reader.get("/pages/guide/how", status=301).location.endswith("/pages/participation/how")
    assert reader.get("/pages/taking-part/", status=301).location.endswith("/pages/participation/")
    # Everything else not found stays the 404 page.
    assert "Page not found" in reader.get("/pages/nothing-here/", status=404).text
    reader.get("/pages/participation/nothing-here", status=404)
    reader.get("/consultations/guide/", status=404)
    # A form posted to an old address is not redirected (it would arrive as a GET).
    editor.post("/pages/guide/how/", {}, status=404)


def test_a_moved_item_redirects(editor, browser, site):
    form = editor.get("/pages/guide/@@contents").forms["contents-form"]
    for field in form.fields["selected"]:
        field.checked = field._value == "how"
    form.submit("action", value="cut")
    editor.get("/pages/archive/@@contents").forms["clipboard-form"].submit("paste")
    moved = browser().get("/pages/guide/how/", status=301)
    assert moved.location == "http://localhost/pages/archive/how/"
    assert "How to comment" in moved.follow().text


def test_an_old_address_of_a_private_item_is_not_found_for_readers(editor, browser, site):
    rename(editor, "/pages/guide/draft/", "second-draft")
    browser().get("/pages/guide/draft/", status=404)
    assert editor.get("/pages/guide/draft/", status=301).location.endswith(
        "/pages/guide/second-draft/"
    )


def test_an_item_made_at_an_old_address_owns_it(editor, browser, site, database, clock):
    rename(editor, "/pages/guide/how/", "how-to-comment")
    with database() as root:
        add_item(root, clock, "/pages/guide", "Another page", name="how")
    reader = browser()
    # The new item is private: its address is not found, not redirected.
    reader.get("/pages/guide/how/", status=404)
    reader.get("/pages/guide/how/@@edit", status=404)
    assert "Another page" in editor.get("/pages/guide/how/").text
