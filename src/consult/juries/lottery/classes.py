"""Maximin over classes of interchangeable applicants.

`sortition-algorithms` finds the maximin distribution with one binary
variable per applicant and starts with one integer program per applicant
(its multiplicative-weights phase: `pool size` rounds, each solved twice by
its HiGHS wrapper). That is what made 500 applicants take a minute and 10 000
take hours. Yet applicants whose answers are the same on every quota feature
and who live alone are interchangeable: the quotas and the household rule
cannot tell them apart, so some maximin distribution gives them all the same
probability (averaging any optimal distribution over their permutations keeps
it optimal, because the set of optima is convex). The same holds for the
households whose members have the same answers. So this module solves the
same maximin over *units* (one per set of interchangeable applicants, a few
hundred to a few thousand, however large the pool) with an integer count per
unit instead of a binary per applicant, by the same column generation
(Flanigan et al., Nature 2021), on HiGHS through its array interface.
Three things make it converge in few solver calls: the maximin of the linear
relaxation (one LP) bounds the optimum from above and, on census-like
quotas, is the optimum, so the generation stops as soon as its panels reach
it; the relaxation's weights seed the first panels and steady the pricing;
and each pricing tries the relaxation (milliseconds) before the integer
program.

The units and the draw from the distribution are in `lottery.units`."""

from collections import defaultdict

import highspy  # the solver is loaded only with this module (see algorithm.py)
import numpy as np

# The column generation stops when the lowest probability of its distribution
# is within this fraction of an upper bound on the optimum: within 0.5 % of it.
RELATIVE_GAP = 5e-3
# How far the weights priced lean towards the relaxation's (see `maximin`).
SMOOTHING = 0.7
# How much the weights priced are scattered around the relaxation's.
NOISE = 0.2
# How many panels each round of the column generation looks for near them:
# at least BATCH, one per BATCH_PER units that panels can hold (the master's
# solve grows with the units, the relaxations that find panels cost little).
BATCH = 10
BATCH_PER = 25
_INF = highspy.kHighsInf


def _silent_highs():
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("random_seed", 0)  # the same runs on every machine
    return solver


def _panel_program(pool, features, quotas, wanted, integer=True):
    """An integer program whose solutions are the panels, as counts per unit
    (or its linear relaxation)."""
    solver = _silent_highs()
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


class _PanelFinder:
    """Finds the panel with the largest total weight. The linear relaxation
    (milliseconds, warm-started) gives whole counts for most weights, and
    then its panel is the best one; only otherwise is the integer program
    (tens of milliseconds) solved."""

    def __init__(self, pool, features, quotas, wanted):
        self.relaxation = _panel_program(pool, features, quotas, wanted, integer=False)
        self.program = _panel_program(pool, features, quotas, wanted)
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


class _Master:
    """The restricted dual of maximin, as in the library: weights y per unit
    summing to one and z, minimise z subject to, for every panel found,
    sum over units of y_u * count_u / size_u <= z. Its optimum is the best
    minimum probability over the panels found so far."""

    def __init__(self, units, active):
        self.units = units
        self.solver = _silent_highs()
        count = len(units)
        bounds = np.zeros(count + 1)
        bounds[list(active)] = 1.0  # a unit no panel can hold has no weight
        bounds[count] = _INF
        self.solver.addVars(count + 1, np.zeros(count + 1), bounds)
        costs = np.zeros(count + 1)
        costs[count] = 1.0
        self.solver.changeColsCost(count + 1, np.arange(count + 1, dtype=np.int32), costs)
        self.solver.changeObjectiveSense(highspy.ObjSense.kMinimize)
        indices = np.arange(count, dtype=np.int32)
        self.solver.addRow(1.0, 1.0, count, indices, np.ones(count))

    def add(self, panel, active):
        indices = [i for i in active if panel[i]]
        values = [panel[i] / self.units[i].size for i in indices] + [-1.0]
        indices.append(len(self.units))
        self.solver.addRow(
            -_INF, 0.0, len(indices), np.array(indices, dtype=np.int32), np.array(values)
        )

    def solve(self):
        self.solver.run()
        values = self.solver.getSolution().col_value
        return np.array(values[:-1]), values[-1]


def _primal(units, panels, active):
    """The probabilities of `panels` that maximise the minimum probability of
    the units in `active` (the library's last step, on units)."""
    solver = _silent_highs()
    count = len(panels)
    solver.addVars(count + 1, np.zeros(count + 1), np.ones(count + 1))
    costs = np.zeros(count + 1)
    costs[count] = 1.0
    solver.changeColsCost(count + 1, np.arange(count + 1, dtype=np.int32), costs)
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    solver.addRow(1.0, 1.0, count, np.arange(count, dtype=np.int32), np.ones(count))
    for i in active:
        columns = [c for c, panel in enumerate(panels) if panel[i]]
        values = [panels[c][i] / units[i].size for c in columns] + [-1.0]
        columns.append(count)
        solver.addRow(0.0, _INF, len(columns), np.array(columns, dtype=np.int32), np.array(values))
    solver.run()
    probabilities = [max(0.0, v) for v in solver.getSolution().col_value[:count]]
    total = sum(probabilities)
    return [p / total for p in probabilities]


def _initial_panels(solver, units):
    """Panels that between them hold every unit that any panel can hold: a
    panel with as many not-yet-held units as possible, again and again, then
    a panel for each unit still left out if one exists."""
    panels = []
    held = [False] * len(units)
    while True:
        # Per unit, not per applicant: a panel holding many units scores best.
        weights = [0.0 if held[i] else 1.0 / unit.cap for i, unit in enumerate(units)]
        panel = solver.best(weights)
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
            panel = solver.best(weights)
            if panel is not None and panel[i]:
                panels.append(panel)
                held = [h or bool(c) for h, c in zip(held, panel, strict=True)]
    return panels, [i for i in range(len(units)) if held[i]]


def _unit_weights(units, weights, active):
    """The master's weights per applicant rather than per unit."""
    scaled = np.zeros(len(units))
    for i in active:
        scaled[i] = weights[i] / units[i].size
    return scaled


def _relaxation_bound(pool, features, quotas, wanted, active):
    """The maximin of the panels' linear relaxation (counts may be fractions):
    no distribution over real panels does better, and on pools like the
    benchmark's it is the optimum itself, so the column generation can stop
    as soon as its panels come close to it."""
    solver = _panel_program(pool, features, quotas, wanted, integer=False)
    count = len(pool.units)
    solver.addVar(0.0, 1.0)
    solver.changeColCost(count, 1.0)
    for i in active:
        pair = np.array([i, count], dtype=np.int32)
        solver.addRow(0.0, _INF, 2, pair, np.array([1.0, -float(pool.units[i].size)]))
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return float("inf"), None
    solution = solver.getSolution()
    first = solver.getNumRow() - len(active)
    weights = np.zeros(count)
    weights[list(active)] = np.abs(solution.row_dual[first:])
    return solution.col_value[count], weights


def _panels_near(solver, centre, number, known):
    """Best panels for weights scattered around `centre`: the relaxation's
    weights, for which every panel of an optimal distribution is a best panel
    (when the relaxation's bound is the optimum), so that these are mostly
    panels of an optimal distribution, and nearly all the master needs."""
    rng = np.random.default_rng(0)
    floor = NOISE * float(centre[centre > 0].mean()) if (centre > 0).any() else 1.0
    found, seen = [], set(known)
    for _ in range(3 * number):  # about half the relaxations give whole counts
        noisy = centre * rng.uniform(1 - NOISE, 1 + NOISE, len(centre))
        noisy += floor * rng.uniform(0, 1, len(centre))
        panel = solver.best(noisy, exact=False)  # the integer program costs ten times more
        if panel is not None and panel not in seen:
            seen.add(panel)
            found.append(panel)
            if len(found) == number:
                break
    return found


def _smoothed_panels(solver, centre, current, lower, known, rng, batch):
    """New panels that raise the master's minimum, priced between the
    relaxation's weights (scattered) and the master's, by relaxations only."""
    new = []
    for _ in range(batch):
        noisy = centre * rng.uniform(1 - NOISE, 1 + NOISE, len(centre))
        panel = solver.best(SMOOTHING * noisy + (1 - SMOOTHING) * current, exact=False)
        useful = panel is not None and panel not in known and panel not in new
        if useful and float(np.dot(current, panel)) > lower * (1 + RELATIVE_GAP / 2):
            new.append(panel)
    return new


def optimum_bound(pool, features, quotas, wanted):
    """An upper bound on the maximin (for benchmarks and tests: how close a
    distribution's lowest probability is to the best possible)."""
    solver = _PanelFinder(pool, features, quotas, wanted)
    _panels, active = _initial_panels(solver, pool.units)
    return _relaxation_bound(pool, features, quotas, wanted, active)[0]


def maximin(pool, features, quotas, wanted, log=None):
    """The maximin distribution over panels: (panels, probabilities), each
    panel a tuple of counts per unit. Raises ValueError when no panel exists."""
    solver = _PanelFinder(pool, features, quotas, wanted)
    panels, active = _initial_panels(solver, pool.units)
    if not panels:
        raise ValueError("No panel meets the quotas.")
    bound, centre = _relaxation_bound(pool, features, quotas, wanted, active)
    if centre is not None:
        panels += _panels_near(solver, centre, len(active), panels)
    known = set(panels)
    rng = np.random.default_rng(1)
    master = _Master(pool.units, active)
    for panel in panels:
        master.add(panel, active)
    rounds = 0
    while True:
        rounds += 1
        weights, lower = master.solve()
        if bound <= lower * (1 + RELATIVE_GAP):
            break
        current = _unit_weights(pool.units, weights, active)
        # The relaxation's weights are optimal for the whole problem too when
        # its bound is the optimum, and every panel of an optimal distribution
        # is a best panel for them: pricing near them (Wentges' smoothing)
        # finds those panels rather than the ones the master's weights, which
        # jump from round to round, point to. Several panels per round, from
        # relaxations only, because each master solve costs more than they do.
        new = (
            []
            if centre is None
            else _smoothed_panels(
                solver, centre, current, lower, known, rng, max(BATCH, len(active) // BATCH_PER)
            )
        )
        if not new:  # nothing of use to the master: price at its own weights, exactly
            panel = solver.best(current)
            bound = min(bound, float(np.dot(current, panel)))  # weights summing to one bound it
            if bound <= lower * (1 + RELATIVE_GAP) or panel in known:
                break
            new.append(panel)
        if log is not None and rounds % 20 == 0:
            log(f"round {rounds}: {len(panels)} panels, minimum between {lower} and {bound}")
        for panel in new:
            panels.append(panel)
            known.add(panel)
            master.add(panel, active)
    if log is not None:
        log(f"maximin over {len(pool.units)} units: {rounds} rounds, {len(panels)} panels")
    return panels, _primal(pool.units, panels, active)
