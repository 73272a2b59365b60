"""The demographic features a jury can be stratified by, with their values,
names in Kazakh, Russian and English, and the population shares used to
prefill quotas.

Regions follow the administrative division in force since 8 June 2022 (Abai,
Jetisu and Ulytau regions created): 17 regions and the 3 cities of national
significance. Shares are approximate (Bureau of National Statistics: 2021
census and population estimates for the beginning of 2024, adults where
available; preferred language is an estimate); organisers should check them
and edit the quotas, which is why the quotas form shows them.

Organisers can add features of their own to a jury
(`recruitment.custom_features.make_feature`): their keys start with
`custom-`, so they never clash with these, and a jury's `feature(key)` finds
either kind. `Feature` and `Value` are stored on juries (their custom
features), so they stay at this path."""

import math
from dataclasses import dataclass


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


CUSTOM_PREFIX = "custom-"  # no default key starts with it, so keys never clash


def is_custom(key):
    return key.startswith(CUSTOM_PREFIX)
