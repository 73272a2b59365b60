"""What an editor is warned about, and must confirm, before publishing a
consultation or moving an open stage's closing time into the past."""

from datetime import timedelta

import pytest
from pages import SLUG, create, set_stages, words

from consult.layout import LOCAL_ZONE

MISSING_KAZAKH = "There is no Kazakh text for: the title, the summary."
MISSING_RUSSIAN = "There is no Russian text for: the summary."
EMPTY_GREEN = "The Green Paper stage has its dates but no document and no question to the public."
CONFIRM = "Please read the warnings, then tick the box to confirm."


@pytest.fixture
def editor(app, make_user, login):
    make_user("editor@example.kz", "Yerlan", "Zhaksylykov", roles=("editor",))
    login(app, "editor@example.kz")
    return app


def local(when):
    return when.astimezone(LOCAL_ZONE).strftime("%Y-%m-%dT%H:%M")


def published(database):
    with database() as root:
        return root["consultations"][SLUG].published_at is not None


def test_publishing_without_kazakh_text_or_a_stage_document_needs_a_confirmation(editor, database):
    create(editor)  # English title and summary, a Russian title
    set_stages(editor, green_opens="2026-03-10T09:00", green_closes="2026-03-31T18:00")
    page = editor.get(f"/consultations/{SLUG}/publish")
    warnings = page.html.find("section", class_="warning")
    assert warnings.h2.get_text(strip=True) == "Check before you go on"
    assert [" ".join(li.get_text().split()) for li in warnings.find_all("li")] == [
        MISSING_KAZAKH,
        MISSING_RUSSIAN,
        EMPTY_GREEN,
    ]
    box = page.html.find("input", attrs={"name": "confirmed", "type": "checkbox"})
    assert page.html.find("label", attrs={"for": box["id"]}).get_text(strip=True) == (
        "I have read the warnings above and want to go ahead."
    )

    refused = page.forms["deform"].submit("publish")
    assert refused.status_int == 200 and CONFIRM in words(refused)
    assert MISSING_KAZAKH in words(refused)
    assert not published(database)

    form = refused.forms["deform"]
    form["confirmed"] = True
    assert "The consultation is published." in form.submit("publish").follow().text
    assert published(database)


def test_a_consultation_in_both_languages_with_something_to_read_publishes_at_once(
    editor, database
):
    create(
        editor,
        title_kk="Министрліктердегі ашық деректер",
        summary_kk="Министрліктер қандай деректерді жариялауы керек?",
        summary_ru="Какие данные должны публиковать министерства?",
    )
    set_stages(editor, green_opens="2026-03-10T09:00", green_closes="2026-03-31T18:00")
    form = editor.get(f"/consultations/{SLUG}/add-question").forms["deform"]
    form["text_kk"] = "Алдымен қандай деректерді жариялау керек?"
    form["text_ru"] = "Какие данные публиковать в первую очередь?"
    form.submit("add")
    page = editor.get(f"/consultations/{SLUG}/publish")
    assert page.html.find("section", class_="warning") is None
    assert page.html.find("input", attrs={"type": "checkbox"}) is None
    assert page.forms["deform"].submit("publish").status_int == 303
    assert published(database)


def test_moving_an_open_stage_s_closing_time_into_the_past_needs_a_confirmation(
    editor, make_consultation, database, clock
):
    make_consultation(SLUG, stage_open="white")
    with database() as root:
        white = root["consultations"][SLUG].stages["white"]
        opens, closes = white.opens_at, white.closes_at
    past = local(clock.now() - timedelta(hours=2))
    page = set_stages(editor, white_closes=past)
    assert page.status_int == 200 and CONFIRM in words(page)
    assert (
        "The White Paper stage is open for comments; its new closing time is in the past, "
        "so it closes at once." in words(page)
    )
    assert "Green Paper stage is open" not in words(page)
    form = page.forms["deform"]
    assert form["white_closes"].value == past  # what the editor typed stays
    with database() as root:
        assert root["consultations"][SLUG].stages["white"].closes_at == closes

    form["confirmed"] = True
    assert form.submit("save").status_int == 303
    with database() as root:
        white = root["consultations"][SLUG].stages["white"]
        assert white.opens_at == opens and white.closes_at < clock.now()

    # A closed stage's dates, or an open stage given more time: no question asked.
    later = local(clock.now() + timedelta(days=60))
    assert set_stages(editor, white_closes=later).status_int == 303
    assert (
        set_stages(editor, green_closes=local(clock.now() - timedelta(days=11))).status_int == 303
    )
