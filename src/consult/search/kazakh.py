"""A light suffix stripper for Kazakh, which has no Snowball stemmer
(`stem_kazakh`, used by search.analysis)."""

import re

# -- Kazakh --------------------------------------------------------------------
#
# A light suffix stripper. Kazakh nouns inflect as
#     stem + plural + possessive + case (+ relative -ғы/-гі after a locative),
# verbs add participle/verbal-noun/tense endings before the nominal ones.
# `stem_kazakh` strips at most one suffix from each group, from the end of the
# word: relative -> case -> possessive -> plural -> verb, and repeats that pass
# until nothing changes (so a word and its inflected forms reach the same
# stem); once a verb ending is gone it stops (what is left is a verb stem).
# Word-final verb forms (-атын/-етін, present -ады/-еді/-йды/-йді) are
# stripped first, and alone.
# Every table lists the vowel-harmony variants (back а/ы, front е/і) and the
# consonant-assimilation variants, and each variant only after the letters
# it follows in Kazakh (-ның after vowels and м/н/ң, -дың after voiced
# consonants, -тың after voiceless ones...). That keeps short, ambiguous
# endings from eating into roots: "ана" is not ан + -а, "қызметі" is
# қызмет + -і, not қызме + -ті.
_KK_VOWELS = frozenset("аәеиоөұүыіэюяё")  # у behaves as a consonant here
_KK_VOICED = frozenset("жзлмнңруй")
_KK_VOICELESS = frozenset("кқпстфхцчшщбвгғд")  # б/в/г/д: loans, devoiced
_AFTER = {  # the letter before the suffix
    "any": lambda ch: True,
    "vowel": lambda ch: ch in _KK_VOWELS,
    "consonant": lambda ch: ch not in _KK_VOWELS,
    "voiced": lambda ch: ch in _KK_VOICED,
    "voiceless": lambda ch: ch in _KK_VOICELESS,
    "vowel/voiced": lambda ch: ch in _KK_VOWELS or ch in _KK_VOICED,
    "vowel/мнң": lambda ch: ch in _KK_VOWELS or ch in "мнң",
    "vowel/руй": lambda ch: ch in _KK_VOWELS or ch in "руй",
    "лмнңзж": lambda ch: ch in "лмнңзж",
    "poss3": lambda ch: ch in "ыі",  # after a 3rd-person possessive
    "poss3/мнң": lambda ch: ch in "ыімнң",
}


def _variants(after, *suffixes):
    return tuple((suffix, after) for suffix in suffixes)


_KK_RELATIVE = (  # "қоғамдағы", "жұмысындағы", "қазіргі"
    _variants("poss3", "ндағы", "ндегі")
    + _variants("vowel/voiced", "дағы", "дегі")
    + _variants("voiceless", "тағы", "тегі")
    + _variants("consonant", "ғы", "гі", "қы", "кі")
)
_KK_CASE = (
    # genitive
    _variants("vowel/мнң", "ның", "нің")
    + _variants("voiced", "дың", "дің")
    + _variants("voiceless", "тың", "тің")
    # ablative
    + _variants("poss3/мнң", "нан", "нен")
    + _variants("vowel/voiced", "дан", "ден")
    + _variants("voiceless", "тан", "тен")
    # locative
    + _variants("poss3", "нда", "нде")
    + _variants("vowel/voiced", "да", "де")
    + _variants("voiceless", "та", "те")
    # dative
    + _variants("poss3", "на", "не")
    + _variants("vowel/voiced", "ға", "ге")
    + _variants("voiceless", "қа", "ке")
    # accusative (-ды/-ді/-ты/-ті also end the past tense: "болды")
    + _variants("vowel", "ны", "ні")
    + _variants("voiced", "ды", "ді")
    + _variants("voiceless", "ты", "ті")
    + _variants("poss3", "н")
    # instrumental
    + _variants("vowel/voiced", "мен")
    + _variants("consonant", "бен", "пен")
)
_KK_POSSESSIVE = _variants("consonant", "ымыз", "іміз", "ыңыз", "іңіз", "ы", "і") + _variants(
    "vowel", "мыз", "міз", "ңыз", "ңіз", "сы", "сі"
)
_KK_PLURAL = (
    _variants("vowel/руй", "лар", "лер")
    + _variants("лмнңзж", "дар", "дер")
    + _variants("voiceless", "тар", "тер")
)
# Finite and participle endings that end a word: stripped first, and then
# nothing more ("асатын" is not асаты + -н, "тыңдайтын" is тыңда + -йтын).
_KK_VERB_FINAL = (
    _variants("vowel", "йтын", "йтін")
    + _variants("consonant", "атын", "етін")  # habitual
    + _variants("vowel", "йды", "йді")
    + _variants("consonant", "ады", "еді")
)  # present
# Verb endings the nominal endings above may follow ("асатынын", "қараудың").
_KK_VERB = (
    _variants("vowel", "йтын", "йтін")
    + _variants("consonant", "атын", "етін")
    + _variants("any", "ған", "ген")
    + _variants("voiceless", "қан", "кен")  # past participle
    + _variants("any", "у")
)  # verbal noun


def _longest_first(group):
    return tuple(sorted(group, key=lambda pair: -len(pair[0])))


_KK_NOMINAL = tuple(map(_longest_first, (_KK_RELATIVE, _KK_CASE, _KK_POSSESSIVE, _KK_PLURAL)))
_KK_VERBAL = _longest_first(_KK_VERB)
_KK_VERBAL_FINAL = _longest_first(_KK_VERB_FINAL)

# Two-letter roots a suffix may be stripped down to ("елдің" -> "ел");
# otherwise a stem keeps at least three letters.
KK_SHORT_ROOTS = frozenset("ел үй іс ой ұл ай ат ас ән өз ақ ал ет үн өт із іш".split())
# Words that only look inflected; never stripped (further).
KK_PROTECTED = frozenset(
    "ана ата апа әке аға бала кеме мекен туған ару "
    "бүгін кейін дейін бұрын орын ерін келін жиын қиын түйін ағын тұрғын "
    "мың шешім білім бөлім өнім тұжырым "
    "нұсқа басқа команда орда елорда".split()
)
# Roots that lose their last vowel before a vowel-initial suffix
# ("халық" -> "халқы", "орын" -> "орны").
KK_VOWEL_DROP = {
    "халқ": "халық",
    "нарқ": "нарық",
    "орн": "орын",
    "ерн": "ерін",
    "мұрн": "мұрын",
    "ауз": "ауыз",
    "ерк": "ерік",
    "көрк": "көрік",
    "қалп": "қалып",
    "бөрк": "бөрік",
}
# A final voiceless consonant is voiced before a vowel ("құқық" -> "құқығы",
# "кітап" -> "кітабы"); stems end in the voiceless form.
_KK_DEVOICE = {"ғ": "қ", "г": "к", "б": "п"}
_CYRILLIC = re.compile(r"[а-яәіңғүұқөһ]")


def _kk_strip(word, group):
    """`word` without the first (longest) suffix of `group` it can lose."""
    for suffix, after in group:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if (
                (len(stem) >= 3 or stem in KK_SHORT_ROOTS)
                and _AFTER[after](stem[-1])
                and not (len(suffix) > 1 and _kk_vowel_dropped(word[:-1]))
            ):
                return stem  # халқ|ы, not хал|қы
    return word


def _kk_vowel_dropped(stem):
    """The full root if `stem` ends in a root without its last vowel."""
    for short, full in KK_VOWEL_DROP.items():
        if stem.endswith(short):
            return stem[: -len(short)] + full
    return None


def _kk_devoice(stem):
    if len(stem) >= 3 and stem[-1] in _KK_DEVOICE:
        return stem[:-1] + _KK_DEVOICE[stem[-1]]
    return stem


def stem_kazakh(word):
    """The stem of a (normalised) Kazakh word: inflectional suffixes stripped,
    the final consonant devoiced ("өтініштерді" -> "өтініш", "құқығы" ->
    "құқық"). Derivational suffixes stay ("азаматтық" is not "азамат")."""
    if len(word) < 4 or word in KK_PROTECTED or not _CYRILLIC.search(word):
        return word
    verb_stem = _kk_strip(word, _KK_VERBAL_FINAL)
    if verb_stem != word:
        return _kk_devoice(verb_stem)
    for _ in range(5):
        before = word
        for group in _KK_NOMINAL:
            word = _kk_strip(word, group)
            if word in KK_PROTECTED:
                return word
        restored = _kk_vowel_dropped(word)
        if restored:  # a bare root again ("орны" -> "орын")
            return _kk_devoice(restored)
        verb_stem = _kk_strip(word, _KK_VERBAL)
        if verb_stem != word:
            word = verb_stem
            break
        if word == before:
            break
    return _kk_devoice(word)
