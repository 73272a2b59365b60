"""The sign form's territory choices: each district after its city, made
once per language for the classifier a process reads."""

from consult.organisations.territories import load_territories
from consult.petitions.signing_page import territory_choices


def test_choices_name_each_district_after_its_city_in_the_readers_language():
    territories = load_territories()
    english = dict(territory_choices(territories, "en"))
    russian = dict(territory_choices(territories, "ru"))
    assert english["711210000"] == "Astana — Yesil District"
    assert russian["711210000"] == "город Астана — район Есиль"
    assert list(english) == list(russian)
    assert set(english) == set(territories)


def test_the_choices_are_made_once_per_language_and_classifier():
    territories = load_territories()
    assert territory_choices(territories, "kk") is territory_choices(territories, "kk")
    other = dict(territories)  # another edition of the classifier
    assert territory_choices(other, "kk") is not territory_choices(territories, "kk")
    assert territory_choices(other, "kk") == territory_choices(territories, "kk")
