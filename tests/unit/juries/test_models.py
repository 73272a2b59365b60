"""Applicants: how a juror is named on the public page, and the check that
finds the application an earlier one repeats."""

from datetime import UTC, datetime

import factories
import pytest

from consult.juries.models import Applicant, Applicants, split_name

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def applicant(name="Aigerim Serikova", iin_key="i1", household_key="h1"):
    return Applicant(name, "a@example.kz", "", iin_key, household_key, {}, "kk", NOW)


@pytest.mark.parametrize(
    "choice, shown", [("hidden", None), ("initial", "Aigerim S."), ("full", "Aigerim Serikova")]
)
def test_an_accepted_juror_is_named_as_they_chose(choice, shown):
    juror = applicant()
    juror.status, juror.name_shown = "accepted", choice
    assert juror.shown_name() == shown


def test_the_account_s_names_come_first():
    juror = applicant("Serikova Aigerim Nurlanovna")
    juror.status, juror.name_shown = "accepted", "initial"
    account = factories.principal("a@example.kz", "Aigerim", "Serikova")
    account.show_full_name = True  # the account's choice is not the jury page's
    assert juror.shown_name(account) == "Aigerim S."
    juror.name_shown = "full"
    assert juror.shown_name(account) == "Aigerim Serikova"


def test_only_accepted_jurors_are_named():
    juror = applicant()
    juror.name_shown = "full"
    for status in ("applied", "selected", "invited", "declined"):
        juror.status = status
        assert juror.shown_name() is None


def test_a_new_applicant_is_not_named():
    assert applicant().name_shown == "hidden"


@pytest.mark.parametrize(
    "full, parts",
    [
        ("Aigerim Serikova", ("Aigerim", "Serikova")),
        (" Madina ", ("Madina", "")),
        ("Serikova Aigerim Nurlanovna", ("Serikova", "Aigerim Nurlanovna")),
    ],
)
def test_split_name(full, parts):
    assert split_name(full) == parts


def test_the_earlier_application_a_new_one_repeats():
    applicants = Applicants()
    kept = applicants.add_applicant(applicant())
    assert applicants.earlier(applicant(iin_key="i1", household_key="h2")) == ("person", kept)
    assert applicants.earlier(applicant(iin_key="i2", household_key="h1")) == ("household", kept)
    assert applicants.earlier(applicant(iin_key="i2", household_key="h2")) is None
    assert applicants.refused() == 0
