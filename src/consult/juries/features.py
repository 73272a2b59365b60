"""The demographic features a jury can be stratified by, with their values,
names in Kazakh, Russian and English, and the population shares used to
prefill quotas.

Regions follow the administrative division in force since 8 June 2022 (Abai,
Jetisu and Ulytau regions created): 17 regions and the 3 cities of national
significance. Shares are approximate (Bureau of National Statistics: 2021
census and population estimates for the beginning of 2024, adults where
available; preferred language is an estimate); organisers should check them
and edit the quotas, which is why the quotas form shows them.

Organisers can add features of their own to a jury (`make_feature`): their
keys start with `custom-`, so they never clash with these, and a jury's
`feature(key)` finds either kind."""

import math
import re
import unicodedata
from dataclasses import dataclass

from ..i18n import LANGUAGES, _
from ..refusals import Refusal


@dataclass(frozen=True)
class Value:
    key: str
    names: dict  # language -> name
    share: float


@dataclass(frozen=True)
class Feature:
    key: str
    names: dict
    values: tuple

    def value(self, key):
        for value in self.values:
            if value.key == key:
                return value
        raise KeyError(key)

    @property
    def keys(self):
        return tuple(v.key for v in self.values)


def _v(key, kk, ru, en, share):
    return Value(key, {"kk": kk, "ru": ru, "en": en}, share)


def _regions():
    # (key, kk, ru, en, population at the beginning of 2024, thousands)
    rows = (
        ("abai", "Абай облысы", "Абайская область", "Abai Region", 607),
        ("akmola", "Ақмола облысы", "Акмолинская область", "Akmola Region", 787),
        ("aktobe", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region", 930),
        ("almaty_region", "Алматы облысы", "Алматинская область", "Almaty Region", 1525),
        ("atyrau", "Атырау облысы", "Атырауская область", "Atyrau Region", 700),
        (
            "east_kazakhstan",
            "Шығыс Қазақстан облысы",
            "Восточно-Казахстанская область",
            "East Kazakhstan Region",
            722,
        ),
        ("jambyl", "Жамбыл облысы", "Жамбылская область", "Jambyl Region", 1216),
        ("jetisu", "Жетісу облысы", "Область Жетісу", "Jetisu Region", 697),
        ("karaganda", "Қарағанды облысы", "Карагандинская область", "Karaganda Region", 1134),
        ("kostanay", "Қостанай облысы", "Костанайская область", "Kostanay Region", 831),
        ("kyzylorda", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region", 837),
        ("mangystau", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region", 776),
        (
            "north_kazakhstan",
            "Солтүстік Қазақстан облысы",
            "Северо-Казахстанская область",
            "North Kazakhstan Region",
            532,
        ),
        ("pavlodar", "Павлодар облысы", "Павлодарская область", "Pavlodar Region", 751),
        ("turkistan", "Түркістан облысы", "Туркестанская область", "Turkistan Region", 2125),
        ("ulytau", "Ұлытау облысы", "Область Ұлытау", "Ulytau Region", 221),
        (
            "west_kazakhstan",
            "Батыс Қазақстан облысы",
            "Западно-Казахстанская область",
            "West Kazakhstan Region",
            696,
        ),
        ("astana", "Астана қаласы", "город Астана", "Astana (city)", 1423),
        ("almaty", "Алматы қаласы", "город Алматы", "Almaty (city)", 2229),
        ("shymkent", "Шымкент қаласы", "город Шымкент", "Shymkent (city)", 1222),
    )
    total = sum(row[4] for row in rows)
    return tuple(_v(key, kk, ru, en, people / total) for key, kk, ru, en, people in rows)


FEATURES = {
    f.key: f
    for f in (
        Feature(
            "gender",
            {"kk": "Жынысы", "ru": "Пол", "en": "Gender"},
            (
                _v("female", "Әйел", "Женский", "Female", 0.525),
                _v("male", "Ер", "Мужской", "Male", 0.475),
            ),
        ),
        Feature(
            "age",
            {"kk": "Жас тобы", "ru": "Возрастная группа", "en": "Age band"},
            (
                _v("18-29", "18–29", "18–29", "18–29", 0.25),
                _v("30-44", "30–44", "30–44", "30–44", 0.33),
                _v("45-59", "45–59", "45–59", "45–59", 0.23),
                _v("60+", "60 және одан жоғары", "60 и старше", "60 and over", 0.19),
            ),
        ),
        Feature("region", {"kk": "Өңір", "ru": "Регион", "en": "Region"}, _regions()),
        Feature(
            "settlement",
            {"kk": "Елді мекен", "ru": "Тип населённого пункта", "en": "Urban or rural"},
            (
                _v("urban", "Қала", "Город", "Urban", 0.63),
                _v("rural", "Ауыл", "Село", "Rural", 0.37),
            ),
        ),
        Feature(
            "education",
            {"kk": "Білімі", "ru": "Образование", "en": "Education"},
            (
                _v(
                    "secondary",
                    "Орта немесе одан төмен",
                    "Среднее или ниже",
                    "Secondary or less",
                    0.34,
                ),
                _v(
                    "vocational",
                    "Техникалық және кәсіптік",
                    "Техническое и профессиональное",
                    "Technical and vocational",
                    0.36,
                ),
                _v("higher", "Жоғары", "Высшее", "Higher", 0.30),
            ),
        ),
        Feature(
            "language",
            {"kk": "Қалаған тілі", "ru": "Предпочитаемый язык", "en": "Preferred language"},
            (
                _v("kk", "Қазақ тілі", "Казахский", "Kazakh", 0.55),
                _v("ru", "Орыс тілі", "Русский", "Russian", 0.45),
            ),
        ),
    )
}
DEFAULT_FEATURES = tuple(FEATURES)
DEFAULT_TOLERANCE = 1


def census_quotas(features, panel_size, tolerance=DEFAULT_TOLERANCE, lookup=None):
    """Quotas from population shares: each value's expected number of jurors
    (share × panel size), widened by `tolerance` on each side, and kept
    consistent (the minimums never add up to more than the panel, the
    maximums never to less). `features` holds `Feature` objects or keys,
    which `lookup` (a jury's `feature`; the default catalogue without one)
    turns into features."""
    lookup = lookup or FEATURES.__getitem__
    quotas = {}
    for item in features:
        feature = item if isinstance(item, Feature) else lookup(item)
        key = feature.key
        values = {}
        for value in feature.values:
            expected = value.share * panel_size
            low = max(0, math.floor(expected - tolerance))
            high = min(panel_size, math.ceil(expected + tolerance))
            values[value.key] = (low, high)
        while sum(low for low, _ in values.values()) > panel_size:
            largest = max(values, key=lambda k: values[k][0])
            values[largest] = (values[largest][0] - 1, values[largest][1])
        while sum(high for _, high in values.values()) < panel_size:
            smallest = min(values, key=lambda k: values[k][1])
            values[smallest] = (values[smallest][0], values[smallest][1] + 1)
        quotas[key] = values
    return quotas


# -- features an organiser defines -------------------------------------------------------

CUSTOM_PREFIX = "custom-"  # no default key starts with it, so keys never clash
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


def is_custom(key):
    return key.startswith(CUSTOM_PREFIX)


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
