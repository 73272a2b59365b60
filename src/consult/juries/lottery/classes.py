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
it; the relaxation's weights steady the pricing; and each round hands the
master a batch of panels spread over the units it lacks, found by
relaxations (milliseconds) rather than integer programs (`lottery.pricing`).
The distribution is read from the master's last solve (its dual values).

The units and the draw from the distribution are in `lottery.units`."""

import highspy  # the solver is loaded only with this module (see algorithm.py)
import numpy as np

from .pricing import PanelFinder, initial_panels, panel_program, silent_highs, spread_panels

# The column generation stops when the lowest probability of its distribution
# is within this fraction of an upper bound on the optimum: within 0.5 % of it.
RELATIVE_GAP = 5e-3
# How many panels each round of the column generation looks for: at least
# BATCH, one per BATCH_PER units that panels can hold (the master's solve
# grows with the units, the relaxations that find panels cost little).
BATCH = 10
BATCH_PER = 10
_INF = highspy.kHighsInf


class _Master:
    """The restricted dual of maximin, as in the library: weights y >= 0 per
    unit summing to one and z, minimise z subject to, for every panel found,
    sum over units of y_u * count_u / size_u <= z. Its optimum is the best
    minimum probability over the panels found so far, and the dual values of
    its panels' rows are the probabilities of a distribution that reaches it.
    HiGHS solves it by its interior-point method without crossover: at ten
    thousand applicants that costs a few seconds where its dual simplex,
    even started from the last basis, took over twenty after each batch of
    hundreds of rows; and its weights, inside the optimal face rather than
    at one of its corners, make steadier prices."""

    def __init__(self, units, active):
        self.units = units
        self.solver = silent_highs()
        self.solver.setOptionValue("solver", "ipm")
        self.solver.setOptionValue("run_crossover", "off")  # the weights need no corner
        count = len(units)
        bounds = np.zeros(count + 1)
        bounds[list(active)] = _INF  # a unit no panel can hold has no weight
        bounds[count] = _INF
        self.solver.addVars(count + 1, np.zeros(count + 1), bounds)
        costs = np.zeros(count + 1)
        costs[count] = 1.0
        self.solver.changeColsCost(count + 1, np.arange(count + 1, dtype=np.int32), costs)
        self.solver.changeObjectiveSense(highspy.ObjSense.kMinimize)
        indices = np.arange(count, dtype=np.int32)
        self.solver.addRow(1.0, 1.0, count, indices, np.ones(count))

    def add(self, panels, active):
        starts: list[int] = []
        indices: list[int] = []
        values: list[float] = []
        for panel in panels:
            starts.append(len(indices))
            held = [i for i in active if panel[i]]
            indices += held + [len(self.units)]
            values += [panel[i] / self.units[i].size for i in held] + [-1.0]
        self.solver.addRows(
            len(panels),
            np.full(len(panels), -_INF),
            np.zeros(len(panels)),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values),
        )

    def solve(self):
        self.solver.run()
        values = self.solver.getSolution().col_value
        return np.array(values[:-1]), values[-1]

    def probabilities(self):
        """The distribution over the panels, in the order they were added,
        from the last solve: its lowest probability is the optimum found."""
        chances = np.abs(np.array(self.solver.getSolution().row_dual[1:]))
        return list(chances / chances.sum())


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
    solver = panel_program(pool, features, quotas, wanted, integer=False)
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


def optimum_bound(pool, features, quotas, wanted):
    """An upper bound on the maximin (for benchmarks and tests: how close a
    distribution's lowest probability is to the best possible)."""
    finder = PanelFinder(pool, features, quotas, wanted)
    _panels, active = initial_panels(finder, pool.units)
    return _relaxation_bound(pool, features, quotas, wanted, active)[0]


def maximin(pool, features, quotas, wanted, log=None):
    """The maximin distribution over panels: (panels, probabilities), each
    panel a tuple of counts per unit. Raises ValueError when no panel exists."""
    finder = PanelFinder(pool, features, quotas, wanted)
    panels, active = initial_panels(finder, pool.units)
    if not panels:
        raise ValueError("No panel meets the quotas.")
    bound, centre = _relaxation_bound(pool, features, quotas, wanted, active)
    rng = np.random.default_rng(0)
    batch = max(BATCH, len(active) // BATCH_PER)
    if centre is not None and centre.any():
        panels += spread_panels(finder, centre, centre, -_INF, set(panels), rng, len(active))
    else:
        centre = None
    known = set(panels)
    master = _Master(pool.units, active)
    master.add(panels, active)
    rounds = 0
    while True:
        rounds += 1
        weights, lower = master.solve()
        if log is not None:
            log(f"round {rounds}: {len(panels)} panels, minimum between {lower} and {bound}")
        if bound <= lower * (1 + RELATIVE_GAP):
            break
        current = _unit_weights(pool.units, weights, active)
        threshold = lower * (1 + RELATIVE_GAP / 2)
        new = []
        if centre is not None:
            new = spread_panels(finder, centre, current, threshold, known, rng, batch)
            if not new:  # none of use near the centre: at the master's weights alone
                new = spread_panels(finder, centre, current, threshold, known, rng, batch, 0.0)
        if not new:  # still none: price at the master's weights, exactly
            panel = finder.best(current)
            bound = min(bound, float(np.dot(current, panel)))  # weights summing to one bound it
            if bound <= lower * (1 + RELATIVE_GAP) or panel in known:
                break
            new.append(panel)
        panels += new
        known.update(new)
        master.add(new, active)
    if log is not None:
        log(f"maximin over {len(pool.units)} units: {rounds} rounds, {len(panels)} panels")
    return panels, master.probabilities()
