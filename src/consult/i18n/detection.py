"""Which of consult's three languages (kk, ru, en) a text is written in.

Sets a comment's `lang` (for screen readers) and picks its stemmer. Two kinds
of evidence are combined:

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

The model is loaded once per process, on first use, under a lock;
classifying only reads it, so threads share it.
"""

import threading

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
LANGUAGES = ("kk", "ru", "en")

# Kazakh prose has 5-10 % Kazakh-only letters; one in a word of up to 20
# letters reaches this share too.
KAZAKH_SHARE = 1 / 20
# How sure the model must be that a text with some Kazakh letters is Russian.
RUSSIAN_DESPITE_LETTERS = 0.9

_lock = threading.Lock()
_identifier = None


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


def _letters(text):
    kazakh = cyrillic = latin = 0
    for char in text:
        if char in KAZAKH_ONLY:
            kazakh += 1
        elif "\u0400" <= char <= "\u04ff":
            cyrillic += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    return kazakh, cyrillic, latin


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
