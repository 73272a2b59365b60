"""Which language a text is written in: `detect_language` answers with one
of consult's three (kk, ru, en), for what officials and juries write;
`detect_any_language` with any language py3langid knows (some 140), for
citizens' comments.

Sets a comment's `lang` (for screen readers) and picks its stemmer. Between
kk, ru and en two kinds of evidence are combined:

- The script. Mostly Latin letters mark English. Letters that only Kazakh
  uses (ә ғ қ ң ө ұ ү һ і) make up 5-10 % of Kazakh prose: at 1 in 20 of the
  Cyrillic letters or more the text is Kazakh. Fewer than that are often a
  Kazakh name in a Russian sentence ("живу в Нұр-Сұлтан и ..."), so then the
  text is Kazakh unless the model below is sure (p >= 0.9) it is Russian.
  A short Russian sentence around a Kazakh name ("В Нұр-Сұлтан нужно больше
  парков") still reads as Kazakh.
- A statistical model, py3langid (langid.py's byte n-gram naive Bayes,
  restricted to kk/ru/en), decides between Kazakh and Russian for Cyrillic
  text without Kazakh-only letters. Short Kazakh texts often have none
  ("Мемлекет басшысы", "Жыл сайын", "Петициялар саны"); by script alone
  they all read as Russian.

The old script-only rule remains as the tie-breaker, for text the model has
no features for (it scores it uniformly).

Why py3langid rather than lingua-language-detector: on snippets of the seed
documents (the ISMI proceedings, the same papers in the three languages) and
of the Polis comments both are right for >= 99 % of texts of three words or
more. On one- and two-word texts lingua finds more of the Kazakh words that
have no Kazakh-only letter (89-90 % against 71-79 %) but takes more Russian
words for Kazakh (93-96 % right against 95-98 %), so overall they are within
about 1 %. py3langid's wheel is 4.6 MB, pure Python on numpy; lingua's is
96 MB of compiled models. Both load in about 0.6 s, take 100 MB of memory
and 20-80 microseconds a text.

`detect_any_language` keeps that answer for Cyrillic text (Ukrainian or
Bulgarian read as Russian, as before). Chinese, Japanese and Korean are told
by their script (kana make Japanese, Hangul Korean, Han alone Chinese: the
model takes short Chinese texts for Cantonese or Wu). Latin text stays
English unless the unrestricted model is sure (p >= 0.9) of another
language: on the 4 823 English Polis comments of openData it was sure of
another language for exactly two, one in German and one in French; on the
1 039 comments of an Austrian (German) conversation it found German for
1 030. Other scripts (Arabic, Greek, Thai...) take the model's best guess.

The model is loaded once per process, on first use, under a lock;
classifying only reads it, so threads share it. A server loads it as it
starts (`load_models`, on Pyramid's ApplicationCreated): loading takes 0.6-0.8
CPU-seconds, which the first comment after each start would otherwise wait
for (and which was half the mean CPU of 200 comment POSTs measured by
benchmarks/pages.py).
"""

import copy
import re
import threading

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
LANGUAGES = ("kk", "ru", "en")

# Kazakh prose has 5-10 % Kazakh-only letters; one in a word of up to 20
# letters reaches this share too.
KAZAKH_SHARE = 1 / 20
# How sure the model must be that a text with some Kazakh letters is Russian.
RUSSIAN_DESPITE_LETTERS = 0.9

# How sure the unrestricted model must be that Latin text is not English.
OTHER_THAN_ENGLISH = 0.9
NO_LANGUAGE = "zxx"  # py3langid's label for text without language

_lock = threading.Lock()
_identifier = None
_unrestricted = (None, None)  # (the restricted identifier it was made from, itself)


def identifier():
    """The py3langid identifier restricted to kk/ru/en, loaded once."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                # Loaded on first use: py3langid brings numpy (0.1 s), which
                # the console commands and the lottery's child process skip.
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                loaded = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                loaded.set_languages(list(LANGUAGES))
                _identifier = loaded
    return _identifier


def unrestricted_identifier():
    """The py3langid identifier of every language it knows: a copy of
    `identifier()` that shares its model, made once."""
    global _unrestricted
    restricted = identifier()
    made_from, unrestricted = _unrestricted
    if made_from is not restricted:
        unrestricted = copy.copy(restricted)
        unrestricted.set_languages(None)  # every language of the model again
        _unrestricted = (restricted, unrestricted)
    return unrestricted


def load_models(_event=None):
    """Load the model now rather than at the first text (an application,
    as it is made: a subscriber to ApplicationCreated)."""
    unrestricted_identifier()


# Letters are counted by regular expressions and str methods mapped over the
# text (C loops), not by a Python loop over each character: a comment of a
# few hundred characters took four such loops, a tenth of a comment POST.
_KAZAKH = re.compile("[" + "".join(sorted(KAZAKH_ONLY)) + "]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")  # Kazakh-only letters included: subtracted
_ASCII_LETTER = re.compile("[A-Za-z]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]")
_ABOVE_LATIN = re.compile("[^\x00-\u024f]")  # beyond Latin Extended-B
_LATIN_ADDITIONAL = re.compile("[\u1e00-\u1eff]")  # Latin Extended Additional


def _count(pattern, text):
    return len(pattern.findall(text))


def _letters(text):
    kazakh = _count(_KAZAKH, text)
    return kazakh, _count(_CYRILLIC, text) - kazakh, _count(_ASCII_LETTER, text)


def by_script(kazakh, cyrillic):
    """The old rule for Cyrillic text, now only the tie-breaker: Kazakh-only
    letters are about 5-10 % of the letters of Kazakh prose."""
    return "kk" if kazakh and kazakh * 40 >= cyrillic + kazakh else "ru"


def detect_language(text, default="ru"):
    """ "kk", "ru" or "en" for `text`; `default` if it has no Latin or
    Cyrillic letter (empty, numbers, punctuation, emoji)."""
    kazakh, cyrillic, latin = _letters(text)
    if not (kazakh or cyrillic or latin):
        return default
    if latin > cyrillic + kazakh:
        return "en"
    if kazakh and kazakh >= KAZAKH_SHARE * (kazakh + cyrillic):
        return "kk"
    scores = dict(identifier().rank(text))
    kk, ru = scores["kk"], scores["ru"]
    if kazakh:
        return "ru" if ru >= RUSSIAN_DESPITE_LETTERS else "kk"
    if kk == ru:
        return by_script(kazakh, cyrillic)
    return "kk" if kk > ru else "ru"


def _east_asian(text):
    """(han, kana, hangul) letter counts."""
    return _count(_HAN, text), _count(_KANA, text), _count(_HANGUL, text)


def _latin_letters(text):
    """Letters of the Latin blocks up to Latin Extended-B, and every
    character of Latin Extended Additional (Vietnamese and the like)."""
    return sum(map(str.isalpha, _ABOVE_LATIN.sub("", text))) + _count(_LATIN_ADDITIONAL, text)


def detect_any_language(text, default="ru"):
    """The ISO 639 code of the language of `text` ("de", "zh", "ja"...); kk,
    ru and en exactly as `detect_language` finds them, and `default` for
    text without letters."""
    kazakh, cyrillic, latin = _letters(text)
    han, kana, hangul = _east_asian(text)
    letters = sum(map(str.isalpha, text))
    latin_letters = _latin_letters(text)
    east = han + kana + hangul
    if east and east * 2 >= letters - east:
        if kana:
            return "ja"
        return "ko" if hangul > han else "zh"
    if kazakh or cyrillic or latin:
        if cyrillic + kazakh >= letters - cyrillic - kazakh:
            return detect_language(text, default)
        if latin_letters + kazakh + cyrillic >= letters / 2:
            # classify: rank's first entry, without ranking all ~100 languages
            found, probability = unrestricted_identifier().classify(text)
            if probability >= OTHER_THAN_ENGLISH and found not in (NO_LANGUAGE, "kk", "ru"):
                return found
            return detect_language(text, default)
    if not letters:
        return default
    found = unrestricted_identifier().classify(text)[0]
    return default if found == NO_LANGUAGE else found
