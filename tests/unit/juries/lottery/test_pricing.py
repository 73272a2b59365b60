"""The panels the units engine's column generation prices: each a panel
that meets the quotas, new, worth more than asked, and a round's batch
spread over the units."""

import numpy as np
from lottery_pools import pool

from consult.juries.lottery import classes, pricing, units


def _problem(seed, size=60, panel_size=6):
    people, quotas, wanted = pool(seed, size=size, panel_size=panel_size, shared=0.3)
    features = sorted(quotas)
    grouped = units.pool_units(people, features)
    finder = pricing.PanelFinder(grouped, features, quotas, wanted)
    panels, active = pricing.initial_panels(finder, grouped.units)
    _bound, centre = classes._relaxation_bound(grouped, features, quotas, wanted, active)
    return grouped, features, quotas, wanted, finder, panels, centre


def _meets_quotas(grouped, features, quotas, wanted, panel):
    assert sum(panel) == wanted
    for count, unit in zip(panel, grouped.units, strict=True):
        assert 0 <= count <= unit.cap
    for position, feature in enumerate(features):
        for value, (low, high) in quotas[feature].items():
            held = sum(
                c for c, u in zip(panel, grouped.units, strict=True) if u.profile[position] == value
            )
            assert low <= held <= high, (feature, value)
    per_class = {}
    for count, unit in zip(panel, grouped.units, strict=True):
        if unit.household_class is not None:
            per_class[unit.household_class] = per_class.get(unit.household_class, 0) + count
    for index, count in per_class.items():
        assert count <= grouped.household_caps[index]


def test_a_batch_holds_new_panels_that_meet_the_quotas_and_are_worth_more_than_asked():
    for seed in range(1, 6):
        grouped, features, quotas, wanted, finder, panels, centre = _problem(seed)
        rng = np.random.default_rng(seed)
        current = rng.uniform(0, 1, len(centre))  # a master's weights, not the centre
        threshold = float(np.median([np.dot(current, p) for p in panels]))
        batch = pricing.spread_panels(finder, centre, current, threshold, set(panels), rng, 8)
        assert batch, seed
        assert len(set(batch)) == len(batch) <= 8
        for panel in batch:
            assert panel not in panels
            assert float(np.dot(current, panel)) > threshold
            _meets_quotas(grouped, features, quotas, wanted, panel)


def test_a_batch_spreads_over_more_units_than_pricing_at_the_same_weights(monkeypatch):
    def held(decay):
        monkeypatch.setattr(pricing, "DECAY", decay)
        grouped, _f, _q, _w, finder, panels, centre = _problem(4, size=120, panel_size=8)
        rng = np.random.default_rng(0)
        batch = pricing.spread_panels(finder, centre, centre, -np.inf, set(), rng, 12)
        return {i for panel in batch for i, count in enumerate(panel) if count}

    assert len(held(pricing.DECAY)) > len(held(1.0))
