"""Tag names in each language: the table, naming a tag through the service,
and the evolution step that gives an existing database its table."""

import pytest
from factories import NOW

from consult.clock import FixedClock
from consult.consultations.evolve import evolve_19_tag_names
from consult.consultations.models import Consultations
from consult.consultations.services import ConsultationError, ConsultationService
from consult.consultations.tags import TagNames
from consult.resources.models import Root


def test_a_tag_reads_in_each_language_and_as_itself_without_a_name():
    names = TagNames()
    names.set("juries", {"kk": " азаматтық қазылар алқасы ", "ru": "гражданские жюри", "en": ""})
    assert names.label("juries", "kk") == "азаматтық қазылар алқасы"
    assert names.label("juries", "ru") == "гражданские жюри"
    assert names.label("juries", "en") == "juries"
    assert names.label("elections", "ru") == "elections"
    assert names.names_of("juries") == {"kk": "азаматтық қазылар алқасы", "ru": "гражданские жюри"}


def test_blank_names_take_a_tag_out_of_the_table():
    names = TagNames()
    names.set("juries", {"ru": "жюри", "de": "Geschworene"})
    assert names.names_of("juries") == {"ru": "жюри"}
    names.set("juries", {"ru": " "})
    assert "juries" not in names.names
    assert names.names_of("juries") == {}


def test_the_service_names_a_tag_in_the_consultations_table():
    consultations = Consultations()
    service = ConsultationService(consultations, FixedClock(NOW))
    service.name_tag("petitions", {"kk": "петициялар", "ru": "петиции", "en": "petitions"})
    assert consultations.tag_names.label("petitions", "kk") == "петициялар"
    with pytest.raises(ConsultationError):
        service.name_tag(" ", {"en": "blank"})


def test_the_evolution_step_gives_an_existing_container_its_table():
    root = Root()
    old = Consultations()
    del old.tag_names  # as stored before the step
    root.add("consultations", old)
    evolve_19_tag_names(root)
    assert isinstance(root["consultations"].tag_names, TagNames)
    kept = root["consultations"].tag_names
    kept.set("juries", {"en": "citizens' juries"})
    evolve_19_tag_names(root)
    assert root["consultations"].tag_names is kept
