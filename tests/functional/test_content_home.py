"""The home page composed by the editors: the chosen page in the reader's
language, the open consultations, the latest three public news items in
the reader's language."""

import pytest
from content_items import add
from factories import DAY


@pytest.fixture
def home_site(database, clock):
    with database() as root:
        welcome = add(root, clock, "page", "Добро пожаловать", body="Текст **ру**")
        add(root, clock, "page", "Қош келдіңіз", "kk", translation_of=welcome, body="Мәтін")
        news = add(root, clock, "folder", "Новости", name="news")
        for number in range(1, 6):
            add(
                root,
                clock,
                "news",
                f"Новость {number}",
                folder=news,
                effective=clock.now() - (10 - number) * DAY,
            )
        add(root, clock, "news", "Секретная новость", folder=news, published=False)
        add(root, clock, "news", "Жаңалық", "kk", folder=news)
        root.site_settings.update({"home_page": welcome.uid})
        return welcome.uid


def news_titles(page):
    section = page.html.find("section", class_="home-news")
    return [h3.text.strip() for h3 in section.find_all("h3")] if section else []


def test_the_chosen_page_open_consultations_and_latest_news(app, home_site, make_consultation):
    make_consultation("open-now", stage_open="white")
    page = app.get("/?_LOCALE_=ru")
    chosen = page.html.find("section", class_="home-page")
    assert chosen.h1.text == "Добро пожаловать" and chosen.get("lang") is None
    assert chosen.find("strong").text == "ру"
    assert page.html.find("a", href="http://localhost/consultations/open-now/") is not None
    assert news_titles(page) == ["Новость 5", "Новость 4", "Новость 3"]
    # The page comes first, then the consultations, then the news.
    text = page.text
    assert text.index("Добро пожаловать") < text.index("open-now") < text.index("Новость 5")


def test_each_reader_gets_their_language(app, home_site):
    kk = app.get("/?_LOCALE_=kk")
    assert kk.html.find("section", class_="home-page").h1.text == "Қош келдіңіз"
    assert news_titles(kk) == ["Жаңалық"]
    en = app.get("/")
    chosen = en.html.find("section", class_="home-page")
    assert chosen.h1.text == "Добро пожаловать" and chosen["lang"] == "ru"
    assert news_titles(en) == []
    assert en.html.html["lang"] == "en"


def test_a_private_chosen_page_is_not_shown(app, home_site, database):
    with database() as root:
        page = root.content_catalog.get(home_site)
        for other in root.content_catalog.translations(page).values():
            other.state = "private"
    page = app.get("/?_LOCALE_=kk")
    assert page.html.find("section", class_="home-page") is None
    assert "Қош келдіңіз" not in page.text
    assert page.html.find("h1") is not None
