"""The answer's rules on a petition (a decision, a reason in its language or
with a translation, the role held, revisions with a reason), a signer's
choice to hear of it and the on-time record; evolution step 29."""

from datetime import timedelta
from types import SimpleNamespace

import factories
import pytest
from factories import NOW

from consult.clock import FixedClock
from consult.organisations.models import Organisation, Organisations
from consult.petitions.answering import PetitionAnswering, answered_on_time
from consult.petitions.evolve import evolve_29_petition_answers
from consult.petitions.interfaces import PetitionError
from consult.petitions.models import ANSWER_DUE, ANSWERED, OPEN, Petition, Petitions
from consult.resources.models import Root
from consult.responses.services import ResponseService

REASON = "We will publish every decision of the courts in the open register."


@pytest.fixture
def world():
    root = Root()
    root.add("organisations", Organisations())
    root.add("petitions", Petitions())
    ministry = Organisation({"en": "Ministry of Justice"}, "ministry", "republic")
    root["organisations"].add("justice", ministry)
    answerer = factories.principal("a@example.kz", "Aida", "Answerova")
    ministry.local_roles[answerer.id] = ["answerer"]
    citizen = factories.principal("c@example.kz", "Dana", "Tynysheva")
    petition = Petition(
        "x", "Open the courts", "Decisions are hidden.", "Publish", "justice", "", NOW
    )
    root["petitions"].add("1", petition)
    petition.state, petition.answer_due = ANSWER_DUE, (NOW + timedelta(days=14)).date()
    petition.signatures[citizen.id] = NOW
    clock = FixedClock(NOW)
    responses = ResponseService(clock, {"consult.min_answer_length": "30"})
    service = PetitionAnswering(root["petitions"], responses, clock)
    return SimpleNamespace(
        root=root, service=service, petition=petition, answerer=answerer, citizen=citizen
    )


def test_an_answer_needs_the_role_a_decision_and_the_language(world):
    service, petition = world.service, world.petition
    with pytest.raises(PetitionError, match="answerers"):
        service.answer(petition, world.citizen, "accepted", REASON)
    with pytest.raises(PetitionError, match="Choose a decision"):
        service.answer(petition, world.answerer, "maybe", REASON)
    with pytest.raises(PetitionError, match="at least 30"):
        service.answer(petition, world.answerer, "accepted", "Yes.")
    russian = "Мы опубликуем все решения судов в открытом реестре с будущего месяца."
    with pytest.raises(PetitionError, match="translation into English"):
        service.answer(petition, world.answerer, "accepted", russian)
    response = service.answer(petition, world.answerer, "accepted", russian, REASON)
    assert (petition.state, response.role, response.translation) == (ANSWERED, "answerer", REASON)
    assert answered_on_time(petition)


def test_a_revision_keeps_the_earlier_version_and_why(world):
    service, petition = world.service, world.petition
    with pytest.raises(PetitionError, match="no answer to revise"):
        service.revise(petition, world.answerer, "noted", REASON, "Because of the budget.")
    service.answer(petition, world.answerer, "accepted", REASON)
    with pytest.raises(PetitionError, match="say why"):
        service.revise(petition, world.answerer, "noted", REASON, "short")
    response = service.revise(petition, world.answerer, "partly", REASON, "Because of the budget.")
    assert response.disposition == "partly"
    [revision] = response.revisions
    assert (revision.version.disposition, revision.why) == ("accepted", "Because of the budget.")


def test_only_a_signer_asks_for_news(world):
    service, petition = world.service, world.petition
    with pytest.raises(PetitionError):
        service.want_news(petition, world.answerer.id, True)
    service.want_news(petition, world.citizen.id, True)
    assert list(petition.updates) == [world.citizen.id]
    service.want_news(petition, world.citizen.id, False)
    assert list(petition.updates) == []


def test_the_record_counts_answers_on_time(world):
    service, petition = world.service, world.petition
    petition.decided = NOW
    late = NOW + timedelta(days=20)
    assert service.record(world.root["organisations"]["justice"], NOW)["rate"] is None
    record = service.record(world.root["organisations"]["justice"], late)
    assert (record["due"], record["on_time"], record["overdue"], record["rate"]) == (1, 0, 1, 0)
    assert service.overdue(late) == [petition] and service.overdue(NOW) == []


def test_step_29_gives_a_bare_answer_a_decision_and_history(world):
    petition = world.petition
    del petition.updates, petition.response
    petition.state, petition.answer = ANSWERED, REASON
    petition.answered, petition.answered_by = NOW, world.answerer.id
    other = Petition("y", "Parks", "More parks.", "Parks", "justice", "", NOW)
    world.root["petitions"].add("2", other)
    other.state = OPEN
    evolve_29_petition_answers(world.root)
    assert (petition.response.disposition, petition.response.text) == ("noted", REASON)
    assert list(petition.updates) == [] and other.response is None
