"""Features an organiser defines for a jury: their names in the three
languages, their values and shares parsed from the form's text
(`VALUES_HELP`), and a key of their own (`juries.features.CUSTOM_PREFIX`)."""

import math
import re
import unicodedata

from ...i18n import LANGUAGES, _
from ...refusals import Refusal
from ..features import CUSTOM_PREFIX, Feature, Value

MIN_VALUES, MAX_VALUES = 2, 30
MAX_NAME = 120
SHARE_TOLERANCE = 1  # percentage points either side of 100
VALUES_HELP = _(
    "One value per line. A line is the value's name, or its names in Kazakh, Russian and "
    'English separated by /, e.g. "Жұмыс істейді / Работает / Employed" (leave a part '
    "empty to skip a language). Optionally add | and the value's share of the population in "
    '%, e.g. "Employed | 62": give a share for every value or for none; the shares must '
    "add up to 100 (±1). Without shares, every value gets an equal share. The shares "
    "prefill the quotas."
)

# Kazakh and Russian letters in Latin, for readable keys (keys appear in the audit file).
_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
        "ә": "a",
        "ғ": "g",
        "қ": "q",
        "ң": "n",
        "ө": "o",
        "ұ": "u",
        "ү": "u",
        "һ": "h",
        "і": "i",
    }
)


class FeatureError(Refusal):
    """A feature definition that cannot be used; `field` names the form field
    to fix (the values, unless said otherwise)."""

    def __init__(self, message, field="values"):
        super().__init__(message, field)


def slugify(text, limit=40):
    """Lower-case Latin letters, digits and hyphens; "" when nothing is left."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(_LATIN)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-")


def _unique(key, taken):
    candidate, number = key, 1
    while candidate in taken:
        number += 1
        candidate = f"{key}-{number}"
    return candidate


def _first_name(names):
    for language in ("en", "ru", "kk"):
        if names.get(language):
            return names[language]
    return ""


def _share(text, number):
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        share = float(cleaned)
    except ValueError:
        share = math.nan
    if not math.isfinite(share):
        raise FeatureError(
            _(
                'Line ${number}: the share "${share}" is not a number.',
                mapping={"number": number, "share": text.strip()},
            )
        )
    if not 0 < share <= 100:
        raise FeatureError(
            _(
                "Line ${number}: a share is a percentage above 0 and at most 100.",
                mapping={"number": number},
            )
        )
    return share


def _names(text, number, languages):
    parts = [part.strip() for part in text.split("/")]
    if len(parts) == 1:
        names = dict.fromkeys(languages, parts[0]) if parts[0] else {}
    elif len(parts) == len(LANGUAGES):
        names = {language: part for language, part in zip(LANGUAGES, parts, strict=False) if part}
    else:
        raise FeatureError(
            _(
                "Line ${number}: write one name, or three names (Kazakh / "
                "Russian / English) separated by /.",
                mapping={"number": number},
            )
        )
    if not names:
        raise FeatureError(_("Line ${number}: the value has no name.", mapping={"number": number}))
    if any(len(name) > MAX_NAME for name in names.values()):
        raise FeatureError(
            _(
                "Line ${number}: a name has at most ${max} characters.",
                mapping={"number": number, "max": MAX_NAME},
            )
        )
    return names


def parse_values(text, languages=LANGUAGES):
    """The values written one per line (see VALUES_HELP) as `Value`s with
    unique keys and shares adding up to 1; a single name counts for each of
    `languages` (those the feature is named in). Raises FeatureError."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.count("|") > 1:
            raise FeatureError(
                _("Line ${number}: write the share after a single |.", mapping={"number": number})
            )
        names_text, bar, share_text = line.partition("|")
        share = _share(share_text, number) if bar else None
        rows.append((_names(names_text, number, languages), share))
    if len(rows) < MIN_VALUES:
        raise FeatureError(
            _("Give at least ${min} values, one per line.", mapping={"min": MIN_VALUES})
        )
    if len(rows) > MAX_VALUES:
        raise FeatureError(_("Give at most ${max} values.", mapping={"max": MAX_VALUES}))
    seen = {}
    for names, _share_value in rows:
        for language, name in names.items():
            folded = name.casefold()
            if folded in seen.setdefault(language, set()):
                raise FeatureError(
                    _(
                        '"${name}" is written twice: each value needs its own name.',
                        mapping={"name": name},
                    )
                )
            seen[language].add(folded)
    shares = [share for _names_value, share in rows if share is not None]
    if shares and len(shares) != len(rows):
        raise FeatureError(_("Give a share for every value, or for none."))
    total = sum(shares)
    if shares and abs(total - 100) > SHARE_TOLERANCE:
        raise FeatureError(
            _(
                "The shares add up to ${total} %; they must add up to 100 % (±${tolerance}).",
                mapping={"total": f"{total:g}", "tolerance": SHARE_TOLERANCE},
            )
        )
    values, keys = [], set()
    for position, (names, share) in enumerate(rows, 1):
        key = _unique(slugify(_first_name(names)) or f"value-{position}", keys)
        keys.add(key)
        values.append(Value(key, names, share / total if shares else 1 / len(rows)))
    return tuple(values)


def make_feature(names, values_text, taken=()):
    """A custom feature from its names (language -> name, at least one) and
    its values text; its key starts with CUSTOM_PREFIX and is not in
    `taken`. Raises FeatureError."""
    names = {language: (names.get(language) or "").strip() for language in LANGUAGES}
    names = {language: name for language, name in names.items() if name}
    if not names:
        raise FeatureError(_("Name the feature in at least one language."), "name_kk")
    if any(len(name) > MAX_NAME for name in names.values()):
        raise FeatureError(
            _("A name has at most ${max} characters.", mapping={"max": MAX_NAME}), "name_kk"
        )
    values = parse_values(values_text, tuple(names))
    key = _unique(CUSTOM_PREFIX + (slugify(_first_name(names)) or "feature"), set(taken))
    return Feature(key, names, values)
