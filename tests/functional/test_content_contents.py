"""A folder's contents for editors (`@@contents`): pages of 25 searched and
sorted with the parameters kept, reordering by hand without JavaScript, bulk
publish (a reviewer's) and the reasons for what was refused, copy, cut and
paste between folders, renaming; who may not see it, and a bulk POST without
its CSRF token."""

from datetime import timedelta

import pytest
from content_items import add_item, item_at
from webtest import TestApp

EDITOR, REVIEWER = "editor@example.kz", "reviewer@example.kz"


@pytest.fixture
def editor(make_user, browser):
    make_user(EDITOR, "Marat", "Ospanov", roles=("editor",))
    return browser(EDITOR)


@pytest.fixture
def reviewer(make_user, browser):
    # The contents page is the editors' ("edit"); a reviewer who manages
    # content holds both roles.
    make_user(REVIEWER, "Dana", "Bekova", roles=("editor", "reviewer"))
    return browser(REVIEWER)


@pytest.fixture
def folder(database, clock):
    """/pages/news-room/ with `titles` in it, in that order."""

    def make(titles=(), name="news-room", states=None):
        with database() as root:
            add_item(root, clock, root["pages"], "News room", "folder", name=name)
            for title in titles:
                state = (states or {}).get(title, "private")
                add_item(root, clock, f"/pages/{name}", title, state=state)
                clock.advance(timedelta(minutes=1))
        return f"/pages/{name}/"

    return make


def titles_on(page):
    return [row.select("td a")[0].text for row in page.html.select("table.contents-table tbody tr")]


def names_in(database, path):
    with database() as root:
        return list(item_at(root, path).order)


def messages_on(page):
    return [p.text for p in page.html.select(".messages p")]


def test_pages_of_25_sorted_and_searched_with_the_parameters_kept(editor, folder, clock):
    titles = [f"Item {number:02d}" for number in range(1, 31)]
    path = folder(titles, states={"Item 03": "published"})
    page = editor.get(path + "@@contents")
    assert titles_on(page) == titles[:25]
    assert page.html.select_one("caption").text.split() == ["Items", "1–25", "of", "30"]
    page = page.click("Next page")
    assert titles_on(page) == titles[25:]
    assert "Page 2 of 2" in page.html.select_one("nav.pager").text

    page = editor.get(path + "@@contents", {"sort": "-title"})
    assert titles_on(page) == titles[::-1][:25]
    # The heading links sort by their column (again: the reverse) and keep the search.
    heading = page.html.select_one("th[aria-sort='descending'] a")
    assert heading.text == "Title" and "sort=title" in heading["href"]
    page = page.click("Next page")
    assert titles_on(page) == titles[::-1][25:]
    assert "sort=-title" in page.request.url and "page=2" in page.request.url

    modified = editor.get(path + "@@contents", {"sort": "-modified"})
    assert titles_on(modified)[:2] == ["Item 30", "Item 29"]
    by_state = editor.get(path + "@@contents", {"sort": "-state"})
    assert titles_on(by_state)[0] == "Item 03"

    found = editor.get(path + "@@contents", {"q": "item 1", "sort": "-title"})
    assert titles_on(found) == [f"Item {n}" for n in range(19, 9, -1)]
    search = found.forms["contents-search"]
    assert search["q"].value == "item 1" and search["sort"].value == "-title"
    # Searched or sorted, the list has no places to move items to.
    assert not found.html.select("input[name^=position-]")
    assert (
        editor.get(path + "@@contents", {"q": "nothing like it"})
        .html.select_one("main")
        .find(string=lambda s: "No item in this folder" in s)
    )


def test_reorder_by_hand_with_buttons_and_positions(editor, folder, database):
    path = folder(["Alpha", "Beta", "Gamma", "Delta"])
    page = editor.get(path + "@@contents")
    page = page.forms["contents-form"].submit("move_down", value="alpha").follow()
    assert titles_on(page) == ["Beta", "Alpha", "Gamma", "Delta"]
    page = page.forms["contents-form"].submit("move_up", value="delta").follow()
    assert titles_on(page) == ["Beta", "Alpha", "Delta", "Gamma"]
    form = page.forms["contents-form"]
    form["position-gamma"] = "1"
    page = form.submit("to_position", value="gamma").follow()
    assert titles_on(page) == ["Gamma", "Beta", "Alpha", "Delta"]
    # Enter in a position field presses the form's first button, which
    # moves every item whose place was changed.
    form = page.forms["contents-form"]
    form["position-delta"] = "1"
    form["position-gamma"] = "4"
    page = form.submit("positions").follow()
    assert titles_on(page) == ["Delta", "Beta", "Alpha", "Gamma"]
    form = page.forms["contents-form"]
    form["position-alpha"] = "2"
    page = form.submit().follow()
    assert titles_on(page) == ["Delta", "Alpha", "Beta", "Gamma"]
    assert names_in(database, path) == ["delta", "alpha", "beta", "gamma"]
    # The folder's page shows the editors' order.
    shown = [a.text for a in editor.get(path).html.select("ul.content-list a")]
    assert shown == ["Delta", "Alpha", "Beta", "Gamma"]


def tick(form, *names):
    for field in form.fields["selected"]:
        field.checked = field._value in names


def test_bulk_publish_needs_a_reviewer_and_says_why_per_item(editor, reviewer, folder, database):
    path = folder(["Alpha", "Beta", "Gamma"], states={"Gamma": "published"})
    form = editor.get(path + "@@contents").forms["contents-form"]
    tick(form, "alpha", "beta")
    page = form.submit("action", value="publish").follow()
    assert messages_on(page) == [
        "Not published: Alpha. Only a reviewer may publish or retract content.",
        "Not published: Beta. Only a reviewer may publish or retract content.",
    ]
    with database() as root:
        assert [item.state for item in item_at(root, path).ordered()] == [
            "private",
            "private",
            "published",
        ]

    form = reviewer.get(path + "@@contents").forms["contents-form"]
    tick(form, "alpha", "gamma")
    page = form.submit("action", value="publish").follow()
    assert messages_on(page) == [
        "Published: Alpha.",
        "Not published: Gamma. This step cannot be taken from the item's current state.",
    ]
    form = page.forms["contents-form"]
    tick(form, "gamma")
    assert messages_on(form.submit("action", value="retract").follow()) == ["Retracted: Gamma."]
    with database() as root:
        assert [item.state for item in item_at(root, path).ordered()] == [
            "published",
            "private",
            "private",
        ]
    form = reviewer.get(path + "@@contents").forms["contents-form"]
    assert messages_on(form.submit("action", value="publish").follow()) == [
        "Tick the items to act on first."
    ]


def test_copy_cut_and_paste_between_folders(editor, folder, database):
    source = folder(["Alpha", "Beta", "Gamma"])
    target = folder(name="archive")
    form = editor.get(source + "@@contents").forms["contents-form"]
    tick(form, "alpha")
    page = form.submit("action", value="copy").follow()
    assert "Copied: Alpha." in messages_on(page)[0]
    page = editor.get(target + "@@contents")
    assert [li.text for li in page.html.select(".clipboard li")] == ["Alpha"]
    page = page.forms["clipboard-form"].submit("paste").follow()
    assert messages_on(page) == ["Pasted here: Alpha."]
    # A copy stays on the clipboard: pasting again makes another copy.
    page = page.forms["clipboard-form"].submit("paste").follow()
    assert titles_on(page) == ["Alpha", "Alpha"]

    form = editor.get(source + "@@contents").forms["contents-form"]
    tick(form, "beta", "gamma")
    form.submit("action", value="cut")
    page = editor.get(target + "@@contents").forms["clipboard-form"].submit("paste").follow()
    assert messages_on(page) == ["Pasted here: Beta, Gamma."]
    assert not page.html.select(".clipboard")
    assert names_in(database, source) == ["alpha"]
    assert names_in(database, target) == ["alpha", "alpha-2", "beta", "gamma"]
    with database() as root:
        copy = item_at(root, target + "alpha")
        assert copy.state == "private" and copy.uid != item_at(root, source + "alpha").uid

    # A folder cannot go into itself; the reason is given.
    with database() as root:
        uid = item_at(root, source).uid
    form = editor.get("/pages/@@contents", {"q": "News room"}).forms["contents-form"]
    tick(form, "news-room")
    form.submit("action", value="cut")
    page = editor.get(source + "@@contents").forms["clipboard-form"].submit("paste").follow()
    assert messages_on(page) == ["Not pasted: News room. A folder cannot be moved into itself."]
    with database() as root:
        assert root.content_catalog.get(uid).__parent__ is root["pages"]


def test_rename_with_a_form_per_item(editor, folder, database):
    path = folder(["Alpha"])
    page = editor.get(path + "@@contents").click(description="Rename")
    form = page.forms["deform"]
    assert form["name"].value == "alpha"
    form["name"] = "Not A Name"
    refused = form.submit("rename")
    assert "Use lowercase Latin letters" in refused.text
    form = refused.forms["deform"]
    form["name"] = "edit"
    assert "This name cannot be used in an address." in form.submit("rename").text
    form["name"] = "first-letter"
    page = form.submit("rename").follow()
    assert titles_on(page) == ["Alpha"]
    assert names_in(database, path) == ["first-letter"]
    # The top folder's name is part of the site's own addresses.
    editor.get("/pages/@@rename", status=404)


def test_editors_find_contents_and_trash_on_the_folder_page(editor, browser, folder):
    path = folder(["Alpha"], states={})
    page = editor.get("/pages/")
    links = [a["href"] for a in page.html.select("nav.staff-bar a")]
    assert links[:2] == [
        "http://localhost/pages/@@contents",
        "http://localhost/pages/@@trash",
    ]
    assert not browser().get("/pages/").html.select("nav.staff-bar")
    first = editor.get(path).html.select_one("nav.staff-bar a")
    assert first["href"].endswith(path + "@@contents")


def test_readers_get_not_found_or_forbidden(browser, make_user, folder):
    """What a reader may not even see is not found (404): a private item,
    and the management pages of a private folder, so that an address says
    nothing of what is not published (views/reading.py hidden_content). The
    management pages of a folder they may read are refused as elsewhere on
    the site: anonymous readers are sent to sign in, citizens get 403."""
    path = folder(["Alpha"])
    anonymous = browser()
    anonymous.get(path + "alpha", status=404)
    anonymous.get(path + "@@contents", status=404)
    assert "/login?came_from=" in anonymous.get("/pages/@@contents", status=303).location
    assert "/login?came_from=" in anonymous.get("/pages/@@trash", status=303).location
    make_user("citizen@example.kz", roles=("citizen",))
    citizen = browser("citizen@example.kz")
    citizen.get("/pages/@@contents", status=403)
    citizen.get(path + "alpha/@@rename", status=404)


def test_a_bulk_post_without_its_token_is_refused(editor, folder, database):
    path = folder(["Alpha"])
    editor.post(path + "@@contents", {"action": "delete", "selected": "alpha"}, status=400)
    editor.post(
        path + "@@contents",
        {"action": "delete", "selected": "alpha", "csrf_token": "forged"},
        status=400,
    )
    assert names_in(database, path) == ["alpha"]


def test_refusals_are_reported_in_the_editors_language(make_user, wsgi_app, login, folder):
    make_user(EDITOR, "Marat", "Ospanov", roles=("editor",))
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "ru"})
    login(app, EDITOR)
    path = folder(["Alpha"])
    page = app.get(path + "@@contents")
    assert page.html.select_one("h1").text == "Содержимое: News room"
    form = page.forms["contents-form"]
    tick(form, "alpha")
    assert messages_on(form.submit("action", value="publish").follow()) == [
        "Не опубликовано: Alpha. Публиковать материалы и снимать их с публикации может "
        "только рецензент."
    ]
