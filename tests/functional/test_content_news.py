"""A folder of news: newest first, ten a page with rel=prev/next, and its
Atom feed per language, parsed and checked: only public news in the feed's
language."""

from datetime import timedelta

import pytest
from content_items import add
from factories import DAY
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def news(database, clock):
    """/pages/news: twelve public Russian news items a day apart (the newest
    "Новость 12"), three Kazakh ones, the first a translation, and news the
    public may not see: private, pending, not yet in effect."""
    with database() as root:
        folder = add(root, clock, "folder", "Новости", name="news")
        kk_folder = add(root, clock, "folder", "Жаңалықтар", "kk", translation_of=folder)
        first = None
        for number in range(1, 13):
            item = add(
                root,
                clock,
                "news",
                f"Новость {number}",
                folder=folder,
                effective=clock.now() - (13 - number) * DAY,
                summary=f"Кратко {number}",
                body=f"**Текст** {number} <script>alert(1)</script>",
            )
            first = first or item
        for number in range(1, 4):
            add(
                root,
                clock,
                "news",
                f"Жаңалық {number}",
                "kk",
                folder=folder,
                effective=clock.now() - (20 - number) * DAY,
                translation_of=first if number == 1 else None,
            )
        add(root, clock, "news", "Секретная новость", folder=folder, published=False)
        pending = add(root, clock, "news", "На проверке", folder=folder, published=False)
        pending.state = "pending"
        add(root, clock, "news", "Завтрашняя", folder=folder, effective=clock.now() + DAY)
        add(root, clock, "news", "Құпия жаңалық", "kk", folder=folder, published=False)
        add(root, clock, "page", "Архив", folder=folder)
        return kk_folder.__name__


def titles(page):
    return [a.text for a in page.html.select("ol.news-list h2 a")]


def test_a_news_folder_lists_its_news_newest_first_ten_a_page(app, news):
    first = app.get("/pages/news/", headers={"Accept-Language": "ru"})
    # Новость 1 has its Kazakh translation: a Russian reader sees it in Russian.
    assert titles(first) == [f"Новость {n}" for n in range(12, 2, -1)]
    assert first.html.find("ol", class_="news-list")["start"] == "1"
    head_next = first.html.head.find("link", rel="next")
    assert head_next["href"] == "http://localhost/pages/news/?page=2"
    assert first.html.head.find("link", rel="prev") is None
    assert first.html.find("a", rel="next")["href"] == head_next["href"]
    assert "Архив" in first.text  # the folder's other items, on its first page
    for hidden in ("Секретная", "На проверке", "Завтрашняя", "Құпия"):
        assert hidden not in first.text
    assert "<script>alert" not in first.text

    second = app.get("/pages/news/?page=2", headers={"Accept-Language": "ru"})
    assert titles(second) == ["Новость 2", "Новость 1", "Жаңалық 3", "Жаңалық 2"]
    assert second.html.find("ol", class_="news-list")["start"] == "11"
    assert second.html.head.find("link", rel="prev")["href"] == "http://localhost/pages/news/"
    assert second.html.head.find("link", rel="next") is None
    assert second.html.find("li", lang="kk") is not None
    app.get("/pages/news/?page=3", status=404)


def test_the_listing_links_its_feeds(app, news):
    page = app.get("/pages/news/")
    feeds = page.html.head.find_all("link", rel="alternate", type="application/atom+xml")
    assert {(f["hreflang"], f["href"]) for f in feeds} == {
        (language, f"http://localhost/pages/news/@@atom?_LOCALE_={language}")
        for language in ("kk", "ru", "en")
    }


def entries(feed):
    return feed.findall(f"{ATOM}entry")


def test_the_atom_feed_has_the_public_news_in_its_language(app, news):
    response = app.get("/pages/news/@@atom?_LOCALE_=kk")
    assert response.content_type == "application/atom+xml"
    feed = etree.fromstring(response.body)
    assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == "kk"
    assert feed.findtext(f"{ATOM}id") == "http://localhost/pages/news/@@atom?_LOCALE_=kk"
    assert feed.findtext(f"{ATOM}title").startswith("Жаңалықтар")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://localhost/pages/news/@@atom?_LOCALE_=kk"
    assert links["alternate"] == f"http://localhost/pages/{news}/?_LOCALE_=kk"
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert [e.findtext(f"{ATOM}title") for e in entries(feed)] == [
        "Жаңалық 3",
        "Жаңалық 2",
        "Жаңалық 1",
    ]
    newest = entries(feed)[0]
    assert newest.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert newest.find(f"{ATOM}link").get("href").startswith("http://localhost/pages/news/")
    assert feed.findtext(f"{ATOM}updated") == newest.findtext(f"{ATOM}updated")


def test_the_russian_feed_has_only_russian_news_and_safe_html(app, news):
    feed = etree.fromstring(app.get("/pages/news/@@atom?_LOCALE_=ru").body)
    assert feed.get(XML_LANG) == "ru"
    found = [e.findtext(f"{ATOM}title") for e in entries(feed)]
    assert found == [f"Новость {n}" for n in range(12, 0, -1)]
    content = entries(feed)[0].find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>Текст</strong>" in content.text and "<script" not in content.text
    assert entries(feed)[0].findtext(f"{ATOM}summary") == "Кратко 12"


def test_a_private_folder_has_no_feed(app, database, clock):
    with database() as root:
        folder = add(root, clock, "folder", "Черновики", name="drafts", published=False)
        add(root, clock, "news", "Новость", folder=folder)
    app.get("/pages/drafts/@@atom?_LOCALE_=ru", status=404)
    app.get("/pages/drafts/", status=404)


def test_news_becomes_visible_when_it_takes_effect(app, news, clock):
    clock.advance(timedelta(days=2))
    feed = etree.fromstring(app.get("/pages/news/@@atom?_LOCALE_=ru").body)
    assert entries(feed)[0].findtext(f"{ATOM}title") == "Завтрашняя"


def test_the_feed_gathers_the_news_of_the_folders_translations(app, news, database, clock):
    with database() as root:
        add(root, clock, "news", "Қазақ бумасындағы", "kk", folder=root["pages"][news])
    feed = etree.fromstring(app.get("/pages/news/@@atom?_LOCALE_=kk").body)
    assert entries(feed)[0].findtext(f"{ATOM}title") == "Қазақ бумасындағы"
    same = etree.fromstring(app.get(f"/pages/{news}/@@atom?_LOCALE_=kk").body)
    assert [e.findtext(f"{ATOM}id") for e in entries(same)] == [
        e.findtext(f"{ATOM}id") for e in entries(feed)
    ]
