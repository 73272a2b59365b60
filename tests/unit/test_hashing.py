"""The keys of the stored hashes: the current and the previous one, the
fingerprint a database keeps, and why a database may refuse a key."""

from datetime import UTC, datetime

from consult.hashing import (
    SESSION_SECRET,
    HashKeys,
    evolve_hash_key,
    fingerprint,
    holds_hashes,
    key_problem,
    keyed_hash,
    record_key,
)
from consult.resources.models import Root
from consult.settings import read_settings
from consult.verification.models import Census, CensusUpload

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def settings(**values):
    return read_settings(
        {
            "zodbconn.uri": "memory://",
            "consult.public_url": "http://localhost",
            "consult.session_secret": "cookie-key",
            **{name.replace("__", "."): value for name, value in values.items()},
        },
        require=False,
    )


def test_hashes_are_made_with_the_current_key_and_compared_with_both():
    keys = HashKeys("new", "old")
    assert keys.secrets == ("new", "old")
    assert keys.hash("consult.juries.iin", "jury", "123") == keyed_hash(
        "new", "consult.juries.iin", "jury", "123"
    )
    assert keys.candidates("p", "s", "v") == [
        keyed_hash("new", "p", "s", "v"),
        keyed_hash("old", "p", "s", "v"),
    ]
    assert HashKeys("new").secrets == HashKeys("new", "new").secrets == ("new",)
    assert HashKeys.of("new") == HashKeys("new") and HashKeys.of(keys) is keys


def test_a_fingerprint_names_a_key_without_showing_it():
    assert fingerprint("a") == fingerprint("a") != fingerprint("b")
    assert len(fingerprint("a")) == 16
    # A purpose of its own: no stored hash is the fingerprint, nor the reverse.
    assert fingerprint("a") != keyed_hash("a", "consult.verification.census.iin", "site", "")[:16]


def test_a_database_accepts_the_key_it_recorded_and_the_previous_one():
    root = Root()
    assert key_problem(root, settings(consult__hash_secret="k")) is None  # nothing recorded
    record_key(root, "k")
    assert root.hash_key == fingerprint("k")
    assert key_problem(root, settings(consult__hash_secret="k")) is None
    assert (
        key_problem(root, settings(consult__hash_secret="n", consult__previous_hash_secret="k"))
        is None
    )
    problem = key_problem(root, settings(consult__hash_secret="n"))
    assert problem.startswith("consult.hash_secret is not the key")
    assert fingerprint("n") in problem and "rotate-hash-secret" in problem


def test_a_database_from_before_the_hash_secret_wants_the_session_secret():
    root = Root()
    root.census = Census()
    assert not holds_hashes(root)
    evolve_hash_key(root)
    assert root.hash_key is None  # no hash yet: whatever key comes first
    root.census.load([("iin-hash", "")], CensusUpload(NOW, "admin", "c.csv", 1, 0, False))
    assert holds_hashes(root)
    evolve_hash_key(root)
    assert root.hash_key == SESSION_SECRET
    assert key_problem(root, settings(consult__hash_secret="cookie-key")) is None
    problem = key_problem(root, settings(consult__hash_secret="new"))
    assert "were made with consult.session_secret" in problem
    assert "--from-session-secret" in problem


def test_the_census_moves_a_person_to_a_new_key():
    census = Census()
    census.load(
        [("old", "surname-old"), ("other", "")], CensusUpload(NOW, "admin", "c.csv", 2, 0, False)
    )
    census.claims["old"] = "aliya"
    assert census.rekey("old", "new", "surname-new") == (True, True)
    assert dict(census.entries) == {"new": "surname-new", "other": ""}
    assert dict(census.claims) == {"new": "aliya"} and len(census) == 2
    assert census.rekey("old", "new", "surname-new") == (False, False)
    # Loaded again under the new key before the move: one entry, counted once.
    census.load([("new-other", "")], CensusUpload(NOW, "admin", "c.csv", 1, 0, False))
    census.rekey("other", "new-other", "")
    assert len(census) == 2 == len(census.entries)
