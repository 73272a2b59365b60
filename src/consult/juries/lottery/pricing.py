"""Finding panels for the column generation of `lottery.classes`: the
integer program whose solutions are the panels (counts per unit), its
linear relaxation, and the batches of panels each round adds.

Pricing is cheap (the relaxation takes milliseconds and gives whole counts
for most weights) and each solve of the master costs much more (seconds at
ten thousand applicants), so every round prices hundreds of times and hands
the master many panels at once. What makes such a batch useful is that its
panels differ: `spread_panels` lowers, after each panel it finds, the weight
of the units that panel holds, so the next one goes to units the master still
lacks (the multiplicative-weights idea for covering problems). With it the
master reaches the relaxation's bound in a handful of rounds; pricing many
times at the same weights gave near-copies of one panel and took hundreds."""

from collections import defaultdict

import highspy  # the solver is loaded only with this module (see algorithm.py)
import numpy as np

# How far the weights priced lean towards the relaxation's rather than the master's.
SMOOTHING = 0.5
# How much the weights priced are scattered around the relaxation's.
NOISE = 0.2
# What a unit's share of the master's weights is multiplied by each time a
# panel of the round holds it.
DECAY = 0.5


def silent_highs():
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("random_seed", 0)  # the same runs on every machine
    # No "threads" option: once HiGHS's one scheduler has started (any solve
    # in the process starts it), a Highs that asks for another number of
    # threads refuses to solve.
    return solver


def panel_program(pool, features, quotas, wanted, integer=True):
    """An integer program whose solutions are the panels, as counts per unit
    (or its linear relaxation)."""
    solver = silent_highs()
    count = len(pool.units)
    caps = np.array([unit.cap for unit in pool.units], dtype=np.float64)
    solver.addVars(count, np.zeros(count), caps)
    if integer:
        solver.setOptionValue("presolve", "off")  # twice as fast on these small programs
        solver.changeColsIntegrality(
            count,
            np.arange(count, dtype=np.int32),
            np.full(count, highspy.HighsVarType.kInteger, dtype=np.uint8),
        )

    def add_row(low, high, indices):
        indices = np.array(indices, dtype=np.int32)
        solver.addRow(low, high, len(indices), indices, np.ones(len(indices)))

    add_row(wanted, wanted, range(count))
    for position, feature in enumerate(features):
        for value, (low, high) in quotas[feature].items():
            add_row(
                low,
                high,
                [i for i, unit in enumerate(pool.units) if unit.profile[position] == value],
            )
    by_class = defaultdict(list)
    for i, unit in enumerate(pool.units):
        if unit.household_class is not None:
            by_class[unit.household_class].append(i)
    for index, indices in sorted(by_class.items()):
        if len(indices) > 1:  # one unit alone is already capped by its bounds
            add_row(0, pool.household_caps[index], indices)
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return solver


class PanelFinder:
    """Finds the panel with the largest total weight. The linear relaxation
    (milliseconds, warm-started) gives whole counts for most weights, and
    then its panel is the best one; only otherwise is the integer program
    (tens of milliseconds) solved."""

    def __init__(self, pool, features, quotas, wanted):
        self.relaxation = panel_program(pool, features, quotas, wanted, integer=False)
        self.program = panel_program(pool, features, quotas, wanted)
        self.indices = np.arange(len(pool.units), dtype=np.int32)

    def best(self, weights, exact=True):
        """The panel (counts per unit) with the largest total weight, or None;
        None too when the relaxation's is not whole and `exact` is false."""
        weights = np.asarray(weights, dtype=np.float64)
        for solver in (self.relaxation, self.program) if exact else (self.relaxation,):
            solver.changeColsCost(len(weights), self.indices, weights)
            solver.run()
            if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            counts = np.asarray(solver.getSolution().col_value)
            rounded = np.round(counts)
            if solver is self.program or np.all(np.abs(counts - rounded) <= 1e-7):
                return tuple(int(v) for v in rounded)


def initial_panels(finder, units):
    """Panels that between them hold every unit that any panel can hold: a
    panel with as many not-yet-held units as possible, again and again, then
    a panel for each unit still left out if one exists."""
    panels = []
    held = [False] * len(units)
    while True:
        # Per unit, not per applicant: a panel holding many units scores best.
        weights = [0.0 if held[i] else 1.0 / unit.cap for i, unit in enumerate(units)]
        panel = finder.best(weights)
        if (
            panel is None
            or panel in panels
            or not any(count and not held[i] for i, count in enumerate(panel))
        ):
            break
        panels.append(panel)
        held = [h or bool(c) for h, c in zip(held, panel, strict=True)]
    for i in range(len(units)):
        if not held[i]:
            weights = [0.0] * len(units)
            weights[i] = 1.0
            panel = finder.best(weights)
            if panel is not None and panel[i]:
                panels.append(panel)
                held = [h or bool(c) for h, c in zip(held, panel, strict=True)]
    return panels, [i for i in range(len(units)) if held[i]]


def spread_panels(finder, centre, current, threshold, known, rng, number, smoothing=SMOOTHING):
    """Up to `number` new panels worth more than `threshold` at the master's
    weights `current` (so each raises its minimum), priced by relaxations
    only, at weights between the relaxation's `centre` (scattered) and the
    master's. `centre` is what makes them mostly panels of an optimal
    distribution: when the relaxation's bound is the optimum, every panel of
    an optimal distribution is a best panel for those weights (Wentges'
    smoothing). The master's part shrinks on the units each panel found
    holds, so that the batch spreads over the units the master lacks.
    `smoothing` is the centre's part of the weights (none: the master's only)."""
    new = []
    lacking = current / current.sum()
    for _ in range(3 * number):  # about half the relaxations give whole counts
        noisy = centre * rng.uniform(1 - NOISE, 1 + NOISE, len(centre))
        weights = smoothing * noisy / noisy.sum() + (1 - smoothing) * lacking
        panel = finder.best(weights, exact=False)  # the integer program costs ten times more
        if panel is None:
            continue
        lacking = lacking * np.where(np.asarray(panel) > 0, DECAY, 1.0)
        lacking /= lacking.sum()
        if panel not in known and panel not in new and float(np.dot(current, panel)) > threshold:
            new.append(panel)
            if len(new) == number:
                break
    return new
