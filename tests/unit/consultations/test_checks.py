"""The warnings shown before publishing a consultation or moving a stage's
dates, on real persistent objects."""

from datetime import timedelta

from factories import NOW

from consult.consultations.checks import (
    heading_warnings,
    missing_parts,
    publication_warnings,
    schedule_warnings,
)
from consult.consultations.models import Consultation, Document, Draft, Question
from consult.consultations.parsing import parse_text

DAY = timedelta(days=1)
DRAFT_RU = "Статья 1. Цель\n\n1. Первый пункт.\n\nСтатья 2. Понятия\n\n1. Второй пункт.\n"
DRAFT_KK = "1-бап. Мақсаты\n\n1. Бірінші тармақ.\n"


def plain(term):
    return term.interpolate()


def texts(parts):
    return [plain(part) for part in parts]


def consultation(**texts):
    return Consultation(
        texts.get("title", {"kk": "Алқабилер", "ru": "Присяжные"}),
        texts.get("summary", {"kk": "Неге", "ru": "Зачем"}),
        {},
        (),
        NOW,
        "clerk",
    )


def test_every_part_without_the_language_is_named():
    made = consultation(title={"ru": "Присяжные"}, summary={})
    made.stages["green"].documents.append(
        Document("concept", {"ru": "Концепция"}, {"ru": "Текст.", "kk": "Мәтін."})
    )
    made.stages["green"].questions.append(Question({"kk": "Сұрақ?", "ru": "Вопрос?"}))
    made.stages["green"].questions.append(Question({"ru": "Второй вопрос?"}))
    draft = made.drafts.add("1", Draft(1, NOW))
    draft.apply_parsed("ru", parse_text(DRAFT_RU))
    draft.apply_parsed("kk", parse_text(DRAFT_KK))
    assert texts(missing_parts(made, "kk")) == [
        "the title",
        "the summary",
        "the document “Концепция”",
        "question 2",
        "articles 2 of the draft bill",
    ]
    assert texts(missing_parts(made, "ru")) == ["the summary"]
    assert texts(missing_parts(made, "en")) == [
        "the title",
        "the summary",
        "the document “Концепция”",
        "question 1",
        "question 2",
        "the draft bill",
    ]


def test_a_long_list_of_articles_is_cut():
    made = consultation()
    draft = made.drafts.add("1", Draft(1, NOW))
    draft.apply_parsed(
        "ru", parse_text("\n\n".join(f"Статья {n}. Статья\n\nТекст." for n in range(1, 16)))
    )
    draft.apply_parsed("kk", parse_text("1-бап. Бап\n\nМәтін."))
    assert texts(missing_parts(made, "kk")) == [
        "articles 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … of the draft bill"
    ]


def test_publication_warnings_name_languages_and_empty_stages():
    made = consultation()
    assert publication_warnings(made, plain) == []
    made.title = {"en": "Juries", "ru": "Присяжные"}
    made.stages["white"].schedule(NOW + DAY, NOW + 2 * DAY)
    assert texts(publication_warnings(made, plain)) == [
        "There is no Kazakh text for: the title.",
        "The White Paper stage has its dates but no document and no draft bill.",
    ]
    made.drafts.add("1", Draft(1, NOW)).apply_parsed("ru", parse_text(DRAFT_RU))
    assert texts(publication_warnings(made, plain)) == [
        "There is no Kazakh text for: the title, the draft bill."
    ]


def test_schedule_warnings_only_for_an_open_stage_of_a_published_consultation():
    made = consultation()
    made.stages["green"].schedule(NOW - 10 * DAY, NOW + DAY)
    made.stages["white"].schedule(NOW + 2 * DAY, NOW + 20 * DAY)
    early = {"green": (NOW - 10 * DAY, NOW - DAY), "white": (NOW - DAY, NOW - DAY / 2)}
    assert schedule_warnings(made, early, NOW) == []  # not published
    made.published_at = NOW - 10 * DAY
    [warning] = schedule_warnings(made, early, NOW)  # the White Paper is not open yet
    assert plain(warning).startswith("The Green Paper stage is open for comments")
    assert schedule_warnings(made, {"green": (NOW - 10 * DAY, NOW + 5 * DAY)}, NOW) == []


def test_heading_warnings_compare_the_word_and_the_title_with_the_text():
    mixed = parse_text(
        "Статья 1. Цель\n\nТекст.\n\nСтатья 2. Scope\n\nText.\n\nСтатья 3.\n\nТекст."
    )
    assert texts(heading_warnings(mixed, "ru")) == [
        "Article 2: the heading “Статья 2. Scope” seems to be in another language "
        "(English) than the text (Русский)."
    ]
    # Read as English, the Russian word for "article" gives every heading away.
    assert [plain(w).split(":")[0] for w in heading_warnings(mixed, "en")] == [
        "Article 1",
        "Article 2",
        "Article 3",
    ]
    kazakh = parse_text("1-бап. Мақсаты\n\nМәтін.\n\n2-бап. Жалпы ережелер\n\nМәтін.")
    assert heading_warnings(kazakh, "kk") == []
    assert len(heading_warnings(kazakh, "ru")) == 2
