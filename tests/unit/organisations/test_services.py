"""The organisations' service: which organisation a ministry's name means,
the checks on a new one, the search, and the staff's roles."""

import pytest

from consult.organisations.interfaces import OrganisationError
from consult.organisations.models import Organisations
from consult.organisations.services import OrganisationService


@pytest.fixture
def service():
    return OrganisationService(Organisations())


def test_a_ministry_name_finds_the_shipped_body_in_any_language_or_form(service):
    justice = service.for_ministry({"ru": "Министерство юстиции"})
    assert justice.name == "justice" and justice.kind == "ministry"
    assert justice.title["kk"] == "Қазақстан Республикасының Әділет министрлігі"
    # The same body, by its full English name, or by an earlier name.
    assert (
        service.for_ministry({"en": "Ministry of Justice of the Republic of Kazakhstan"}) is justice
    )
    culture = service.for_ministry({"en": "Ministry of Information and Social Development"})
    assert culture.name == "culture-information"
    assert len(service.organisations) == 2


def test_an_unknown_name_makes_an_organisation_of_its_own(service):
    made = service.for_ministry({"en": "Agency for Civil Service Affairs", "ru": "Агентство"})
    assert (made.name, made.kind, made.level) == (
        "agency-for-civil-service-affairs",
        "other",
        "republic",
    )
    assert service.for_ministry({"ru": "агентство"}) is made
    other = service.for_ministry({"ru": "Министерство чего-то нового"})
    assert other.kind == "ministry" and other.name == "organisation"
    assert service.for_ministry({"en": " ", "ru": ""}) is None


def test_a_new_organisation_is_checked(service):
    with pytest.raises(OrganisationError):
        service.create("Bad Name", {"en": "X"}, "akimat", "oblast")
    with pytest.raises(OrganisationError):
        service.create("x", {"en": " "}, "akimat", "oblast")
    with pytest.raises(OrganisationError):
        service.create("x", {"en": "X"}, "akimat", "city", "350000000")  # an oblast's code
    akimat = service.create("x", {"en": "X"}, "akimat", "oblast", "350000000")
    assert akimat.kato == "350000000"
    with pytest.raises(OrganisationError):
        service.create("x", {"en": "Y"}, "akimat", "oblast")


def test_search_by_words_in_any_language_and_level(service):
    service.create(
        "astana-akimat",
        {"ru": "Акимат города Астаны", "en": "Akimat of Astana"},
        "akimat",
        "city",
        "710000000",
    )
    service.for_ministry({"en": "Ministry of Energy"})
    assert [o.name for o in service.search("akimat astana")] == ["astana-akimat"]
    assert [o.name for o in service.search("АКИМАТ")] == ["astana-akimat"]
    assert [o.name for o in service.search("", "republic")] == ["energy"]
    assert service.search("akimat", "republic") == []


def test_roles_are_granted_and_revoked(service):
    class Person:
        id = "u1"

    energy = service.for_ministry({"en": "Ministry of Energy"})
    with pytest.raises(OrganisationError):
        service.grant_role(energy, Person(), "administrator")
    with pytest.raises(OrganisationError):
        service.grant_role(energy, None, "editor")
    service.grant_role(energy, Person(), "answerer")
    assert energy.staff() == [("u1", ("answerer",))]
    with pytest.raises(OrganisationError):
        service.revoke_role(energy, "u1", "editor")
    service.revoke_role(energy, "u1", "answerer")
    assert energy.staff() == []


def test_no_two_organisations_share_a_name(service):
    service.create("justice", {"en": "Ministry of Justice"}, "ministry", "republic")
    # The same name in any language, with the country's name or other case.
    for title in (
        {"en": "ministry of justice of the Republic of Kazakhstan"},
        {"kk": "Другое", "ru": "MINISTRY OF JUSTICE"},
    ):
        with pytest.raises(OrganisationError, match="Another organisation has this name"):
            service.create("other", title, "ministry", "republic")
    assert list(service.organisations) == ["justice"]


def test_an_unknown_territory_is_named_in_the_refusal(service):
    with pytest.raises(OrganisationError, match="no territory with the KATO code 359999999"):
        service.create("x", {"en": "X"}, "akimat", "oblast", "359999999")


def test_an_update_is_checked_like_a_new_organisation(service):
    akimat = service.create("akimat", {"en": "Akimat of Karaganda Region"}, "akimat", "oblast")
    service.create("justice", {"en": "Ministry of Justice"}, "ministry", "republic")
    # Its own name is no conflict.
    service.update(
        akimat, {"en": " Akimat of Karaganda Region ", "kk": ""}, "akimat", "oblast", "350000000"
    )
    assert (akimat.title, akimat.kato) == ({"en": "Akimat of Karaganda Region"}, "350000000")
    for title, level, kato in (
        ({"en": "Ministry of Justice"}, "oblast", None),
        ({"en": "X"}, "city", "350000000"),
        ({"en": "X"}, "oblast", "000000000"),
        ({"en": " "}, "oblast", None),
    ):
        with pytest.raises(OrganisationError):
            service.update(akimat, title, "akimat", level, kato)
    assert (akimat.title, akimat.level, akimat.kato) == (
        {"en": "Akimat of Karaganda Region"},
        "oblast",
        "350000000",
    )


def test_the_choices_are_the_stored_and_the_shipped_bodies_none_stands_for(service):
    shipped = service.choices()
    assert "justice" in shipped and not service.organisations
    # One stored under another address with a shipped body's name stands for it.
    service.create(
        "my-justice",
        {"en": "Ministry of Justice of the Republic of Kazakhstan"},
        "ministry",
        "republic",
    )
    choices = service.choices()
    assert "my-justice" in choices and "justice" not in choices
    assert service.chosen("my-justice") is service.organisations["my-justice"]
    # A shipped body is made when chosen, once.
    made = service.chosen("digital-development")
    assert made is service.organisations["digital-development"]
    assert service.chosen("digital-development") is made
    assert service.chosen("no-such-body") is None
    # Its name found under another address is that organisation, not a copy.
    assert (
        service.for_ministry({"ru": "Министерство юстиции"}) is service.organisations["my-justice"]
    )
