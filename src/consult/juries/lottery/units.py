"""Applicants grouped into units of interchangeable people, and the panel
drawn from a distribution over panels of counts per unit.

A unit is either the applicants who live alone with one profile (the tuple of
their answers to the quota features) or, for the households of two or more
candidates with one multiset of profiles, the members with one profile; at
most one member of each such household may be selected. The quotas and the
household rule cannot tell the applicants of a unit apart, which is what lets
`lottery.classes` solve maximin over units. The draw picks a panel of counts
with the draw's seed, then which applicants fill each count, uniformly within
the unit: every applicant of a unit has the unit's probability."""

import random
from collections import defaultdict
from dataclasses import dataclass


@dataclass
class Unit:
    """Interchangeable applicants: `members` are their ids (for a household
    class, grouped per household), `size` how many there are, `cap` how many
    of them one panel can hold."""

    profile: tuple
    household_class: int | None  # index into Pool.household_caps, None for people alone
    members: list
    size: int
    cap: int


@dataclass
class Pool:
    units: list
    household_caps: list  # per household class: how many households it has


def profile_of(person, features):
    return tuple(person.features.get(feature) for feature in features)


def pool_units(candidates, features):
    """The candidates grouped into units (see the module's docstring)."""
    by_household = defaultdict(list)
    for person in candidates:
        by_household[person.household].append(person)
    alone = defaultdict(list)
    household_classes = defaultdict(list)
    for household in sorted(by_household):
        people = by_household[household]
        if len(people) == 1:
            alone[profile_of(people[0], features)].append(people[0].id)
        else:
            key = tuple(sorted(profile_of(p, features) for p in people))
            household_classes[key].append(people)
    units = [
        Unit(profile, None, sorted(ids), len(ids), len(ids))
        for profile, ids in sorted(alone.items())
    ]
    caps = []
    for index, (key, households) in enumerate(sorted(household_classes.items())):
        caps.append(len(households))
        for profile in sorted(set(key)):
            members = [
                sorted(p.id for p in people if profile_of(p, features) == profile)
                for people in households
            ]
            size = sum(len(ids) for ids in members)
            units.append(Unit(profile, index, members, size, len(households)))
    return Pool(units, caps)


def unit_probabilities(pool, panels, probabilities):
    """Each applicant's probability of selection under the distribution."""
    result = {}
    for i, unit in enumerate(pool.units):
        expected = sum(p * panel[i] for panel, p in zip(panels, probabilities, strict=True))
        share = expected / unit.size
        ids = unit.members if unit.household_class is None else sum(unit.members, [])
        for person_id in ids:
            result[person_id] = share
    return result


def choose_panel(pool, panels, probabilities, seed):
    """One panel of applicants drawn from the distribution with `seed`: the
    panel of counts, then uniformly who fills each count."""
    rng = random.Random(seed)
    panel = rng.choices(panels, weights=probabilities)[0]
    selected = []
    households_left = {}  # household class -> its households not yet used, shuffled
    for i, unit in enumerate(pool.units):
        if not panel[i]:
            continue
        if unit.household_class is None:
            selected.extend(rng.sample(unit.members, panel[i]))
            continue
        if unit.household_class not in households_left:
            order = list(range(pool.household_caps[unit.household_class]))
            rng.shuffle(order)
            households_left[unit.household_class] = order
        order = households_left[unit.household_class]
        for household in order[: panel[i]]:
            selected.append(rng.choice(unit.members[household]))
        del order[: panel[i]]
    return tuple(sorted(selected))
