"""The demo site as a visitor reads it, through the real app on a copy of the
database `consult initialize --demo` built (tests/functional/conftest.py):
comments in three languages that say what their stance says, a consultation
that has run its course with its outcome report and data, real Polis
comments with their credit, tag names in the page's language."""

import html
import re
from pathlib import Path

import pytest

from consult.clock import SystemClock
from consult.responses.models import register_of

JURIES = "/consultations/citizens-juries/"
PETITIONS = "/consultations/online-petitions/"
ELECTORAL = "/consultations/electoral-reform/"


@pytest.fixture
def clock():
    """The demo was built with the real clock: its stages lie around now."""
    return SystemClock()


@pytest.fixture
def settings(settings, demo):
    """The app's settings on the demo's copy (`demo` is its ini)."""
    folder = Path(demo).parent
    # The hash secret the demo was built with (unit.scripts.test_cli.write_ini).
    return dict(
        settings, **{"zodbconn.uri": f"file://{folder}/Data.fs", "consult.hash_secret": "y"}
    )


def texts_by_language(page):
    """{language: [comment text]} of the comments a page shows."""
    found = {}
    for language, body in re.findall(
        r'<div class="comment-text" lang="(\w+)">(.*?)</div>', page.text, flags=re.S
    ):
        found.setdefault(language, []).append(html.unescape(re.sub(r"<[^>]+>", "", body)).strip())
    return found


def test_the_juries_article_shows_comments_in_kazakh_russian_and_english(app):
    shown = texts_by_language(app.get(JURIES + "drafts/1/3/"))
    assert set(shown) == {"kk", "ru", "en"}
    assert any(text.startswith("Бап жалпы алғанда дұрыс жазылған") for text in shown["kk"])
    assert any(text.startswith("Открытая жеребьевка") for text in shown["ru"])
    assert any(text.startswith("The article relies on quotas") for text in shown["en"])


def test_comments_carry_the_stance_their_text_takes(app):
    page = app.get(JURIES + "drafts/1/3/")
    for text, stance in [
        ("Открытая жеребьевка — лучшая защита", "stance-for"),
        ("The article relies on quotas", "stance-neutral"),
    ]:
        article = page.text[: page.text.index(text)].rsplit("<article", 1)[1]
        assert f'class="stance {stance}"' in article, text


def test_the_hidden_comment_shows_its_state_to_all_and_its_reason_to_moderators(app, login):
    article = app.get(JURIES + "drafts/1/3/")
    page = article.click(description=re.compile("Comments on paragraph 3:"))
    assert "Hidden by a moderator" in page.text
    assert "Серика Ахметова" not in page.text
    login(app, "moderator@demo.consult.kz", "demo-moderator-2026")
    page = app.get(page.request.url)
    assert "The moderator's reason: The comment gives a named person's home address" in page.text


def test_the_finished_consultation_links_its_outcome_report_and_data(app):
    page = app.get(PETITIONS)
    assert "Outcome of the consultation" in page.text
    report = page.click(href=r"/online-petitions/report$")
    assert "Outcome report" in report.text
    for name, content_type in [
        ("report.csv", "text/csv"),
        ("report.json", "application/json"),
        ("report.pdf", "application/pdf"),
    ]:
        # From the consultation's page and from its report.
        for where in (page, report):
            data = where.click(href=name + "$")
            assert data.status_int == 200
            assert data.content_type == content_type
            assert len(data.body) > 500


def test_every_comment_of_the_finished_consultation_is_answered(app, database):
    with database() as root:
        consultation = root["consultations"]["online-petitions"]
        register = register_of(consultation)
        comments = list(consultation.comments.comments.values())
        assert len(comments) >= 15
        answers = [register.get(comment.id) for comment in comments]
        assert all(answer is not None for answer in answers)
        groups = [answer.group for answer in answers if answer.group is not None]
        assert len(set(groups)) >= 3 and len(groups) > len(set(groups))
        assert consultation.state(SystemClock().now()) == "outcome"
    article = app.get(PETITIONS + "drafts/2/3/")
    page = article.click(description=re.compile("Comments on paragraph 1:"))
    assert "Accepted" in page.text and "Rejected" in page.text
    assert "Порог снижен до тридцати тысяч" in page.text
    assert "шек отыз мың қолға дейін төмендетілді" in page.text


def test_the_second_version_shows_the_accepted_changes(app):
    page = app.get(PETITIONS + "drafts/2/changes")
    inserted = [
        html.unescape(re.sub(r"<[^>]+>", "", text))
        for text in re.findall(r"<ins>(.*?)</ins>", page.text, flags=re.S)
    ]
    assert any("eGov mobile application" in text for text in inserted)
    assert any("one hundred and twenty" in text for text in inserted)
    assert any("тридцати" in text for text in inserted)
    assert "<del>" in page.text


def test_the_polis_consultation_credits_its_comments(app):
    page = app.get(ELECTORAL)
    summary = page.text.split('class="summary"', 1)[1].split("</div>", 1)[0]
    assert "CC BY 4.0" in summary and "The Computational Democracy Project" in summary
    green = app.get(ELECTORAL + "green/")
    assert "I would like Canada to implement an online voting system." in green.text
    assert "The Computational Democracy Project" in green.text


@pytest.mark.parametrize(
    ("language", "names", "keys"),
    [
        ("kk", "қатысу, азаматтық қазылар алқасы, заңнама", "participation, juries"),
        ("ru", "участие, гражданские жюри, законодательство", "participation, juries"),
        ("en", "participation, citizens' juries, legislation", "participation, juries"),
    ],
)
def test_tag_names_are_in_the_page_language(app, language, names, keys):
    page = app.get(JURIES, headers={"Accept-Language": language})
    assert f'lang="{language}"' in page.text[:300]
    assert names in page.text
    assert keys not in page.text


@pytest.mark.parametrize(
    ("language", "menu", "news"),
    [
        ("kk", "Жаңалықтар", "Онлайн-петициялар туралы заңды талқылаудың қорытындылары жарияланды"),
        ("ru", "Новости", "Итоги обсуждения закона об онлайн-петициях опубликованы"),
        ("en", "News", "The outcome of the consultation on online petitions is published"),
    ],
)
def test_the_home_page_shows_the_sites_menu_page_and_news_in_the_readers_language(
    app, language, menu, news
):
    home = app.get("/", headers={"Accept-Language": language})
    assert menu in [a.text.strip() for a in home.html.select("header nav a")]
    assert news in home.text


def test_the_juries_consultation_lists_its_explainer_and_news(app):
    page = app.get(JURIES, headers={"Accept-Language": "ru"})
    listed = [a.text for a in page.html.select(".explainers a")]
    assert listed == [
        "Белая книга о гражданских жюри открыта для замечаний",
        "Что такое гражданское жюри",
    ]


def test_the_demo_content_went_through_review(app, database):
    with database() as root:
        news = root["pages"]["news"].ordered()
        reviewer = root["principals"].find_by_email("reviewer@demo.consult.kz")
        assert news and all(item.state == "published" for item in news)
        assert all(
            [step.name for step in item.history] == ["submit", "publish"]
            and item.history[-1].who == reviewer.id
            for item in news
        )
