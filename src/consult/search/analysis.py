"""Text -> index terms for every language, with Kazakh (kk), Russian (ru)
and English (en) first.

Every engine indexes the terms `analyze` produces and queries with the
alternative terms `query_terms` produces, so the whole of consult's
linguistics lives here:

* `tokenize` finds words (letters and digits; soft hyphens, zero-width
  characters, combining accents and apostrophes *inside* a word belong to
  it) with exact offsets into the text;
* `pieces` splits those words further where Chinese, Japanese or Korean
  characters run on without spaces: such a run becomes its overlapping
  character bigrams (計程車 -> 計程, 程車), whatever language the text was
  detected as, so a word is found without a dictionary of words. (ICU's
  dictionary word breaks would be finer, but PyICU has no wheels on PyPI:
  it builds only against Debian's libicu-dev, which a fresh machine lacks.)
* `normalize` casefolds, folds ё to е, drops accents and invisible
  characters and unifies apostrophes;
* `stem` uses Snowball (PyStemmer) for Russian, English and every other
  language Snowball covers (German, French, Turkish...), and the light
  suffix stripper `kazakh.stem_kazakh` for Kazakh, which has no Snowball
  stemmer. A stem of a language other than kk/ru/en is indexed with its
  language in front ("de:steuer"), so that it never meets an English or
  Russian stem that only looks the same; a query word is stemmed in every
  language. Languages without a stemmer are indexed by their normalised
  words. Stems are cached: this is the indexing hot path.
"""

import re
import unicodedata
from functools import lru_cache
from html import escape

import Stemmer

from .kazakh import stem_kazakh

LANGUAGES = ("kk", "ru", "en")
# Snowball's algorithms by the language codes detection gives
# (i18n.detection); those this PyStemmer lacks are left out.
SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "st": "sesotho", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
_STEMMERS = {
    language: Stemmer.Stemmer(algorithm)
    for language, algorithm in SNOWBALL.items()
    if algorithm in Stemmer.algorithms()
}
# The stemmed languages whose terms carry their language (see the docstring).
PREFIXED = tuple(sorted(set(_STEMMERS) - set(LANGUAGES)))

# -- tokens and normalisation ------------------------------------------------

# Invisible characters that may sit inside a word (soft hyphen, zero-width
# space/non-joiner/joiner, word joiner, BOM used as ZWNBSP).
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Combining marks (accents, stress marks, Cyrillic titlo...).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Apostrophe lookalikes: ' ’ ‘ ʼ ʻ ` ´ ′
_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb`\u00b4\u2032"
_LETTER = r"[^\W_]"  # a letter or digit (\w without the underscore)
# A word: letters/digits with their combining marks; invisible characters and
# apostrophes only *between* two letters ("citizens'" -> "citizens").
WORD = re.compile(rf"{_LETTER}[{_MARKS}]*(?:[{_INVISIBLE}{_APOSTROPHES}]*{_LETTER}[{_MARKS}]*)*")
_DROP = dict.fromkeys(map(ord, _INVISIBLE))
_DROP.update(dict.fromkeys(map(ord, _APOSTROPHES[1:]), "'"))
# Marks to drop after NFD, except the breve of й (и + U+0306), a letter.
_STRAY_MARKS = re.compile(
    "(?<![иИ])\u0306|[\u0300-\u0305\u0307-\u036f\u0483-\u0489\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def normalize(word):
    """Casefolded, ё -> е, accents and invisible characters dropped,
    apostrophes unified to "'"."""
    if word.isascii():
        return word.lower().replace("`", "'")
    word = word.translate(_DROP).casefold()
    if not word.isascii():
        word = unicodedata.normalize("NFD", word)
        word = unicodedata.normalize("NFC", _STRAY_MARKS.sub("", word))
    return word.replace("ё", "е")


def tokenize(text):
    """[(word, start, end)] with offsets into `text` (text[start:end] == word)."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


# Han (with 々〆〇), kana and Hangul: scripts written without spaces between
# words (Korean puts them between phrases).
_EAST = (
    "\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
EAST_ASIAN = re.compile(f"[{_EAST}]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def pieces(text):
    """[(piece, start, end, bigram)]: the words of `tokenize`, except that a run
    of Chinese, Japanese or Korean characters inside one becomes its
    overlapping bigrams (a run of one character stays one piece)."""
    if not EAST_ASIAN.search(text):
        return [(m.group(), m.start(), m.end(), False) for m in WORD.finditer(text)]
    found: list[tuple[str, int, int, bool]] = []
    for match in WORD.finditer(text):
        position, end = match.start(), match.end()
        for run in EAST_ASIAN.finditer(text, position, end):
            # The letters before the run are a word again ("Uber的" -> "Uber").
            found.extend(
                (m.group(), m.start(), m.end(), False)
                for m in WORD.finditer(text, position, run.start())
            )
            start, stop = run.span()
            if stop - start == 1:
                found.append((run.group(), start, stop, True))
            found.extend((text[i : i + 2], i, i + 2, True) for i in range(start, stop - 1))
            position = stop
        found.extend(
            (m.group(), m.start(), m.end(), False) for m in WORD.finditer(text, position, end)
        )
    return found


# -- stems ---------------------------------------------------------------------


def _stem_normalized(word, language):
    if language == "kk":
        return stem_kazakh(word)
    stemmer = _STEMMERS.get(language)
    if stemmer is None:
        return word
    if language in LANGUAGES:
        return stemmer.stemWord(word)
    return f"{language}:{stemmer.stemWord(word)}"


@lru_cache(maxsize=100_000)
def _stem_cached(word, language):
    return _stem_normalized(normalize(word), language)


def stem(word, language):
    """The term of `word` (as written in the text) in `language`: its stem
    ("de:steuer" for languages other than kk/ru/en); languages without a
    stemmer get the normalised word."""
    return _stem_cached(word, language)


def analyze(text, language):
    """The terms a document in `language` is indexed under, in order."""
    if not EAST_ASIAN.search(text):
        return [_stem_cached(match.group(), language) for match in WORD.finditer(text)]
    return [
        normalize(piece) if bigram else _stem_cached(piece, language)
        for piece, _, _, bigram in pieces(text)
    ]


def _alternatives(word, languages):
    terms = {_stem_cached(word, language) for language in LANGUAGES}
    # Kazakh leaves a word without Cyrillic letters as it is: that is also how
    # the languages without a stemmer index it. Detection gives Cyrillic text
    # only kk or ru, so only other scripts need the other stemmers.
    if languages and not _CYRILLIC.search(word):
        terms.update(_stem_cached(word, language) for language in languages)
    return frozenset(terms)


def query_terms(text, languages=()):
    """One set of alternative terms per query word (the word stemmed as
    Kazakh, Russian, English and each of `languages`, e.g. PREFIXED) or
    bigram (itself); a document matches when every set has a member among
    its terms."""
    return [
        frozenset((normalize(piece),)) if bigram else _alternatives(piece, languages)
        for piece, _, _, bigram in pieces(text)
    ]


# -- snippets --------------------------------------------------------------------


def _pieces_in_order(text):
    """What `pieces` returns, by start offset, found as they are read."""
    if EAST_ASIAN.search(text):
        return iter(pieces(text))
    return ((m.group(), m.start(), m.end(), False) for m in WORD.finditer(text))


_ELLIPSIS = "…"


def _wanted(terms):
    wanted = set()
    for term in terms or ():
        if isinstance(term, str):
            wanted.add(term)
        else:
            wanted.update(term)
    return wanted


_SPACE = re.compile(r"\s")


def _window(text, hits, max_chars):
    """(begin, end) of the at most `max_chars` characters of `text` to show:
    the start of the text, or a window with the first hit in its first third,
    cut at spaces rather than inside words."""
    if len(text) <= max_chars:
        return 0, len(text)
    begin = 0
    if hits and hits[0][1] > max_chars * 2 // 3:
        first, first_end = hits[0]
        begin = max(0, min(first - max_chars // 3, len(text) - max_chars))
        space = _SPACE.search(text, begin, first)
        if space:
            begin = space.end()
    end = min(len(text), begin + max_chars)
    if end < len(text) and not text[end].isspace():
        keep = max(begin + max_chars // 2, hits[0][1] if hits else 0)
        for cut in range(end, keep, -1):
            if text[cut - 1].isspace():
                end = cut
                break
    return begin, end


def highlight(text, language, terms, max_chars=240):
    """An HTML snippet of `text` (at most `max_chars` characters of it) around
    the first match, every matched word in <mark>, everything escaped, "…"
    where text was cut off. `terms` is what `query_terms` returns (a flat
    collection of stems works too)."""
    wanted = _wanted(terms)
    hits: list[tuple[int, int]] = []
    window = None  # (begin, end), once the first hit can no longer grow
    for piece, start, stop, bigram in _pieces_in_order(text):
        if window is None and hits and start >= hits[0][1]:
            window = _window(text, hits, max_chars)
        if window is not None and start >= window[1]:
            break  # nothing from here on is shown: a long text is not stemmed to its end
        if (normalize(piece) if bigram else _stem_cached(piece, language)) in wanted:
            if hits and start < hits[-1][1]:  # overlapping bigrams: one mark
                hits[-1] = (hits[-1][0], stop)
            else:
                hits.append((start, stop))
    begin, end = window or _window(text, hits, max_chars)
    out, position = [], begin
    for start, stop in hits:
        if start < begin or stop > end:
            continue
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:stop])}</mark>")
        position = stop
    out.append(escape(text[position:end]))
    snippet = "".join(out).strip()
    return (
        (_ELLIPSIS if text[:begin].strip() else "")
        + snippet
        + (_ELLIPSIS if text[end:].strip() else "")
    )
