"""The web editors' content on a real whoosh index: found once published,
by the staff only before, gone from it once in the trash."""

import pytest
from web_content import content_service, remove_starter_pages
from webtest import TestApp


@pytest.fixture
def settings(settings, tmp_path):
    return settings | {
        "consult.search.backend": "whoosh",
        "consult.search.path": str(tmp_path / "index"),
    }


def found(client, words):
    page = client.get("/search", params={"q": words})
    return [a["href"] for a in page.html.select("ol.search-results h3 a")]


def test_content_on_whoosh(app, wsgi_app, database, clock, make_user, login, search_sync):
    with database() as root:
        remove_starter_pages(root)
        service = content_service(root, clock)
        fields = {"title": "Ксилофон туралы", "body": "Жаңалық мәтіні"}
        item = service.create(root["pages"], "news", "kk", "", fields, "editor")
        uid = item.uid
    make_user("editor@example.kz", roles=("editor",))
    editor = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(editor, "editor@example.kz")
    search_sync()
    assert wsgi_app.registry.search_feeder.backend == "whoosh"
    assert found(app, "ксилофон") == []
    assert found(editor, "ксилофон") == ["http://localhost/pages/ksilofon-turaly/"]
    with database() as root:
        service = content_service(root, clock)
        service.take_step(root.content_catalog.get(uid), "publish", "r", lambda p: True)
    search_sync()
    assert found(app, "ксилофон") == ["http://localhost/pages/ksilofon-turaly/"]
    with database() as root:
        content_service(root, clock).delete(root.content_catalog.get(uid), "editor")
    search_sync()
    assert found(app, "ксилофон") == [] and found(editor, "ксилофон") == []
