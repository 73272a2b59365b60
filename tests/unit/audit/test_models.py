"""The audit log's chain: each entry's hash covers its fields and the hash
before it, so any change, removal or insertion is found by `verify`."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.audit.models import GENESIS, AuditEntry, AuditLog, digest

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def filled(count=5):
    log = AuditLog()
    for number in range(count):
        log.append(
            T0 + timedelta(minutes=number),
            f"user{number % 2}",
            f"Staff {number % 2}",
            "role.granted" if number % 2 else "answer.published",
            f"/consultations/c{number % 3}/comments/{number}",
            "",
            "because",
            {"role": "moderator"},
        )
    return log


def test_entries_are_numbered_and_chained():
    log = filled(3)
    first, second, third = (log.get(n) for n in (1, 2, 3))
    assert first.previous == GENESIS
    assert second.previous == first.hash and third.previous == second.hash
    assert log.head == third.hash and len(log) == 3
    assert first.hash == digest(first.fields())
    assert log.verify() is None


def test_an_empty_log_has_the_genesis_head():
    log = AuditLog()
    assert log.head == GENESIS and log.verify() is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("reason", "no reason at all"),
        ("actor", "someone-else"),
        ("action", "role.revoked"),
        ("when", T0 + timedelta(days=1)),
        ("subject", "/elsewhere"),
        ("details", {"role": "administrator"}),
    ],
)
def test_changing_any_field_of_an_entry_breaks_the_chain_there(field, value):
    log = filled()
    entry = log.get(3)
    setattr(entry, field, value)
    log.entries[3] = entry
    broken = log.verify()
    assert broken.number == 3 and "changed" in broken.problem


def test_rewriting_the_hash_too_is_found_at_the_next_entry():
    log = filled()
    entry = log.get(2)
    entry.reason = "rewritten"
    entry.hash = digest(entry.fields())
    log.entries[2] = entry
    broken = log.verify()
    assert broken.number == 3 and "does not follow" in broken.problem


def test_rewriting_every_later_hash_changes_the_published_head():
    log = filled()
    published = (5, log.head)
    previous = log.get(1).hash
    for number in range(2, 6):
        entry = log.get(number)
        if number == 2:
            entry.reason = "rewritten"
        entry.previous = previous
        entry.hash = digest(entry.fields())
        log.entries[number] = entry
        previous = entry.hash
    assert log.verify() is None  # internally consistent again...
    broken = log.verify(checkpoints=[published])
    assert broken.number == 5 and "published" in broken.problem  # ...but not what was published


def test_a_removed_entry_is_found():
    log = filled()
    del log.entries[3]
    broken = log.verify()
    assert broken.number == 3 and "missing" in broken.problem


def test_removing_the_last_entries_is_found_by_the_count():
    log = filled()
    del log.entries[5]
    del log.entries[4]
    broken = log.verify()
    assert broken.number == 4 and "missing" in broken.problem


def test_an_inserted_entry_is_found():
    log = filled(3)
    forged = AuditEntry(2, T0, "x", "X", "role.granted", "/", "", "", {}, log.get(1).hash)
    log.entries[2] = forged
    broken = log.verify()
    assert broken.number == 3 and "does not follow" in broken.problem


def test_pages_newest_first_with_filters():
    log = filled(7)
    entries, more = log.page(size=3)
    assert [e.number for e in entries] == [7, 6, 5] and more == 5
    entries, more = log.page(before=more, size=3)
    assert [e.number for e in entries] == [4, 3, 2] and more == 2
    entries, more = log.page(before=more, size=3)
    assert [e.number for e in entries] == [1] and more is None
    assert [e.number for e in log.page(action="role.granted")[0]] == [6, 4, 2]
    assert [e.number for e in log.page(actor="user0", action="answer.published")[0]] == [7, 5, 3, 1]
    # A path matches itself and what is under it, not its namesakes.
    log.append(T0, "u", "U", "x", "/consultations/c1-other", "", "", {})
    assert [e.number for e in log.page(subject="/consultations/c1")[0]] == [5, 2]
    assert log.latest("answer.published", "/consultations/c1/comments/4").number == 5
    assert log.latest("role.granted", "/nowhere") is None
