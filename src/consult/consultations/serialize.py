"""Write a parsed draft back as plain text that `parse_text` reads the same.

The import preview carries this text in a hidden field, so that what an
editor previewed is exactly what "Save this draft" stores, whatever the
original format was (.txt, .md, .docx or pasted text)."""

SECTION_HEADINGS = {"kk": "{number}-тарау.", "ru": "Глава {number}.", "en": "Chapter {number}."}
ARTICLE_HEADINGS = {"kk": "{number}-бап.", "ru": "Статья {number}.", "en": "Article {number}."}


def _heading(pattern, number, title):
    return f"{pattern.format(number=number)} {title}".strip()


def serialize(parsed, language):
    """Plain text of `parsed` (a ParsedDraft) with the headings of `language`."""
    blocks = list(parsed.preamble)
    for section in parsed.sections:
        if section.number is not None:
            blocks.append(_heading(SECTION_HEADINGS[language], section.number, section.heading))
        for article in section.articles:
            blocks.append(_heading(ARTICLE_HEADINGS[language], article.number, article.heading))
            blocks.extend(paragraph.text for paragraph in article.paragraphs)
    return "\n\n".join(blocks) + "\n"
