"""The web editors' content in /search and /api/search: a published page is
found in its language, a private one only by the staff who may see it, a
trashed one no more, and one outside its dates by no reader (the dates are
checked when results are shown, so no reindexing is needed when they pass)."""

from datetime import timedelta

import pytest
from web_content import content_service, remove_starter_pages
from webtest import TestApp

from consult.search.content import content_document_id

WORD = "xylophone"


@pytest.fixture(autouse=True)
def without_starter_pages(database):
    with database() as root:
        remove_starter_pages(root)


@pytest.fixture
def create(database, clock):
    """create(title, language, publish=True, kind="news", **fields) -> uid."""

    def create(title, language="ru", publish=True, kind="news", folder=None, **fields):
        with database() as root:
            service = content_service(root, clock)
            where = root["pages"] if folder is None else root["pages"][folder]
            values = {"title": title, "summary": "", "body": f"Текст про {WORD}."} | fields
            item = service.create(where, kind, language, "", values, "editor")
            if publish:
                service.take_step(item, "publish", "reviewer", lambda permission: True)
            return item.uid

    return create


@pytest.fixture
def change(database, clock):
    """change(uid, what(service, item)) as a command would."""

    def change(uid, what):
        with database() as root:
            what(content_service(root, clock), root.content_catalog.get(uid))

    return change


@pytest.fixture
def staff(wsgi_app, make_user, login):
    def make(role):
        address = f"{role}@example.kz"
        make_user(address, role.title(), "Testova", roles=(role,))
        client = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
        login(client, address)
        return client

    return make


def found(client, words=WORD, **params):
    """The paths the page and the API give `client`; both must agree."""
    page = client.get("/search", params={"q": words, **params})
    on_page = [a["href"] for a in page.html.select("ol.search-results h3 a")]
    api = client.get("/api/search", params={"q": words, **params}).json
    assert [result["url"] for result in api["results"]] == on_page
    assert api["total"] == len(on_page)
    return [url.removeprefix("http://localhost") for url in on_page]


def test_a_published_page_is_found_in_its_language(app, create, search_sync):
    create("Новость о ксилофоне", "ru")
    create("Ксилофон туралы жаңалық", "kk")
    search_sync()
    assert sorted(found(app)) == ["/pages/ksilofon-turaly-zhanalyq/", "/pages/novost-o-ksilofone/"]
    assert found(app, language="kk") == ["/pages/ksilofon-turaly-zhanalyq/"]
    data = app.get("/api/search", params={"q": "ксилофоне", "language": "ru"}).json
    [result] = data["results"]
    assert (result["kind"], result["language"]) == ("page", "ru")
    assert result["title"] == "Новость о ксилофоне"
    assert data["facets"]["kind"] == {"page": 1}  # only the Russian one
    page = app.get("/search", params={"q": WORD, "kind": "page"})
    hits = page.html.select("ol.search-results > li")
    assert len(hits) == 2 and "News item" in hits[0].select_one(".badge").text
    labels = [label.get_text(" ", strip=True) for label in page.html.select("fieldset label")]
    assert any(label.startswith("Page of the site") for label in labels)
    for language, kind, label in (
        ("ru", "Новость", "Страница сайта"),
        ("kk", "Жаңалық", "Сайт беті"),
    ):
        page = app.get("/search", params={"q": WORD}, headers={"Accept-Language": language})
        assert kind in page.html.select_one("ol.search-results .badge").text
        labels = [label.get_text(" ", strip=True) for label in page.html.select("fieldset label")]
        assert any(text.startswith(label) for text in labels), labels


def test_a_private_page_is_found_by_the_staff_only(app, create, staff, search_sync):
    uid = create("Черновик о ксилофоне", publish=False)
    search_sync()
    assert found(app) == []
    for role in ("editor", "reviewer", "administrator"):
        assert found(staff(role)) == ["/pages/chernovik-o-ksilofone/"], role
    citizen = staff("citizen")
    assert found(citizen) == []
    assert content_document_id(uid) == f"page:{uid}"


def test_a_page_in_a_private_folder_is_hidden_with_it(app, create, change, search_sync):
    folder = create("Раздел", kind="folder", publish=False)
    create("Страница о ксилофоне", folder="razdel")
    search_sync()
    assert found(app) == []
    change(folder, lambda service, item: service.take_step(item, "publish", "r", lambda p: True))
    search_sync()
    assert found(app) == ["/pages/razdel/stranitsa-o-ksilofone/"]


def test_a_retracted_or_trashed_page_disappears(app, create, change, staff, search_sync):
    retracted = create("Первая о ксилофоне")
    trashed = create("Вторая о ксилофоне")
    search_sync()
    assert len(found(app)) == 2
    change(retracted, lambda service, item: service.take_step(item, "retract", "r", lambda p: True))
    change(trashed, lambda service, item: service.delete(item, "editor"))
    search_sync()
    assert found(app) == []
    # The editor still finds the retracted one; nobody finds what is in the trash.
    assert found(staff("editor")) == ["/pages/pervaia-o-ksilofone/"]


def test_a_page_is_shown_only_between_its_dates(app, create, change, clock, staff, search_sync):
    scheduled = create("Анонс о ксилофоне")
    expiring = create("Старое о ксилофоне")
    now = clock.now()
    change(
        scheduled, lambda service, item: service.set_dates(item, now + timedelta(days=2), None, "e")
    )
    change(
        expiring, lambda service, item: service.set_dates(item, None, now + timedelta(days=1), "e")
    )
    search_sync()
    assert found(app) == ["/pages/staroe-o-ksilofone/"]
    assert len(found(staff("editor"))) == 2
    # The dates pass: no change, no reindexing, and yet the results follow.
    clock.advance(timedelta(days=3))
    assert found(app) == ["/pages/anons-o-ksilofone/"]
