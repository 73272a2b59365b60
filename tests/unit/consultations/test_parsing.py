import io
import zipfile

import docx
import pytest
from pyramid.i18n import TranslationString

from consult.consultations.parsing import (
    MAX_ARTICLES,
    MAX_TEXT_CHARS,
    DraftParseError,
    ParsedArticle,
    ParsedParagraph,
    decode_text,
    parse_docx,
    parse_markdown,
    parse_text,
    parse_upload,
)

RUSSIAN = """\
ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН
О суде присяжных

Глава 1. Общие положения

Статья 1. Основные понятия

1. Присяжный заседатель — гражданин Республики Казахстан,
включённый в список кандидатов в присяжные заседатели
в порядке, установленном настоящим Законом.
2. Коллегия присяжных заседателей формируется для
рассмотрения конкретного уголовного дела.

Статья 2.

Настоящий Закон применяется всеми судами, а положения
Статья 1 настоящего Закона толкуются буквально.

Глава 2. Формирование списков

Статья 3. Требования к присяжным заседателям
Присяжным заседателем может быть гражданин, достигший
двадцати пяти лет.

СТАТЬЯ 3-1. Ограничения
1) лица, имеющие непогашенную судимость;
2) лица, признанные недееспособными.
"""

KAZAKH = """\
ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ЗАҢЫ

Алқабилер туралы

1-тарау. ЖАЛПЫ ЕРЕЖЕЛЕР

1-бап. Негізгі ұғымдар
1. Алқаби – осы Заңда белгіленген тәртіппен
алқабилердің тізіміне енгізілген азамат.
2. Алқабилер алқасы нақты қылмыстық істі қарау үшін құрылады.

2 бап.
Осы Заң барлық соттарға қолданылады, ал осы Заңның
1-бапта көзделген ұғымдары бірдей түсіндіріледі.

2-тарау. Тізімдерді жасау

3-бап. Алқабилерге қойылатын талаптар

Жиырма бес жасқа толған азамат алқаби бола алады.

4-бап
"""

ENGLISH = """\
THE LAW OF THE REPUBLIC OF KAZAKHSTAN
On Citizens' Juries

Chapter I. General provisions

Article 1. Basic concepts
1. A juror is a citizen of the Republic of Kazakhstan included
in the list of candidate jurors.
2. A jury is formed to hear a specific criminal case.

Article 2
This Law applies to all courts, and
Article 1 of this Law is read together with the Code.

Part 2 - Lists of jurors

Article 3 - Requirements for jurors
(1) A citizen who has reached twenty-five years of age
may be a juror.
(2) A person with a criminal record may not be a juror.

Article 4: Final provisions
"""


def structure(draft):
    """A compact, comparable view of a parsed draft."""
    return [
        (
            section.number,
            section.heading,
            [(a.number, a.heading, [p.text for p in a.paragraphs]) for a in section.articles],
        )
        for section in draft.sections
    ]


def test_russian_plain_text():
    draft = parse_text(RUSSIAN)
    assert draft.preamble == ["ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН О суде присяжных"]
    assert structure(draft) == [
        ("1", "Общие положения", [
            ("1", "Основные понятия", [
                "1. Присяжный заседатель — гражданин Республики Казахстан, включённый в список "
                "кандидатов в присяжные заседатели в порядке, установленном настоящим Законом.",
                "2. Коллегия присяжных заседателей формируется для рассмотрения конкретного "
                "уголовного дела.",
            ]),
            ("2", "", [
                "Настоящий Закон применяется всеми судами, а положения Статья 1 настоящего "
                "Закона толкуются буквально.",
            ]),
        ]),
        ("2", "Формирование списков", [
            ("3", "Требования к присяжным заседателям", [
                "Присяжным заседателем может быть гражданин, достигший двадцати пяти лет.",
            ]),
            ("3-1", "Ограничения", [
                "1) лица, имеющие непогашенную судимость;",
                "2) лица, признанные недееспособными.",
            ]),
        ]),
    ]  # fmt: skip
    assert draft.article_count() == 4
    assert [a.number for a in draft.articles()] == ["1", "2", "3", "3-1"]
    assert [p.number for p in draft.articles()[0].paragraphs] == [1, 2]


def test_kazakh_plain_text():
    draft = parse_text(KAZAKH)
    assert draft.preamble == ["ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ЗАҢЫ", "Алқабилер туралы"]
    assert structure(draft) == [
        ("1", "ЖАЛПЫ ЕРЕЖЕЛЕР", [
            ("1", "Негізгі ұғымдар", [
                "1. Алқаби – осы Заңда белгіленген тәртіппен алқабилердің тізіміне "
                "енгізілген азамат.",
                "2. Алқабилер алқасы нақты қылмыстық істі қарау үшін құрылады.",
            ]),
            ("2", "", [
                "Осы Заң барлық соттарға қолданылады, ал осы Заңның 1-бапта көзделген "
                "ұғымдары бірдей түсіндіріледі.",
            ]),
        ]),
        ("2", "Тізімдерді жасау", [
            ("3", "Алқабилерге қойылатын талаптар", [
                "Жиырма бес жасқа толған азамат алқаби бола алады.",
            ]),
            ("4", "", []),
        ]),
    ]  # fmt: skip


def test_english_plain_text():
    draft = parse_text(ENGLISH)
    assert draft.preamble == ["THE LAW OF THE REPUBLIC OF KAZAKHSTAN On Citizens' Juries"]
    assert structure(draft) == [
        ("I", "General provisions", [
            ("1", "Basic concepts", [
                "1. A juror is a citizen of the Republic of Kazakhstan included in the list "
                "of candidate jurors.",
                "2. A jury is formed to hear a specific criminal case.",
            ]),
            ("2", "", [
                "This Law applies to all courts, and Article 1 of this Law is read together "
                "with the Code.",
            ]),
        ]),
        ("2", "Lists of jurors", [
            ("3", "Requirements for jurors", [
                "(1) A citizen who has reached twenty-five years of age may be a juror.",
                "(2) A person with a criminal record may not be a juror.",
            ]),
            ("4", "Final provisions", []),
        ]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "line, number, heading",
    [
        ("Статья 5.", "5", ""),
        ("Статья 5", "5", ""),
        ("статья 5-1.", "5-1", ""),
        ("Статья 5. Жюри", "5", "Жюри"),
        ("  Статья\u00a012. Отбор присяжных", "12", "Отбор присяжных"),
        ("5-бап.", "5", ""),
        ("5-бап", "5", ""),
        ("5 бап.", "5", ""),
        ("5-БАП. Атауы", "5", "Атауы"),
        ("5-1-бап. Атауы", "5-1", "Атауы"),
        ("Article 5.", "5", ""),
        ("ARTICLE 5", "5", ""),
        ("Article 5 - Title", "5", "Title"),
        ("Article 5: Title", "5", "Title"),
        ("Article 5. Title", "5", "Title"),
        ("Article 5 — Title", "5", "Title"),
        ("## Статья 5. Жюри", "5", "Жюри"),
        ("**Статья 5. Жюри**", "5", "Жюри"),
        ("**Статья 5.** Жюри", "5", "Жюри"),
    ],
)
def test_article_heading_variants(line, number, heading):
    draft = parse_text(f"{line}\nТекст статьи.")
    assert draft.articles() == [
        ParsedArticle(number, heading, [ParsedParagraph(1, "Текст статьи.")])
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Статья 5 настоящего Закона применяется к судам.",
        "статьей 5. предусмотрено",
        "5-бапта көзделген жағдайлар.",
        "Article 5 of this Law applies.",
        "Articles 5. and 6. apply.",
    ],
)
def test_body_lines_that_mention_articles_are_not_headings(line):
    draft = parse_text(f"Статья 1.\n{line}")
    assert draft.article_count() == 1
    assert [p.text for p in draft.articles()[0].paragraphs] == [line]


@pytest.mark.parametrize(
    "line, number, heading",
    [
        ("Глава 1. Общие положения", "1", "Общие положения"),
        ("РАЗДЕЛ II. Порядок отбора", "II", "Порядок отбора"),
        ("1-тарау. Жалпы ережелер", "1", "Жалпы ережелер"),
        ("2-бөлім.", "2", ""),
        ("Chapter 3. Final provisions", "3", "Final provisions"),
        ("Section 4: Juries", "4", "Juries"),
        ("Part IV", "IV", ""),
    ],
)
def test_section_heading_variants(line, number, heading):
    draft = parse_text(f"{line}\n\nArticle 1.\nText.")
    assert [(s.number, s.heading) for s in draft.sections] == [(number, heading)]


def test_section_title_on_its_own_line_continues_the_heading():
    draft = parse_text("ГЛАВА 1\nОБЩИЕ ПОЛОЖЕНИЯ\n\nСтатья 1.\nТекст.")
    assert (draft.sections[0].number, draft.sections[0].heading) == ("1", "ОБЩИЕ ПОЛОЖЕНИЯ")


def test_articles_before_the_first_section_go_to_an_implicit_section():
    draft = parse_text("Статья 1.\nА.\n\nГлава 1. Первая\n\nСтатья 2.\nБ.")
    assert [(s.number, s.heading, len(s.articles)) for s in draft.sections] == [
        (None, "", 1),
        ("1", "Первая", 1),
    ]


def test_paragraph_rules():
    text = (
        "Статья 1.\n\n  Первый   абзац\nпродолжение.  \n\n\n\n"
        "Второй абзац.\n1.1. Подпункт\nа) буква\n"
    )
    paragraphs = parse_text(text).articles()[0].paragraphs
    assert paragraphs == [
        ParsedParagraph(1, "Первый   абзац продолжение."),
        ParsedParagraph(2, "Второй абзац."),
        ParsedParagraph(3, "1.1. Подпункт"),
        ParsedParagraph(4, "а) буква"),
    ]


def test_windows_line_endings():
    assert structure(parse_text(ENGLISH.replace("\n", "\r\n"))) == structure(parse_text(ENGLISH))


MARKDOWN = """\
# Закон «О суде присяжных»

_Проект_

## Глава 1. Общие положения

## Статья 1. **Основные** понятия

1. Присяжный заседатель — **гражданин**, включённый
   в список кандидатов.
2. Коллегия формируется `судом`.

## Статья 2.

- первый пункт;
- второй *пункт*.

### Примечание

Текст примечания со [ссылкой](https://example.org).

**Статья 3. Жюри**

3) пункт, начатый с тройки.
"""


def test_markdown():
    draft = parse_markdown(MARKDOWN)
    assert draft.preamble == ["Закон «О суде присяжных»", "Проект"]
    assert structure(draft) == [
        ("1", "Общие положения", [
            ("1", "Основные понятия", [
                "1. Присяжный заседатель — гражданин, включённый в список кандидатов.",
                "2. Коллегия формируется судом.",
            ]),
            ("2", "", [
                "первый пункт;",
                "второй пункт.",
                "Примечание",
                "Текст примечания со ссылкой.",
            ]),
            ("3", "Жюри", ["3) пункт, начатый с тройки."]),
        ]),
    ]  # fmt: skip


def test_markdown_paragraph_with_heading_and_body_without_blank_line():
    draft = parse_markdown("Статья 1. Жюри\nТекст статьи\n2. второй пункт")
    assert structure(draft) == [
        (None, "", [("1", "Жюри", ["Текст статьи", "2. второй пункт"])]),
    ]


def make_docx(paragraphs, heading_prefixes=("Статья", "Глава")):
    document = docx.Document()
    for text in paragraphs:
        if text.startswith(heading_prefixes):
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_PARAGRAPHS = [
    "ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН",
    "О суде присяжных",
    "Глава 1. Общие положения",
    "Статья 1. Основные понятия",
    "1. Присяжный заседатель — гражданин Республики Казахстан.",
    "2. Коллегия присяжных заседателей формируется судом.",
    "Статья 2.",
    "Настоящий Закон применяется всеми судами.",
    "Статья 3-1. Ограничения",
]


def test_docx_matches_equivalent_plain_text():
    data = make_docx(DOCX_PARAGRAPHS)
    from_docx = parse_docx(data)
    assert from_docx == parse_text("\n\n".join(DOCX_PARAGRAPHS))
    assert from_docx.article_count() == 3
    assert from_docx == parse_upload("Проект закона.DOCX", data)
    # Recognised by its content even without a .docx name.
    assert from_docx == parse_upload("upload", data)


def test_docx_paragraphs_are_never_joined_and_tables_are_read_by_row():
    document = docx.Document()
    document.add_heading("Статья 1. Ставки", level=1)
    document.add_paragraph("Первый абзац без номера.")
    document.add_paragraph("Пункт из автоматического списка.", style="List Number")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Категория"
    table.cell(0, 2).text = "Сумма"
    for column, text in enumerate(["Присяжный", "запасной", "5 МРП"]):
        table.cell(1, column).text = text
    paragraph = document.add_paragraph("Строка один")
    paragraph.add_run().add_break()
    paragraph.add_run("2) строка два")
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    assert [p.text for p in parse_docx(buffer.getvalue()).articles()[0].paragraphs] == [
        "Первый абзац без номера.",
        "Пункт из автоматического списка.",
        "Категория Сумма",
        "Присяжный запасной 5 МРП",
        "Строка один",
        "2) строка два",
    ]


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


NOT_DOCX = "This file is not a Word (.docx) document. Save it as .docx, or paste the text."


@pytest.mark.parametrize(
    "data",
    [
        "Статья 1. Not a Word file".encode(),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),  # Word 97 .doc (OLE container)
        zip_bytes({"hello.txt": "Статья 1."}),
        zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<x>"}),
        make_docx(DOCX_PARAGRAPHS)[:2000],  # truncated upload
    ],
)
def test_files_that_are_not_docx_are_refused(data):
    for parse in (parse_docx, lambda d: parse_upload("draft.docx", d)):
        with pytest.raises(DraftParseError) as info:
            parse(data)
        assert info.value.message == NOT_DOCX


def test_word_97_doc_upload_gets_the_save_as_docx_message():
    with pytest.raises(DraftParseError) as info:
        parse_upload("draft.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert info.value.message == NOT_DOCX


@pytest.mark.parametrize(
    "parse, data",
    [
        (parse_text, ""),
        (parse_text, " \n\t\n\n"),
        (parse_markdown, "\n\n"),
        (parse_docx, b""),
        (parse_docx, make_docx([])),
        (lambda data: parse_upload("draft.txt", data), b""),
        (lambda data: parse_upload("draft.txt", data), b"\xef\xbb\xbf\r\n"),
    ],
)
def test_empty_input(parse, data):
    with pytest.raises(DraftParseError) as info:
        parse(data)
    assert info.value.message == "The file is empty."


def test_no_article_headings():
    with pytest.raises(DraftParseError) as info:
        parse_text("Закон о суде присяжных\n\nГлава 1. Общие положения\n\nПросто текст.")
    message = info.value.message
    assert isinstance(message, TranslationString)
    assert message.domain == "consult"
    assert message.startswith("No article headings were found.")
    assert '"Статья 5."' in message and '"5-бап."' in message


def test_duplicate_article_number():
    with pytest.raises(DraftParseError) as info:
        parse_text("Статья 1.\nА.\n\nСтатья 2-1.\nБ.\n\nСтатья 2-1. Снова\nВ.")
    message = info.value.message
    assert isinstance(message, TranslationString)
    assert message.domain == "consult"
    assert message == "Article ${number} appears twice."
    assert message.mapping == {"number": "2-1"}
    assert message.interpolate() == "Article 2-1 appears twice."
    assert str(info.value) == "Article 2-1 appears twice."


def test_too_many_articles():
    text = "\n".join(f"Article {n}." for n in range(1, MAX_ARTICLES + 1))
    assert parse_text(text).article_count() == MAX_ARTICLES
    with pytest.raises(DraftParseError) as info:
        parse_text(f"{text}\nArticle {MAX_ARTICLES + 1}.")
    assert info.value.message.mapping == {"limit": MAX_ARTICLES}


def test_too_much_text():
    text = "Статья 1.\n" + "а" * MAX_TEXT_CHARS
    for parse in (parse_text, parse_markdown):
        with pytest.raises(DraftParseError) as info:
            parse(text)
        assert info.value.message.mapping == {"limit": 5}
    with pytest.raises(DraftParseError):
        parse_upload("draft.txt", text.encode("utf-8"))


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        "Статья 1.\n\x00\x00\x00".encode(),
        b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20,
    ],
)
def test_binary_garbage_is_not_text(data):
    with pytest.raises(DraftParseError) as info:
        parse_upload("draft.txt", data)
    assert info.value.message.startswith("This file does not look like text.")
    assert info.value.message.domain == "consult"


def test_decode_cp1251_russian():
    assert decode_text(RUSSIAN.encode("cp1251")) == RUSSIAN
    assert parse_upload("draft.txt", RUSSIAN.encode("cp1251")) == parse_text(RUSSIAN)


def test_decode_kz1048_kazakh():
    assert decode_text(KAZAKH.encode("kz1048")) == KAZAKH


def test_decode_strips_utf8_bom_and_reads_utf16():
    text = "Статья 1. Жюри\n1-бап. Алқабилер"
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-16")) == text
    assert decode_text(b"\xfe\xff" + text.encode("utf-16-be")) == text
    draft = parse_upload("draft.txt", b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"))
    assert draft.preamble[0].startswith("ЗАКОН")


def test_upload_dispatches_markdown_by_extension():
    data = MARKDOWN.encode("utf-8")
    assert parse_upload("draft.md", data) == parse_markdown(MARKDOWN)
    assert parse_upload("DRAFT.MARKDOWN", data) == parse_markdown(MARKDOWN)
    assert parse_upload("draft.txt", data) == parse_text(MARKDOWN)
    assert parse_upload("draft.txt", data) != parse_markdown(MARKDOWN)


@pytest.mark.parametrize(
    "line, language",
    [
        ("Статья 2. Scope", "ru"),
        ("**Article 2.** Цель", "en"),
        ("2-бап. Мақсаты", "kk"),
        ("## 2 бап", "kk"),
    ],
)
def test_an_article_keeps_its_heading_as_written(line, language):
    [article] = parse_text(f"{line}\n\nТекст.").articles()
    assert article.line == line.replace("**", "").lstrip("# ")
    assert article.keyword_language == language
