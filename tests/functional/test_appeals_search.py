"""Public appeals in the site's search (kind "appeal"): only the published
text and the public name, never a private appeal, the text as filed before
staff removed personal data, the address or the coordinates."""

from functional import test_appeals
from functional.test_appeals import AUTHOR, CLERK, file, press

from consult.appeals.events import AppealFiled

world = test_appeals.world  # the people, organisations and category of the appeals' tests


def search(app, text):
    return app.get("/api/search", {"q": text, "kind": "appeal"}).json


def test_a_public_appeal_is_searchable_a_private_one_never(browser, world, app, search_sync):
    public = file(browser(AUTHOR)).follow().request.path
    file(browser(AUTHOR), text="A private pothole near my flat, call me back", public=False)
    search_sync()
    found = search(app, "pothole")
    assert [hit["url"] for hit in found["results"]] == ["http://localhost" + public]
    hit = found["results"][0]
    assert hit["kind"] == "appeal" and hit["title"] == "Roads"
    assert "Aigerim S." in str(hit) and "Serikova" not in str(hit)
    assert "author@example.kz" not in str(found)
    assert search(app, "private")["total"] == 0
    page = app.get("/search", {"q": "pothole"})
    assert "Appeal to a state body" in page.text and public in page.text


def test_the_redacted_text_replaces_the_filed_one(browser, world, app, search_sync):
    path = file(browser(AUTHOR), text="Call me at 87010000000 about the pothole").follow()
    path = path.request.path
    search_sync()
    assert search(app, "87010000000")["total"] == 1
    press(browser(CLERK), path, "redact", text="The author asks to be called about the pothole")
    search_sync()
    assert search(app, "87010000000")["total"] == 0
    assert search(app, "called")["total"] == 1


def test_the_address_and_coordinates_are_not_searched(browser, world, app, search_sync):
    file(browser(AUTHOR), latitude="51.12")
    search_sync()
    assert search(app, "Kabanbay")["total"] == 1  # the text names the avenue
    assert search(app, "51.12")["total"] == 0 and search(app, "71.43")["total"] == 0
    assert search(app, "10")["total"] == 0  # "Kabanbay batyr 10", the address


def test_an_appeal_made_private_is_removed(browser, world, app, database, search_sync):
    path = file(browser(AUTHOR)).follow().request.path
    search_sync()
    assert search(app, "pothole")["total"] == 1
    with database() as root:
        appeal = root["appeals"][path.strip("/").split("/")[-1]]
        appeal.public = False
        app.app.registry.notify(AppealFiled(None, appeal))
    search_sync()
    assert search(app, "pothole")["total"] == 0
