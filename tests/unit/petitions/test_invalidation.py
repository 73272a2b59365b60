"""The arithmetic of invalidating signatures in bulk: each counter a
signature moved goes back exactly once, running a condition again changes
nothing, the author's signature and withdrawn ones are never counted twice,
the conditions, and the threshold looked at again."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from factories import NOW

from consult.organisations.territories import load_territories
from consult.petitions.answering import news_recipients
from consult.petitions.counts import STATED, VERIFIED, Signature
from consult.petitions.interfaces import PetitionError
from consult.petitions.invalidation import Condition, invalidate, matching, within
from consult.petitions.models import ANSWER_DUE, OPEN, Petition
from consult.petitions.signing import add_signature, remove_signature

ASTANA, YESIL, KARAGANDA = "710000000", "711210000", "350000000"
TERRITORIES = load_territories()


@pytest.fixture
def petition():
    petition = Petition("author", "T", "Text", "Asks", "body", "", NOW)
    add_signature(petition, "author", Signature(NOW, 2))
    add_signature(petition, "a", Signature(NOW, 1, YESIL, STATED, listed=True))
    add_signature(petition, "b", Signature(NOW + timedelta(hours=1), 2, YESIL, STATED))
    add_signature(petition, "c", Signature(NOW + timedelta(hours=2), 2, KARAGANDA, VERIFIED))
    add_signature(petition, "d", Signature(NOW + timedelta(hours=2), 3, None, None, True))
    return petition


PRINCIPALS = {
    "author": SimpleNamespace(created=NOW - timedelta(days=9)),
    "a": SimpleNamespace(created=NOW - timedelta(hours=1)),
    "b": SimpleNamespace(created=NOW - timedelta(days=9)),
    "c": SimpleNamespace(created=NOW - timedelta(hours=1)),
}


def counters(petition):
    tally = petition.tally
    return (
        petition.count(),
        {level: n() for level, n in tally.levels.items() if n()},
        {key: n() for key, n in tally.regions.items() if n()},
        {hour: n() for hour, n in tally.hours.items() if n()},
        tally.listed_count(),
        sum(len(shard) for shard in tally.listed),
    )


def run(petition, condition, reason="spike"):
    return invalidate(petition, condition, reason, "mod", NOW, PRINCIPALS, TERRITORIES)


def test_each_counter_goes_back_once_and_again_changes_nothing(petition):
    before = counters(petition)
    record = run(petition, Condition(below_level=2))
    assert record.count == 1 and record.reason == "spike"
    after = counters(petition)
    assert after[0] == before[0] - 1 and after[1] == {2: 3, 3: 1}
    assert f"{STATED}:{YESIL}" in after[2] and after[2][f"{STATED}:{YESIL}"] == 1
    assert after[4] == after[5] == 1  # "a" was listed, "d" stays
    assert run(petition, Condition(below_level=2)) is None
    assert counters(petition) == after
    assert [r.count for r in petition.invalidations] == [1]


def test_the_hourly_series_still_adds_up_to_the_total(petition):
    run(petition, Condition(signed_from=NOW + timedelta(hours=2)))
    count, _levels, _regions, hours, *_ = counters(petition)
    assert count == 3 and sum(hours.values()) == 3


def test_conditions_combine_and_spare_the_author(petition):
    assert matching(petition, Condition(below_level=4), PRINCIPALS, TERRITORIES) == [
        "a",
        "b",
        "c",
        "d",
    ]
    newcomers = Condition(accounts_after=NOW - timedelta(days=1))
    assert matching(petition, newcomers, PRINCIPALS, TERRITORIES) == ["a", "c"]
    # "d" has no account any more: an account condition never takes it.
    astana = Condition(territory=ASTANA)
    assert matching(petition, astana, PRINCIPALS, TERRITORIES) == ["a", "b"]
    both = Condition(territory=ASTANA, accounts_after=NOW - timedelta(days=1))
    assert matching(petition, both, PRINCIPALS, TERRITORIES) == ["a"]
    # A verified territory is not a stated one.
    assert matching(petition, Condition(territory=KARAGANDA), PRINCIPALS, TERRITORIES) == []
    window = Condition(signed_from=NOW, signed_until=NOW + timedelta(hours=1))
    assert matching(petition, window, PRINCIPALS, TERRITORIES) == ["a"]


def test_a_condition_and_a_reason_are_required(petition):
    with pytest.raises(PetitionError):
        run(petition, Condition())
    with pytest.raises(PetitionError):
        run(petition, Condition(below_level=2), reason="  ")
    assert counters(petition)[0] == 5


def test_an_invalidated_signature_cannot_be_withdrawn(petition):
    run(petition, Condition(below_level=2))
    with pytest.raises(PetitionError):
        remove_signature(petition, "a")
    assert counters(petition)[0] == 4
    remove_signature(petition, "b")  # others still may
    assert counters(petition)[0] == 3


def test_the_threshold_is_looked_at_again(petition):
    petition.state, petition.threshold, petition.answer_due = ANSWER_DUE, 5, NOW.date()
    run(petition, Condition(territory=KARAGANDA, below_level=4))  # nothing: verified
    assert petition.state == ANSWER_DUE
    run(petition, Condition(below_level=2))
    assert (petition.state, petition.answer_due) == (OPEN, None)


def test_within_walks_up_the_territories():
    assert within(YESIL, ASTANA, TERRITORIES) and within(ASTANA, ASTANA, TERRITORIES)
    assert not within(ASTANA, YESIL, TERRITORIES) and not within(None, ASTANA, TERRITORIES)


def test_invalidated_signers_are_not_mailed_the_answer(petition):
    for userid in ("a", "b", "d"):
        petition.updates.insert(userid)
    run(petition, Condition(below_level=2))
    assert news_recipients(petition) == ["b", "d"]
