"""The lottery as pure functions, over random pools and quotas (hypothesis).

Pools are small (30-45 people, panels of 5-7) and examples few, so that the
file runs in well under a minute: each draw solves a series of linear
programs."""

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from consult.juries.lottery import algorithm as lottery
from consult.juries.lottery import data as lottery_data

FEATURES = {"gender": ("f", "m"), "age": ("young", "middle", "old"), "place": ("town", "village")}
SETTINGS = settings(
    max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def pools(draw):
    """A pool with shared households and quotas that a panel can meet: the
    quotas are built around a panel picked from the pool first."""
    size = draw(st.integers(30, 45))
    panel_size = draw(st.integers(5, 7))
    rng = random.Random(draw(st.integers(0, 2**32)))
    people, household = [], 0
    for index in range(size):
        if index == 0 or rng.random() > 0.2:
            household += 1  # 20 % share a home with the person before them
        features = {f: rng.choice(values) for f, values in FEATURES.items()}
        people.append(lottery_data.Person(f"p{index:03d}", f"h{household:03d}", features))
    # Quotas around the composition of some panel with one person per household.
    by_home = {}
    for person in people:
        by_home.setdefault(person.household, person)
    assume(len(by_home) >= panel_size)
    witness = rng.sample(sorted(by_home.values(), key=lambda p: p.id), panel_size)
    counts = lottery.composition({f: dict.fromkeys(v) for f, v in FEATURES.items()}, witness)
    slack = draw(st.integers(0, 2))
    quotas = {
        f: {v: (max(0, n - slack), min(panel_size, n + slack + 1)) for v, n in values.items()}
        for f, values in counts.items()
    }
    return tuple(people), quotas, panel_size


def check_panel(people, quotas, selected, panel_size):
    by_id = {p.id: p for p in people}
    chosen = [by_id[i] for i in selected]
    assert len(chosen) == panel_size
    counts = lottery.composition(quotas, chosen)
    for feature, values in quotas.items():
        for value, (low, high) in values.items():
            assert low <= counts[feature][value] <= high, (feature, value)
    homes = [p.household for p in chosen]
    assert len(homes) == len(set(homes)), "two people from one household"


@SETTINGS
@given(pools(), st.integers(1, 2**63))
def test_every_panel_meets_its_quotas_and_the_household_rule(pool, seed):
    people, quotas, panel_size = pool
    result = lottery.draw(lottery_data.DrawInputs(people, quotas, panel_size, seed))
    check_panel(people, quotas, result.selected, panel_size)
    assert sum(result.probabilities.values()) == pytest.approx(panel_size, abs=1e-3)
    assert set(result.probabilities) == {p.id for p in people}
    assert all(-1e-9 <= p <= 1 + 1e-9 for p in result.probabilities.values())
    assert result.algorithm_used == "maximin"


@settings(
    max_examples=2, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(pools(), st.integers(1, 2**63))
def test_the_same_seed_gives_the_same_panel(pool, seed):
    people, quotas, panel_size = pool
    inputs = lottery_data.DrawInputs(people, quotas, panel_size, seed)
    assert lottery.draw(inputs).selected == lottery.draw(inputs).selected


@SETTINGS
@given(pools())
def test_impossible_quotas_are_explained(pool):
    people, quotas, panel_size = pool
    # Ask for more women than the panel has seats.
    quotas = dict(quotas, gender={"f": (panel_size, panel_size), "m": (1, panel_size)})
    inputs = lottery_data.DrawInputs(people, quotas, panel_size, 1)
    feasibility = lottery.check_feasibility(inputs)
    assert not feasibility.feasible
    assert {(p.feature, p.kind) for p in feasibility.problems} >= {("gender", "total")}
    with pytest.raises(lottery_data.LotteryError) as raised:
        lottery.draw(inputs)
    assert raised.value.message == "The quotas cannot be met with this pool."
    assert raised.value.feasibility.problems


def test_too_few_applicants_with_a_value_names_the_quota_and_the_relaxation():
    people = tuple(
        lottery_data.Person(f"p{i}", f"h{i}", {"gender": "f" if i < 3 else "m"}) for i in range(30)
    )
    quotas = {"gender": {"f": (5, 8), "m": (2, 8)}}
    feasibility = lottery.check_feasibility(lottery_data.DrawInputs(people, quotas, 10, 1))
    assert not feasibility.feasible
    pool = [p for p in feasibility.problems if p.kind == "pool"]
    assert [(p.feature, p.value, p.available) for p in pool] == [("gender", "f", 3)]
    assert feasibility.relaxed["gender"]["f"][0] <= 3


def test_replacements_keep_the_quotas_and_skip_the_households_drawn():
    rng = random.Random(5)
    people = tuple(
        lottery_data.Person(
            f"p{i:02d}",
            f"h{i // 2:02d}",
            {"gender": rng.choice("fm"), "place": rng.choice(["a", "b"])},
        )
        for i in range(40)
    )
    quotas = {"gender": {"f": (3, 4), "m": (3, 4)}, "place": {"a": (2, 5), "b": (2, 5)}}
    first = lottery.draw(lottery_data.DrawInputs(people, quotas, 7, 11))
    by_id = {p.id: p for p in people}
    kept = tuple(by_id[i] for i in first.selected[1:])  # one declined
    again = lottery.draw(
        lottery_data.DrawInputs(
            tuple(p for p in people if p.id != first.selected[0]),
            quotas,
            7,
            12,
            already_selected=kept,
        )
    )
    assert len(again.selected) == 1
    assert again.selected[0] not in first.selected
    check_panel(people, quotas, again.selected + first.selected[1:], 7)


def test_leximin_without_gurobi_reports_the_algorithm_that_ran():
    from sortition_algorithms.committee_generation import GUROBI_AVAILABLE

    people = tuple(
        lottery_data.Person(f"p{i:02d}", f"h{i:02d}", {"gender": "fm"[i % 2]}) for i in range(20)
    )
    result = lottery.draw(
        lottery_data.DrawInputs(
            people, {"gender": {"f": (2, 3), "m": (2, 3)}}, 5, 3, algorithm="leximin"
        )
    )
    assert result.algorithm_requested == "leximin"
    assert result.algorithm_used == ("leximin" if GUROBI_AVAILABLE else "maximin")
    assert "Using maximin algorithm." in result.log or GUROBI_AVAILABLE
