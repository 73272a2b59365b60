"""Records on the person, levels, and the census list of keyed hashes."""

from datetime import UTC, datetime

import factories
from persistent.mapping import PersistentMapping

from consult.verification.models import (
    Census,
    CensusUpload,
    VerificationRecord,
    add_record,
    census_of,
    level_of,
    records_of,
    remove_record,
    strongest,
)
from consult.verification.personal_data import verifications_data

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def person(confirmed=False):
    return factories.principal(
        "a@example.kz", "Aliya", "Serikova", confirmed_at=NOW if confirmed else None
    )


def test_levels():
    principal = person()
    assert principal.verifications is None  # the class default old accounts read
    assert level_of(principal) == 0 and strongest(principal) == "unverified"
    assert level_of(None) == 0
    principal.confirmed_at = NOW
    assert level_of(principal) == 1 and strongest(principal) == "email"
    add_record(
        principal,
        VerificationRecord("staff", 2, NOW, by="moderator-id", data={"note": "ID card seen"}),
    )
    assert isinstance(principal.verifications, PersistentMapping)
    assert level_of(principal) == 2 and strongest(principal) == "staff"
    add_record(principal, VerificationRecord("census", 2, NOW))
    # Equal levels: the first name alphabetically.
    assert strongest(principal) == "census"
    add_record(principal, VerificationRecord("signature", 3, NOW))
    assert level_of(principal) == 3 and strongest(principal) == "signature"
    assert set(records_of(principal)) == {"email", "staff", "census", "signature"}
    remove_record(principal, "signature")
    remove_record(principal, "never-there")
    assert level_of(principal) == 2


def test_identity_without_a_confirmed_address():
    principal = person()
    add_record(principal, VerificationRecord("census", 2, NOW))
    assert level_of(principal) == 2 and "email" not in records_of(principal)


def test_census_load_add_and_replace():
    census = Census()
    first = CensusUpload(NOW, "admin", "a.csv", 3, 0, False)
    assert census.load([("k1", "s1"), ("k2", ""), ("k1", "s1")], first) == 2
    assert len(census) == 2 and "k1" in census and census.surname_of("k2") == ""
    assert first.added == 2 and census.last_upload() is first
    second = CensusUpload(NOW, "admin", "b.csv", 2, 0, False)
    assert census.load([("k2", ""), ("k3", "s3")], second) == 1
    assert len(census) == 3
    third = CensusUpload(NOW, "admin", "c.csv", 1, 0, True)
    assert census.load([("k9", "")], third, replace=True) == 1
    assert len(census) == 1 and "k1" not in census and census.last_upload() is third
    assert list(census.uploads.keys()) == [1, 2, 3]


def test_census_keeps_the_kato_code_a_file_gives_and_moves_it_with_the_key():
    census = Census()
    census.load(
        [("k1", "s1", "711110000"), ("k2", "", ""), ("k3", "")],
        CensusUpload(NOW, "admin", "a.csv", 3, 0, False),
    )
    assert [census.region_of(key) for key in ("k1", "k2", "k3")] == ["711110000", None, None]
    # Loaded again: the new file's code, or none.
    census.load([("k1", "s1", "")], CensusUpload(NOW, "admin", "b.csv", 1, 0, False))
    assert census.region_of("k1") is None
    census.load([("k2", "", "190000000")], CensusUpload(NOW, "admin", "c.csv", 1, 0, False))
    assert census.rekey("k2", "k2-new", "") == (True, False)
    assert (census.region_of("k2"), census.region_of("k2-new")) == (None, "190000000")
    census.load([("k9", "", "")], CensusUpload(NOW, "admin", "d.csv", 1, 0, True), replace=True)
    assert len(census.regions) == 0


def test_census_is_created_on_first_use():
    class Root:
        pass

    root = Root()
    assert census_of(root) is None
    census = census_of(root, create=True)
    assert isinstance(census, Census) and census_of(root) is census


def test_the_persons_data_file_gives_the_territory_of_their_verification():
    principal = person()
    add_record(principal, VerificationRecord("census", 2, NOW, data={"kato": "711110000"}))
    add_record(principal, VerificationRecord("staff", 2, NOW, by="moderator", data={"note": "x"}))
    assert verifications_data(None, principal) == [
        {"method": "census", "level": 2, "when": NOW, "kato": "711110000"},
        {"method": "staff", "level": 2, "when": NOW},
    ]
