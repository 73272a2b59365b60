"""Which of consult's three languages a text is written in.

Good enough to set `lang` for screen readers and to pick a stemmer: letters
that only Kazakh uses mark Kazakh, other Cyrillic marks Russian, Latin marks
English. A short Kazakh text without any of its own letters reads as Russian;
no library we found detects Kazakh without large models, so this is by hand."""
KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def detect_language(text, default="ru"):
    cyrillic = latin = kazakh = 0
    for char in text:
        if char in KAZAKH_ONLY:
            kazakh += 1
        elif "\u0400" <= char <= "\u04ff":
            cyrillic += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    if not (cyrillic or latin or kazakh):
        return default
    if latin > cyrillic + kazakh:
        return "en"
    # Kazakh-only letters are about 5-10% of the letters of Kazakh prose.
    return "kk" if kazakh and kazakh * 40 >= cyrillic + kazakh else "ru"
