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
