"""The addressee's settings row and threshold, and the petition's states
read from its dates."""

from datetime import date, timedelta

import pytest
from factories import NOW

from consult.organisations.models import Organisation
from consult.organisations.territories import load_territories
from consult.petitions.models import ANSWERED, CLOSED, CLOSED_UNSUCCESSFUL, OPEN, Petition
from consult.petitions.services import PetitionService, addressee_category
from consult.settings import DEFAULTS
from consult.settings.petitions import parse_threshold


def body(kind, level, kato=None):
    return Organisation({"en": "A body"}, kind, level, kato)


@pytest.mark.parametrize(
    "organisation, category",
    [
        (body("ministry", "republic"), "government"),
        (body("other", "republic"), "government"),
        (body("akimat", "city", "750000000"), "city_akimat"),
        (body("maslikhat", "city", "750000000"), "city_maslikhat"),
        (body("akimat", "oblast", "350000000"), "oblast_akimat"),
        (body("maslikhat", "oblast", "350000000"), "oblast_maslikhat"),
        (body("agency", "oblast", "350000000"), "local_body"),
    ],
)
def test_each_addressee_has_its_row_of_settings(organisation, category):
    assert addressee_category(organisation) == category


def service():
    return PetitionService(None, DEFAULTS, None, load_territories(), calendar=object())


def test_the_kazakh_thresholds_by_default():
    assert service().threshold_for(body("ministry", "republic")) == 50_000
    assert service().threshold_for(body("akimat", "city", "750000000")) == 2_500
    assert service().threshold_for(body("maslikhat", "city", "750000000")) == 5_000


def test_a_share_of_residents_is_computed_from_the_territorys_population():
    residents = load_territories()["350000000"].population
    assert service().threshold_for(body("akimat", "oblast", "350000000")) == round(residents * 0.01)
    assert service().threshold_for(body("maslikhat", "oblast", "350000000")) == round(
        residents * 0.02
    )


def test_a_share_of_an_unknown_population_is_no_threshold():
    assert service().threshold_for(body("akimat", "oblast", None)) is None


@pytest.mark.parametrize(
    "text, value",
    [("2500", ("count", 2500)), ("1%", ("share", 0.01)), (" 2.5% ", ("share", 0.025))],
)
def test_thresholds_are_numbers_or_percentages(text, value):
    assert parse_threshold(text) == value


@pytest.mark.parametrize("text", ["0", "-1", "0%", "101%", "x%", "many"])
def test_bad_thresholds_are_refused(text):
    with pytest.raises(ValueError):
        parse_threshold(text)


def test_the_collection_period_closes_a_petition_when_read():
    petition = Petition("a", "T", "Text", "Asks", "body", "", NOW)
    petition.state, petition.closes = OPEN, NOW + timedelta(days=1)
    assert petition.phase(NOW) == OPEN
    assert petition.phase(NOW + timedelta(days=1)) == CLOSED_UNSUCCESSFUL
    petition.state = ANSWERED
    assert petition.phase(NOW + timedelta(days=1)) == CLOSED


def test_overdue_is_after_the_last_day():
    petition = Petition("a", "T", "Text", "Asks", "body", "", NOW)
    petition.state, petition.moderation_due = "moderation", date(2026, 3, 2)
    assert not petition.overdue(NOW)
    assert petition.overdue(NOW + timedelta(days=1))
