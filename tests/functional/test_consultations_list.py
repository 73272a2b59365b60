"""The public list of consultations: open ones first, then those to come,
then the finished, each group nearest to now first; filters by status,
ministry and topic that work as a plain GET form, are kept from page to
page, read in the reader's language, and ignore values that name nothing."""

from datetime import timedelta

import factories
import pytest

import consult.consultations.views.listing
from consult.consultations.services import ConsultationService

DAY = timedelta(days=1)
HEALTH = {
    "kk": "Денсаулық сақтау министрлігі",
    "ru": "Министерство здравоохранения",
    "en": "Ministry of Health",
}
JURIES = {"kk": "Алқабилер соты", "ru": "Суд присяжных", "en": "Jury trials"}
# slug: (green stage, white stage) in days from now, or None; its ministry
# (None: the factory's, information) and tags.
CONSULTATIONS = {
    "closed-last-year": (None, (-400, -365), None, ("juries",)),
    "opened-last-week": (None, (-7, 20), HEALTH, ("health",)),
    "opens-next-month": ((30, 40), (50, 60), None, ("juries",)),
    "closed-yesterday": ((-40, -30), (-20, -1), HEALTH, ("juries", "health")),
    "opened-yesterday": ((-1, 10), (20, 30), None, ("juries",)),
    "opens-tomorrow": ((1, 10), None, HEALTH, ()),
    "outcome-published": (None, (-30, -10), None, ("juries",)),
}
ORDER = [
    "opened-yesterday",
    "opened-last-week",
    "opens-tomorrow",
    "opens-next-month",
    "closed-yesterday",
    "outcome-published",
    "closed-last-year",
]


@pytest.fixture
def consultations(database, clock):
    now = clock.now()
    with database() as root:
        for slug, (green, white, ministry, tags) in CONSULTATIONS.items():
            consultation = factories.published_consultation(root, clock, slug)
            for kind, days in (("green", green), ("white", white)):
                dates = (now + days[0] * DAY, now + days[1] * DAY) if days else (None, None)
                consultation.stages[kind].schedule(*dates)
            if ministry:
                consultation.ministry = ministry
            consultation.tags = tags
        root["consultations"].tag_names.set("juries", JURIES)
        ConsultationService(root["consultations"], clock).publish_outcome(
            root["consultations"]["outcome-published"], {"en": "The law was passed."}
        )


def listed(page):
    return [a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.html.select("ul.cards h2 a")]


def options(page, name):
    select = page.html.find("select", attrs={"name": name})
    return {o["value"]: o.get_text(strip=True) for o in select.find_all("option") if o["value"]}


def test_open_consultations_come_first_then_upcoming_then_closed(app, consultations):
    assert listed(app.get("/consultations/")) == ORDER


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["opened-yesterday", "opened-last-week"]),
        ("upcoming", ["opens-tomorrow", "opens-next-month"]),
        ("closed", ["closed-yesterday", "outcome-published", "closed-last-year"]),
    ],
)
def test_the_status_filter(app, consultations, status, expected):
    page = app.get("/consultations/", params={"status": status})
    assert listed(page) == expected
    selected = page.html.find("select", attrs={"name": "status"}).find("option", selected=True)
    assert selected["value"] == status


def test_the_ministry_filter_keeps_one_key_in_every_language(app, consultations):
    page = app.get("/consultations/", params={"_LOCALE_": "ru"})
    ministries = options(page, "ministry")
    # The key is the name in the first language the ministry has (kk); the
    # label, the name in the reader's language.
    assert ministries[HEALTH["kk"]] == HEALTH["ru"]
    assert "Ministry of Information and Social Development" in ministries
    page = app.get("/consultations/", params={"ministry": HEALTH["kk"]})
    assert listed(page) == ["opened-last-week", "opens-tomorrow", "closed-yesterday"]
    assert "Consultations found: 3" in page.text


def test_the_tag_filter_reads_tags_in_the_readers_language(app, consultations):
    for language in ("kk", "ru", "en"):
        tags = options(app.get("/consultations/", params={"_LOCALE_": language}), "tag")
        assert tags == {"juries": JURIES[language], "health": "health"}
    page = app.get("/consultations/", params={"tag": "health"})
    assert listed(page) == ["opened-last-week", "closed-yesterday"]


def test_filters_combine(app, consultations):
    page = app.get("/consultations/", params={"tag": "juries", "status": "closed"})
    assert listed(page) == ["closed-yesterday", "outcome-published", "closed-last-year"]
    page = app.get(
        "/consultations/", params={"tag": "juries", "status": "open", "ministry": HEALTH["kk"]}
    )
    assert listed(page) == []
    assert "No consultation matches these filters." in page.text


def test_the_form_works_without_javascript_and_its_labels_are_translated(app, consultations):
    page = app.get("/consultations/", params={"_LOCALE_": "ru"})
    form = page.forms["list-filters"]
    assert form.method.upper() == "GET"
    labels = {
        label["for"]: label.get_text(strip=True)
        for label in page.html.select("#list-filters label")
    }
    assert labels == {
        "filter-status": "Статус",
        "filter-ministry": "Министерство",
        "filter-tag": "Тема",
    }
    assert options(page, "status") == {
        "open": "Открыто для комментариев",
        "upcoming": "Предстоит",
        "closed": "Завершено",
    }
    form["status"] = "upcoming"
    assert listed(form.submit()) == ["opens-tomorrow", "opens-next-month"]


def test_filters_are_kept_across_pages(app, consultations, monkeypatch):
    monkeypatch.setattr(consult.consultations.views.listing, "PAGE_SIZE", 2)
    first = app.get("/consultations/", params={"tag": "juries"})
    assert listed(first) == ["opened-yesterday", "opens-next-month"]
    assert first.html.find("a", rel="prev") is None
    second = app.get(first.html.find("a", rel="next")["href"])
    assert listed(second) == ["closed-yesterday", "outcome-published"]
    third = app.get(second.html.find("a", rel="next")["href"])
    assert listed(third) == ["closed-last-year"]
    assert third.html.find("a", rel="next") is None
    assert "Page 3 of 3" in " ".join(third.html.find("nav", class_="pager").get_text().split())
    back = app.get(third.html.find("a", rel="prev")["href"])
    assert listed(back) == listed(second)
    assert "tag=juries" in third.html.find("a", rel="prev")["href"]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"status": ""},
        {"ministry": "Ministry of Nothing"},
        {"tag": "<script>alert(1)</script>"},
        {"tag": "юридический"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "9" * 5000},
        {"page": "1e3"},
        {"status": ["open", "bogus"]},
    ],
)
def test_values_that_name_nothing_are_ignored(app, consultations, params):
    page = app.get("/consultations/", params=params)
    assert listed(page) == ORDER


def test_a_query_that_is_not_utf8_lists_everything(app, consultations):
    assert listed(app.get("/consultations/?status=%ff&tag=%c3")) == ORDER


def test_a_page_past_the_end_shows_the_last(app, consultations, monkeypatch):
    monkeypatch.setattr(consult.consultations.views.listing, "PAGE_SIZE", 3)
    assert listed(app.get("/consultations/", params={"page": "99"})) == ["closed-last-year"]
