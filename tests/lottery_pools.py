"""Small random jury pools with quotas that some panel meets, and the check
that a panel keeps the quotas and the household rule (the lottery's tests)."""

import random

from consult.juries.lottery import algorithm as lottery
from consult.juries.lottery import data as lottery_data

FEATURES = {"gender": ("f", "m"), "age": ("young", "middle", "old"), "place": ("town", "village")}


def pool(seed, size=40, panel_size=6, shared=0.2):
    """Random applicants, some sharing a household with the one before, and
    quotas around the composition of one panel with one person per household."""
    rng = random.Random(seed)
    people, household = [], 0
    for index in range(size):
        if index == 0 or rng.random() > shared:
            household += 1
        features = {f: rng.choice(values) for f, values in FEATURES.items()}
        people.append(lottery_data.Person(f"p{index:03d}", f"h{household:03d}", features))
    by_home = {}
    for person in people:
        by_home.setdefault(person.household, person)
    witness = rng.sample(sorted(by_home.values(), key=lambda p: p.id), panel_size)
    counts = lottery.composition({f: dict.fromkeys(v) for f, v in FEATURES.items()}, witness)
    slack = rng.randint(0, 1)
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
