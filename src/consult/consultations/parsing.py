"""Turn the text of a draft law into sections, articles and paragraphs.

Drafts arrive as plain text, Markdown or .docx, in Kazakh, Russian or English.
Every format is reduced to a list of lines, where "" separates blocks, and
one builder walks those lines. Failures the editor can fix raise
DraftParseError carrying a translatable message.
"""

import codecs
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml.etree import LxmlError
from markdown_it import MarkdownIt

from consult.archives import ArchiveDamaged, ArchiveRefused, check_archive
from consult.i18n import _
from consult.refusals import Refusal

MAX_ARTICLES = 2000
MAX_TEXT_MB = 5
MAX_TEXT_CHARS = MAX_TEXT_MB * 1024 * 1024
# Bound on everything a .docx unpacks to (its XML and its media): python-docx
# reads every part into memory (consult.archives).
MAX_DOCX_UNPACKED_BYTES = 20 * MAX_TEXT_CHARS

_NUMBER = r"(?P<number>\d{1,4}(?:-\d{1,3})?)"
_SECTION_NUMBER = r"(?P<number>\d{1,3}|[IVXLCDM]{1,8})"
# A heading is the number, then nothing or a separator and a title. Requiring
# the separator keeps body lines such as "Article 5 of this Law..." as text.
_TAIL = r"\s*(?:[.:\-–—]\s*(?P<title>.*))?"
_ARTICLE_PATTERNS = tuple(
    re.compile(pattern + _TAIL, re.IGNORECASE)
    for pattern in (rf"(?:статья|article)\s+{_NUMBER}", rf"{_NUMBER}\s*-?\s*бап")
)
ARTICLE_WORDS = {"статья": "ru", "article": "en", "бап": "kk"}
_SECTION_PATTERNS = tuple(
    re.compile(pattern + _TAIL, re.IGNORECASE)
    for pattern in (
        rf"(?:глава|раздел|chapter|section|part)\s+{_SECTION_NUMBER}",
        rf"{_SECTION_NUMBER}\s*-?\s*(?:тарау|бөлім)",
    )
)
# "1.", "2)", "1-1.", "1.2.", "(1)", "а)", "(a)" begin a new paragraph.
_POINT = re.compile(
    r"(?:\d{1,3}(?:[.-]\d{1,3})*[.)]|\(\d{1,3}\)|\(?[a-zа-яё]\))(?:\s|$)", re.IGNORECASE
)
_BOLD = re.compile(r"\*\*|__")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Letters that cp1251 and KZ-1048 encode differently. In cp1251 they are
# Ukrainian/Serbian letters, which a Kazakh or Russian draft never contains.
_KZ1048_HINT = re.compile("[ЌЋќћЎўЈҐЄЇґєјЅѕї]")
_OFFICE_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # zip (.docx), OLE (.doc)

_MARKDOWN = MarkdownIt("commonmark")


@dataclass
class ParsedParagraph:
    number: int
    text: str


@dataclass
class ParsedArticle:
    number: str
    heading: str
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    # The heading line as written ("Статья 2. Scope") and the language of its
    # word for "article" (ARTICLE_WORDS), for the import's language warnings;
    # how a heading was written is not part of what was parsed.
    line: str = field(default="", compare=False)
    keyword_language: str = field(default="", compare=False)


@dataclass
class ParsedSection:
    number: str | None
    heading: str
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedDraft:
    preamble: list[str]
    sections: list[ParsedSection]

    def articles(self) -> list[ParsedArticle]:
        return [article for section in self.sections for article in section.articles]

    def article_count(self) -> int:
        return sum(len(section.articles) for section in self.sections)


class DraftParseError(Refusal):
    """The text or file cannot be read as a draft; `message` tells the editor why."""


def _heading_candidate(line: str) -> str:
    """The line without Markdown heading marks and bold/italic markers."""
    return _BOLD.sub("", line).strip().lstrip("#").strip(" \t*_")


def _match(patterns, candidate: str):
    for pattern in patterns:
        match = pattern.fullmatch(candidate)
        if match:
            return match.group("number"), (match.group("title") or "").strip(" \t*_")
    return None


def _keyword_language(heading: str) -> str:
    """The language of an article heading's word for "article": first in
    "Статья 5" and "Article 5", after the number in "5-бап"."""
    lowered = heading.lower()
    return next((lang for word, lang in ARTICLE_WORDS.items() if lowered.startswith(word)), "kk")


class _Builder:
    def __init__(self):
        self.preamble: list[str] = []
        self.sections: list[ParsedSection] = []
        self.section: ParsedSection | None = None
        self.article: ParsedArticle | None = None
        self.numbers: set[str] = set()
        self.pending: list[str] = []  # lines of the paragraph being read

    def feed(self, line: str) -> None:
        line = line.strip()
        if not line:
            self.flush()
            return
        candidate = _heading_candidate(line)
        article = _match(_ARTICLE_PATTERNS, candidate)
        if article:
            self.start_article(*article)
            self.article.line = candidate
            self.article.keyword_language = _keyword_language(candidate)
            return
        section = _match(_SECTION_PATTERNS, candidate)
        if section:
            self.start_section(*section)
            return
        if _POINT.match(line):
            self.flush()
        self.pending.append(line)

    def flush(self) -> None:
        if not self.pending:
            return
        text = " ".join(self.pending)
        self.pending = []
        if self.article is not None:
            paragraphs = self.article.paragraphs
            paragraphs.append(ParsedParagraph(len(paragraphs) + 1, text))
        elif self.section is not None:
            # Text between a section heading and its first article continues
            # the heading, e.g. "ГЛАВА 1" followed by "ОБЩИЕ ПОЛОЖЕНИЯ".
            self.section.heading = f"{self.section.heading} {text}".strip()
        else:
            self.preamble.append(text)

    def start_section(self, number: str | None, heading: str) -> None:
        self.flush()
        self.section = ParsedSection(number, heading)
        self.sections.append(self.section)
        self.article = None

    def start_article(self, number: str, heading: str) -> None:
        self.flush()
        if number in self.numbers:
            raise DraftParseError(_("Article ${number} appears twice.", mapping={"number": number}))
        if len(self.numbers) >= MAX_ARTICLES:
            raise DraftParseError(
                _(
                    "The draft has more than ${limit} articles. Split it into smaller drafts.",
                    mapping={"limit": MAX_ARTICLES},
                )
            )
        self.numbers.add(number)
        if self.section is None:
            self.start_section(None, "")
        self.article = ParsedArticle(number, heading)
        self.section.articles.append(self.article)

    def result(self) -> ParsedDraft:
        self.flush()
        if not self.preamble and not self.sections:
            raise DraftParseError(_("The file is empty."))
        if not self.numbers:
            raise DraftParseError(
                _(
                    "No article headings were found. Each article must start on its own "
                    'line with a heading such as "Article 5.", "Статья 5." or "5-бап."'
                )
            )
        return ParsedDraft(self.preamble, self.sections)


def _build(lines) -> ParsedDraft:
    builder = _Builder()
    for line in lines:
        builder.feed(line)
    return builder.result()


def _too_long() -> DraftParseError:
    return DraftParseError(
        _("The text is too long: the limit is ${limit} MB.", mapping={"limit": MAX_TEXT_MB})
    )


def _check_size(length: int) -> None:
    if length > MAX_TEXT_CHARS:
        raise _too_long()


def parse_text(text: str) -> ParsedDraft:
    _check_size(len(text))
    return _build(text.splitlines())


def _inline_lines(token) -> list[str]:
    """Plain text of an inline token, split at line breaks; markup is dropped."""
    lines = [""]
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type in ("text", "code_inline", "image"):
            lines[-1] += child.content  # an image contributes its alt text
    return lines


def _markdown_lines(text: str) -> list[str]:
    lines: list[str] = []
    marker = ""  # "3. " for the first paragraph of an ordered list item
    for token in _MARKDOWN.parse(text):
        if token.type == "list_item_open":
            marker = f"{token.info}{token.markup} " if token.info else ""
        elif token.type == "list_item_close":
            marker = ""
        elif token.type == "inline":
            block = _inline_lines(token)
            block[0] = marker + block[0]
            lines += block + [""]
            marker = ""
        elif token.type in ("code_block", "fence"):
            # Pasted text indented by four spaces becomes a code block.
            lines += token.content.splitlines() + [""]
    return lines


def parse_markdown(text: str) -> ParsedDraft:
    _check_size(len(text))
    return _build(_markdown_lines(text))


def _row_text(row) -> str:
    texts, previous = [], None
    for cell in row.cells:
        if cell is not previous:  # a merged cell is repeated once per grid column
            texts.append(" ".join(cell.text.split()))
        previous = cell
    return " ".join(text for text in texts if text)


def _docx_lines(data: bytes) -> list[str]:
    check_archive(data, MAX_DOCX_UNPACKED_BYTES)
    lines: list[str] = []
    # Each Word paragraph (and table row) is a block of its own: Word text is
    # not hard-wrapped, and automatic list numbers are not part of the text.
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines += [_row_text(row), ""]
        else:
            lines += block.text.splitlines() + [""]
    return lines


# zipfile and python-docx fail in many ways on files that are not .docx
# (found by fuzzing): zlib.error/EOFError for damaged data, NotImplementedError
# for exotic compression, RuntimeError for encrypted members, AttributeError
# and friends for well-formed XML of the wrong shape.
_NOT_DOCX_ERRORS = (
    PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, LxmlError,
    EOFError, NotImplementedError, RuntimeError, AttributeError, TypeError, IndexError,
)  # fmt: skip


def _not_docx() -> DraftParseError:
    return DraftParseError(
        _("This file is not a Word (.docx) document. Save it as .docx, or paste the text.")
    )


def parse_docx(data: bytes) -> ParsedDraft:
    if not data:
        raise DraftParseError(_("The file is empty."))
    try:
        lines = _docx_lines(data)
    except DraftParseError:
        raise
    except ArchiveDamaged as error:
        raise _not_docx() from error
    except ArchiveRefused as error:
        raise DraftParseError(error.message) from error
    except _NOT_DOCX_ERRORS as error:
        raise _not_docx() from error
    _check_size(sum(map(len, lines)))
    return _build(lines)


def _not_text() -> DraftParseError:
    return DraftParseError(
        _("This file does not look like text. Upload a .txt, .md or .docx file, or paste the text.")
    )


def decode_text(data: bytes) -> str:
    """Decode an uploaded text file: UTF-8, UTF-16 with BOM, else cp1251/KZ-1048."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1251")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_text()
    if encoding == "cp1251" and _KZ1048_HINT.search(text):
        text = data.decode("kz1048")  # same bytes as cp1251 except Kazakh letters
    # A stray control character is tolerated, many of them mean a binary file.
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise _not_text()
    return text


def parse_upload(filename: str, data: bytes) -> ParsedDraft:
    extension = os.path.splitext((filename or "").lower())[1]
    if extension in (".docx", ".doc") or data.startswith(_OFFICE_MAGIC):
        return parse_docx(data)
    _check_size(len(data) // 4)  # refuse huge files before decoding them
    text = decode_text(data)
    if extension in (".md", ".markdown"):
        return parse_markdown(text)
    return parse_text(text)
