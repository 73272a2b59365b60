"""The one ordered list of evolution steps, which each capability fills from
its evolve.py, and a database brought through it."""

import pytest
import transaction
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationConflictError
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.config import EVOLVING, evolution_steps
from consult.resources import bootstrap
from consult.resources.evolution import EvolutionSteps
from consult.resources.models import Root

# Existing databases record the number of the last step they ran: a step keeps
# its number and its place for ever, whichever capability registers it.
STEPS = [
    ("consultations", "evolve_1_containers"),
    ("feedback", "evolve_2_comment_languages"),
    ("changes", "evolve_3_search_change_log"),
    ("responses", "evolve_4_responses"),
    ("juries", "evolve_5_juries"),
    ("changes", "evolve_6_change_log_shards"),
    ("juries", "evolve_7_jury_workspaces"),
    ("signals", "evolve_8_activity_logs"),
    ("feedback", "evolve_9_lazy_comment_parts"),
    ("feedback", "evolve_10_comment_threads"),
    ("campaigns", "evolve_11_public_campaign_members"),
    ("audit", "evolve_12_audit_log"),
    ("juries", "evolve_13_juror_name_choices"),
    ("feedback", "evolve_14_review_queue"),
    ("accounts", "evolve_15_principal_sessions"),
    ("resources", "evolve_16_hash_key"),
    ("content", "evolve_17_content"),
    ("feedback", "evolve_18_reported_queue"),
    ("consultations", "evolve_19_tag_names"),
    ("notifications", "evolve_20_notifications"),
    ("feedback", "evolve_21_people_activity"),
    ("organisations", "evolve_22_organisations"),
    ("juries", "evolve_23_agenda_languages"),
    ("petitions", "evolve_24_petitions"),
    ("feedback", "evolve_25_relabelled_languages"),
    ("notifications", "evolve_26_follow_organisations"),
    ("petitions", "evolve_27_signature_counts"),
    ("appeals", "evolve_28_appeals"),
    ("petitions", "evolve_29_petition_answers"),
    ("appeals", "evolve_30_appeals_in_search"),
    ("appeals", "evolve_31_appeals_ranking"),
    ("appeals", "evolve_32_received_appeals"),
    ("appeals", "evolve_33_appeal_locations"),
    ("appeals", "evolve_34_appeal_desks"),
    ("verification", "evolve_35_census_regions"),
]
LATEST = 35


def steps_of(*packages):
    config = Configurator()
    for package in packages:
        config.include(f"consult.{package}.evolve")
    config.commit()
    return config.registry.evolution_steps


def test_the_list_is_complete_and_each_step_comes_from_its_capability():
    steps = evolution_steps()
    assert steps.latest == LATEST
    assert [(step.__module__, step.__name__) for step in steps.ordered()] == [
        (f"consult.{package}.evolve", name) for package, name in STEPS
    ]


def test_the_application_registers_the_same_steps(wsgi_app):
    def named(steps):
        return [(step.__module__, step.__name__) for step in steps.ordered()]

    assert named(wsgi_app.registry.evolution_steps) == named(evolution_steps())


def test_a_capability_s_steps_are_found_through_its_registration():
    without_audit = steps_of(*(package for package in EVOLVING if package != "audit"))
    with pytest.raises(ValueError, match=r"missing before \d+: \[12\]"):
        without_audit.ordered()
    assert [step.__name__ for step in steps_of("audit")._steps.values()] == ["evolve_12_audit_log"]


def test_two_capabilities_cannot_register_one_number():
    def evolve_12_other(root):
        """Another step 12."""

    def includeme(config):
        config.include("consult.resources.evolution")
        config.add_evolution_step(12, evolve_12_other)

    config = Configurator()
    config.include("consult.audit.evolve")
    config.include(includeme)
    with pytest.raises(ConfigurationConflictError):
        config.commit()


def test_a_step_number_is_taken_once_and_counted_from_1():
    steps = EvolutionSteps()
    steps.add(1, test_a_step_number_is_taken_once_and_counted_from_1)
    with pytest.raises(ValueError, match="step 1 is"):
        steps.add(1, test_two_capabilities_cannot_register_one_number)
    with pytest.raises(ValueError):
        steps.add(0, test_two_capabilities_cannot_register_one_number)


def test_new_database_is_created_evolved_and_persists():
    db = DB(MappingStorage())
    connection = db.open()
    root = bootstrap(connection.root(), evolution_steps())
    assert root.generation == LATEST
    assert "principals" in root and "consultations" in root
    transaction.commit()
    connection.close()
    again = db.open()
    assert again.root()["consult"].generation == LATEST
    assert evolution_steps().evolve(again.root()["consult"]) == []
    again.close()
    db.close()


def test_old_database_is_evolved():
    root = Root()
    assert evolution_steps().evolve(root) == [name for _package, name in STEPS]
    assert root.generation == LATEST


def test_a_database_evolves_from_where_it_stopped():
    root = Root()
    steps = evolution_steps()
    steps.evolve(root)
    root.generation = 14
    assert steps.evolve(root) == [name for _package, name in STEPS[14:]]
