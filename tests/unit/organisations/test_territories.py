"""The shipped classifier: every oblast and city of republican significance
with its names and residents, districts under a city, and the ministries."""

from consult.organisations.territories import load_ministries, load_territories

OBLASTS = 17  # since the three new regions of 2022 (Abai, Zhetysu, Ulytau)


def test_every_oblast_and_city_has_names_and_residents():
    territories = load_territories()
    oblasts = [t for t in territories.values() if t.level == "oblast"]
    cities = [t for t in territories.values() if t.level == "city"]
    assert len(oblasts) == OBLASTS
    assert {t.name["en"] for t in cities} == {"Astana", "Almaty", "Shymkent"}
    for territory in oblasts + cities:
        assert all(territory.name[language] for language in ("kk", "ru", "en")), territory
        assert territory.population and territory.population > 100_000, territory
        assert territory.as_of.startswith(("2025-", "2026-")), territory
        assert territory.kato.endswith("0000000") and territory.kato_checked
    # The figures are the Bureau's: the three cities' were checked.
    assert all(city.population_checked for city in cities)
    assert territories["750000000"].population == 2_347_924


def test_districts_belong_to_a_city_and_say_what_is_unchecked():
    territories = load_territories()
    districts = [t for t in territories.values() if t.level == "district"]
    assert {territories[d.parent].name["en"] for d in districts} == {
        "Astana",
        "Almaty",
        "Shymkent",
    }
    assert all(d.kato[:2] == d.parent[:2] for d in districts)
    # Codes checked against a copy of the classifier (edition 11-2025); no
    # figures of residents yet.
    assert all(d.kato_checked and not d.population for d in districts)
    names = {d.kato: d.name["en"] for d in districts}
    assert (names["711210000"], names["751110000"], names["791110000"]) == (
        "Yesil District",
        "Almaly District",
        "Abay District",
    )
    # Astana's sixth district, made in 2024.
    assert names["711610000"] == "Sarayshyk District"
    assert len([d for d in districts if d.parent == "710000000"]) == 6


def test_a_checked_figure_is_the_bureaus_exact_one():
    """A figure rounded to the thousand is an estimate, never marked checked."""
    for territory in load_territories().values():
        if territory.population_checked:
            assert territory.population % 1000, territory
        elif territory.population:
            assert territory.as_of == "2025-01-01", territory
    assert load_territories()["100000000"].population == 595_676


def test_the_ministries_have_names_in_three_languages_and_distinct_addresses():
    ministries = load_ministries()
    assert len({m["name"] for m in ministries}) == len(ministries) > 15
    for ministry in ministries:
        assert all(ministry["title"][language] for language in ("kk", "ru", "en"))
