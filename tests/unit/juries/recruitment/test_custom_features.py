"""Features an organiser defines: reading the values text, the quotas from
its shares, the one lookup (`Jury.feature`) and the service's rules."""

import pickle
from datetime import UTC, date, datetime

import factories
import pytest

from consult import iin
from consult.clock import FixedClock
from consult.juries.features import FEATURES, Feature, census_quotas
from consult.juries.interfaces import JuryError
from consult.juries.models import Juries, Jury
from consult.juries.recruitment.custom_features import (
    FeatureError,
    make_feature,
    parse_values,
    slugify,
)
from consult.juries.services import JuryService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EMPLOYMENT = """Жұмыс істейді / Работает / Employed | 60
Жұмыссыз / Безработный / Unemployed | 10
Студент / Студент / Student | 10,5
Зейнеткер / Пенсионер / Retired | 19.5 %"""


def message(error):
    """The error's text with its ${mapping} filled in, as a reader sees it."""
    return error.value.message.interpolate()


# -- reading the values ------------------------------------------------------------------


def test_values_without_shares_get_equal_shares():
    values = parse_values("Yes\nNo\n\n  Not sure  \n", ("en", "ru"))
    assert [v.key for v in values] == ["yes", "no", "not-sure"]
    assert values[2].names == {"en": "Not sure", "ru": "Not sure"}
    assert [v.share for v in values] == pytest.approx([1 / 3] * 3)


def test_values_with_names_in_three_languages_and_shares():
    values = parse_values(EMPLOYMENT)
    assert [v.key for v in values] == ["employed", "unemployed", "student", "retired"]
    assert values[0].names == {"kk": "Жұмыс істейді", "ru": "Работает", "en": "Employed"}
    assert [v.share for v in values] == pytest.approx([0.6, 0.1, 0.105, 0.195])


def test_shares_are_scaled_to_one_within_the_tolerance():
    values = parse_values("A | 50.5\nB | 50")
    assert sum(v.share for v in values) == pytest.approx(1)
    assert values[0].share == pytest.approx(50.5 / 100.5)


def test_a_language_part_may_be_empty_and_keys_are_latin():
    values = parse_values(" / Да / \n / Нет / ")
    assert values[0].names == {"ru": "Да"}
    assert [v.key for v in values] == ["da", "net"]
    assert slugify("Қала тұрғыны") == "qala-turgyny"
    assert slugify("18–29") == "18-29"
    assert slugify("???") == ""


def test_keys_stay_unique_when_names_give_the_same_slug():
    values = parse_values("Yes!\nYes?\n???")
    assert [v.key for v in values] == ["yes", "yes-2", "value-3"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "Give at least 2 values, one per line."),
        ("Only one", "Give at least 2 values, one per line."),
        ("Yes\nNo\nyes", '"yes" is written twice: each value needs its own name.'),
        ("A | 50\nB | 40", "The shares add up to 90 %; they must add up to 100 % (±1)."),
        ("A | 50\nB | 52", "The shares add up to 102 %; they must add up to 100 % (±1)."),
        ("A | half\nB | 50", 'Line 1: the share "half" is not a number.'),
        ("A | nan\nB | 50", 'Line 1: the share "nan" is not a number.'),
        ("A | 100\nB | 0", "Line 2: a share is a percentage above 0 and at most 100."),
        ("A | 60\nB", "Give a share for every value, or for none."),
        (
            "A\nB / C",
            "Line 2: write one name, or three names (Kazakh / Russian / English) separated by /.",
        ),
        ("A\n | 40", "Line 2: the value has no name."),
        ("A\n / / | 40", "Line 2: the value has no name."),
        ("A | 5 | 6\nB", "Line 1: write the share after a single |."),
        ("\n".join(f"V{n}" for n in range(31)), "Give at most 30 values."),
        ("A\n" + "B" * 121, "Line 2: a name has at most 120 characters."),
    ],
)
def test_bad_values_are_refused_with_a_reason(text, expected):
    with pytest.raises(FeatureError) as error:
        parse_values(text)
    assert message(error) == expected
    assert error.value.field == "values"


def test_a_feature_needs_a_name_and_gets_a_key_of_its_own():
    with pytest.raises(FeatureError) as error:
        make_feature({"kk": " ", "ru": ""}, "Yes\nNo")
    assert message(error) == "Name the feature in at least one language."
    feature = make_feature({"ru": "Есть дети до 18 лет"}, "Да\nНет")
    assert feature.key == "custom-est-deti-do-18-let"
    assert feature.names == {"ru": "Есть дети до 18 лет"}
    assert feature.values[0].names == {"ru": "Да"}  # a single name: the feature's languages
    again = make_feature({"en": "Has children"}, "Yes\nNo", taken={"custom-has-children"})
    assert again.key == "custom-has-children-2"
    assert all(not key.startswith("custom-") for key in FEATURES)


def test_census_quotas_take_features_or_keys_with_a_lookup():
    feature = make_feature({"en": "Employment"}, EMPLOYMENT)
    quotas = census_quotas((feature,), 20)
    # 12, 2, 2.1 and 3.9 expected of 20, one either side.
    assert quotas == {
        "custom-employment": {
            "employed": (11, 13),
            "unemployed": (1, 3),
            "student": (1, 4),
            "retired": (2, 5),
        }
    }
    lookup = {feature.key: feature, **FEATURES}.__getitem__
    both = census_quotas(("gender", feature.key), 20, lookup=lookup)
    assert both["custom-employment"] == quotas["custom-employment"]
    assert both["gender"] == census_quotas(("gender",), 20)["gender"]
    equal = census_quotas((make_feature({"en": "Car"}, "Yes\nNo"),), 15)
    assert equal == {"custom-car": {"yes": (6, 9), "no": (6, 9)}}


def test_a_custom_feature_survives_pickling():
    feature = make_feature({"en": "Employment"}, EMPLOYMENT)
    assert pickle.loads(pickle.dumps(feature)) == feature


# -- the jury and the service ------------------------------------------------------------


@pytest.fixture
def service():
    return JuryService(FixedClock(NOW), "secret")


@pytest.fixture
def jury(service):
    return factories.jury(Juries(), service, panel_size=20, sessions=())


def application(number, answers):
    born = date(1980, 1, 1)
    number_iin = next(
        x for s in range(number * 10, number * 10 + 10) if (x := iin.make(born, "m", s))
    )
    return {
        "name": f"Person {number}",
        "email": f"p{number}@example.kz",
        "phone": "87015550000",
        "iin": number_iin,
        "address": f"Astana, Abai avenue {number}",
        "answers": answers,
    }


def test_old_juries_have_no_custom_features():
    assert Jury.custom_features == ()
    jury = Jury.__new__(Jury)  # as an object from an older database loads
    assert jury.custom_features == ()
    assert jury.feature("gender") is FEATURES["gender"]
    with pytest.raises(KeyError):
        jury.feature("custom-employment")


def test_adding_a_feature_uses_it_and_keeps_the_other_quotas(service, jury):
    service.set_quotas(
        jury, {"gender": {"female": (10, 12), "male": (8, 10)}, "language": jury.quotas["language"]}
    )
    feature = service.add_feature(jury, {"en": "Employment", "kk": ""}, EMPLOYMENT)
    assert jury.custom_features == (feature,)
    assert jury.feature("custom-employment") is feature
    assert jury.features == ("gender", "language", "custom-employment")
    assert [f.key for f in jury.features_in_use()] == list(jury.features)
    assert jury.quotas["custom-employment"]["employed"] == (11, 13)
    assert jury.quotas["gender"] == {"female": (10, 12), "male": (8, 10)}
    second = service.add_feature(jury, {"en": "Employment"}, "Yes\nNo")
    assert second.key == "custom-employment-2"


def test_bad_definitions_are_refused(service, jury):
    with pytest.raises(JuryError) as error:
        service.add_feature(jury, {"en": ""}, "Yes\nNo")
    assert error.value.field == "name_kk"
    with pytest.raises(JuryError) as error:
        service.add_feature(jury, {"en": "Car"}, "Yes\nyes")
    assert error.value.field == "values"
    assert jury.custom_features == () and jury.features == ("gender", "language")


def test_a_custom_feature_is_answered_and_checked_like_a_default_one(service, jury):
    service.add_feature(jury, {"en": "Employment"}, EMPLOYMENT)
    quotas = dict(jury.quotas)
    quotas["custom-employment"] = {
        "employed": (10, 14),
        "unemployed": (0, 4),
        "student": (0, 4),
        "retired": (2, 6),
    }
    service.set_quotas(jury, quotas)
    assert jury.quotas["custom-employment"]["employed"] == (10, 14)
    quotas["custom-employment"] = {**quotas["custom-employment"], "student": (5, 4)}
    with pytest.raises(JuryError) as error:
        service.set_quotas(jury, quotas)
    assert error.value.field == "custom-employment"
    with pytest.raises(JuryError) as error:
        service.apply(
            jury,
            application(1, {"gender": "male", "language": "kk", "custom-employment": "boss"}),
            "en",
        )
    assert error.value.field == "custom-employment"
    applicant = service.apply(
        jury,
        application(2, {"gender": "male", "language": "kk", "custom-employment": "student"}),
        "en",
    )
    assert applicant.answers["custom-employment"] == "student"
    inputs, _pseudonyms = service.pool(jury)
    assert inputs.people[0].features["custom-employment"] == "student"
    assert "custom-employment" in inputs.quotas


def test_settings_keep_the_custom_features(service, jury):
    service.add_feature(jury, {"en": "Employment"}, EMPLOYMENT)
    data = {
        "remit": {"en": "Pensions?"},
        "panel_size": 16,
        "recruitment_opens": jury.recruitment_opens,
        "recruitment_closes": jury.recruitment_closes,
        "sessions": [],
        "features": {"language", "gender", "age"},
    }
    service.update(jury, data)
    assert jury.features == ("gender", "age", "language", "custom-employment")
    assert set(jury.quotas) == set(jury.features)
    assert sum(high for _, high in jury.quotas["custom-employment"].values()) >= 16
    # Only a custom feature left is enough to stratify by.
    service.update(jury, dict(data, features=set()))
    assert jury.features == ("custom-employment",)
    with pytest.raises(JuryError) as error:
        service.remove_feature(jury, "custom-employment")
    assert message(error) == "Choose at least one feature to stratify by."


def test_removing_a_feature_and_the_refusals(service, jury):
    service.add_feature(jury, {"en": "Employment"}, EMPLOYMENT)
    with pytest.raises(JuryError):
        service.remove_feature(jury, "gender")  # a default one: the settings untick it
    with pytest.raises(JuryError):
        service.remove_feature(jury, "custom-nothing")
    service.remove_feature(jury, "custom-employment")
    assert jury.custom_features == ()
    assert jury.features == ("gender", "language")
    assert set(jury.quotas) == {"gender", "language"}
    service.add_feature(jury, {"en": "Car"}, "Yes\nNo")
    service.apply(
        jury, application(3, {"gender": "male", "language": "kk", "custom-car": "yes"}), "en"
    )
    with pytest.raises(JuryError) as error:
        service.remove_feature(jury, "custom-car")
    assert "cannot change once people have applied" in message(error)
    with pytest.raises(JuryError):
        service.add_feature(jury, {"en": "Pets"}, "Yes\nNo")
    assert [f.key for f in jury.custom_features] == ["custom-car"]


def test_the_feature_class_is_the_catalogue_one():
    # Stored juries pickle Feature by reference: it must stay importable here.
    assert Feature.__module__ == "consult.juries.features"
