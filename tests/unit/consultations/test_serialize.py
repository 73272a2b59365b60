"""The import preview stores a parsed draft as plain text: parsing that text
again must give the same draft, whatever the source format and language."""

import io

import docx
import pytest

from consult.consultations.parsing import parse_docx, parse_markdown, parse_text
from consult.consultations.serialize import serialize

RUSSIAN = """\
ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН
О суде присяжных

ГЛАВА 1
ОБЩИЕ ПОЛОЖЕНИЯ

Статья 1. Основные понятия

1. Присяжный заседатель — гражданин Республики Казахстан,
включённый в список кандидатов.
2. Коллегия формируется для рассмотрения дела.

Статья 2.

Настоящий Закон применяется всеми судами, а положения
Статья 1 настоящего Закона толкуются буквально.

Глава 2. Формирование списков

СТАТЬЯ 3-1. Ограничения
1) лица, имеющие непогашенную судимость;
2) лица, признанные недееспособными.
"""

KAZAKH = """\
1-бап. Негізгі ұғымдар
1. Алқаби – тізімге енгізілген азамат.

2 бап.
Осы Заң барлық соттарға қолданылады.

2-тарау. Тізімдерді жасау

3-бап
"""

MARKDOWN = """\
# Chapter I. General provisions

**Article 1.** Basic concepts

1. A juror is a *citizen*
   included in the list.
2. A jury hears one case.

## Part 2 - Lists of jurors

### Article 3 - Requirements
(1) A citizen who has reached twenty-five years of age.
"""


def structure(parsed):
    return (
        parsed.preamble,
        [
            (
                s.number,
                s.heading,
                [
                    (a.number, a.heading, [(p.number, p.text) for p in a.paragraphs])
                    for a in s.articles
                ],
            )
            for s in parsed.sections
        ],
    )


def word_file(lines):
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SOURCES = {
    "russian text": lambda: parse_text(RUSSIAN),
    "kazakh text without chapter first": lambda: parse_text(KAZAKH),
    "english markdown": lambda: parse_markdown(MARKDOWN),
    "word document": lambda: parse_docx(
        word_file(
            [
                "Заң",
                "1-тарау. Жалпы ережелер",
                "1-бап. Ұғымдар",
                "1. Бірінші.",
                "2. Екінші.",
                "5-1-бап. Қосымша",
                "Мәтін.",
            ]
        )
    ),
}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_parsing_the_serialised_text_gives_the_same_draft(source, language):
    parsed = SOURCES[source]()
    assert structure(parse_text(serialize(parsed, language))) == structure(parsed)


def test_headings_follow_the_language():
    parsed = parse_text(RUSSIAN)
    assert serialize(parsed, "ru").splitlines()[:5] == [
        "ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН О суде присяжных",
        "",
        "Глава 1. ОБЩИЕ ПОЛОЖЕНИЯ",
        "",
        "Статья 1. Основные понятия",
    ]
    kazakh = serialize(parsed, "kk")
    assert "1-тарау. ОБЩИЕ ПОЛОЖЕНИЯ" in kazakh and "3-1-бап. Ограничения" in kazakh
    english = serialize(parsed, "en")
    assert "Chapter 2. Формирование списков" in english and "\nArticle 2.\n" in english


def test_articles_before_any_chapter_have_no_chapter_heading():
    text = serialize(parse_text(KAZAKH), "ru")
    assert text.startswith("Статья 1. Негізгі ұғымдар\n\n1. Алқаби")
