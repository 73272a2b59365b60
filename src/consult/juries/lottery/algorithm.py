"""The stratified lottery, as pure functions over plain data.

`sortition-algorithms` (Sortition Foundation) does the work: it finds a
distribution over panels that meet the quotas and keep one person per
household, with the fairest spread of selection probabilities (`maximin` by
default), then draws one panel from it with a seeded random source. This
module turns consult's plain data (`lottery.data`) into the library's types
and back, so that a draw can be tested, benchmarked and re-run by anyone
without Pyramid or ZODB: `draw(DrawInputs(...))` with the published inputs and
the revealed seed gives the same panel again. Consult runs each draw in its
own process (`lottery.process`), and `python -m consult.juries.lottery
inputs.json result.json` re-runs a published one the same way.

The library keeps its random source and its loggers in module globals and
prints to stdout, so draws in one process are serialised by `_LOCK`, and
everything it says is captured into the draw's log.

The library and its solver are imported inside the functions that use them:
they take seconds to load (as long as the rest of consult), which every web
process and console command would otherwise pay at start for a draw most
never run."""

import contextlib
import io
import logging
import os
import sys
import threading
import time
from importlib.metadata import version

from . import units
from .data import ALGORITHMS, ENGINES, DrawResult, Feasibility, LotteryError, QuotaProblem

HOUSEHOLD = "household"  # the library's address column: one selected per value
_ID = "id"
_LIBRARY_LOGGERS = ("sortition_algorithms", "sortition_algorithms_user")
_USED = {
    "using_maximin_algorithm": "maximin",
    "using_nash_algorithm": "nash",
    "using_leximin_algorithm": "leximin",
    "using_legacy_algorithm": "legacy",
}
_LOCK = threading.Lock()


# -- the library's types ----------------------------------------------------------------


def remaining_quotas(quotas, already_selected):
    """The quotas left for a replacement draw once `already_selected` count."""
    counts = composition(quotas, already_selected)
    return {
        feature: {
            value: (max(0, low - counts[feature][value]), high - counts[feature][value])
            for value, (low, high) in values.items()
        }
        for feature, values in quotas.items()
    }


def composition(quotas, people):
    """{feature: {value: count}} of `people` for the features of `quotas`."""
    counts = {feature: dict.fromkeys(values, 0) for feature, values in quotas.items()}
    for person in people:
        for feature in counts:
            value = person.features.get(feature)
            if value in counts[feature]:
                counts[feature][value] += 1
    return counts


def _features(quotas):
    # slow to load (docstring)
    from sortition_algorithms.features import FeatureValueMinMax

    flex = 1 + max(
        (high for values in quotas.values() for _low, high in values.values()), default=0
    )
    collection: dict[str, dict[str, FeatureValueMinMax]] = {}
    for feature, values in quotas.items():
        collection[feature] = {}
        for value, (low, high) in values.items():
            minmax = FeatureValueMinMax(min=int(low), max=max(int(high), 0))
            minmax.set_default_max_flex(flex)
            collection[feature][value] = minmax
    return collection


def _people(persons, features):
    from sortition_algorithms.people import People  # slow to load (docstring)

    people = People([HOUSEHOLD])
    for row, person in enumerate(persons, start=1):
        data = dict(person.features)
        data[HOUSEHOLD] = person.household
        people.add(person.id, data, features, row)
    return people


def _settings(inputs):
    from sortition_algorithms import Settings  # slow to load (docstring)

    return Settings(
        id_column=_ID,
        columns_to_keep=[HOUSEHOLD],
        check_same_address=True,
        check_same_address_columns=[HOUSEHOLD],
        selection_algorithm=inputs.algorithm,
        random_number_seed=int(inputs.seed),
    )


def _candidates(inputs):
    """The pool for this draw: nobody already selected, nobody from their households."""
    taken = {p.id for p in inputs.already_selected}
    households = {p.household for p in inputs.already_selected}
    return [p for p in inputs.people if p.id not in taken and p.household not in households]


_banner: list[bool] = []  # [True] once the banner has been printed


def _silence_solver_banner():
    """HiGHS prints its banner from C, straight to file descriptor 1, the
    first time a solver is made in the process: make that first one here with
    the descriptor pointed elsewhere, so that it is not in the server's output."""
    if _banner:
        return
    import highspy  # slow to load (docstring)

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _banner.append(True)


@contextlib.contextmanager
def _captured():
    """Everything the library prints or logs while the block runs, as one string."""
    _silence_solver_banner()
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    saved = []
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.handlers[:], logger.propagate, logger.level))
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.INFO)
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            yield buffer
    finally:
        for logger, handlers, propagate, level in saved:
            logger.handlers[:] = handlers
            logger.propagate = propagate
            logger.setLevel(level)


# -- feasibility ----------------------------------------------------------------------


def _diff(original, relaxed_features):
    problems: list[QuotaProblem] = []
    relaxed: dict[str, dict[str, tuple[int, int]]] = {}
    for feature, values in original.items():
        relaxed[feature] = {}
        for value, (low, high) in values.items():
            minmax = relaxed_features[feature][value]
            relaxed[feature][value] = (minmax.min, minmax.max)
            if (minmax.min, minmax.max) != (low, high):
                problems.append(
                    QuotaProblem(
                        feature, value, "relax", (low, high), suggested=(minmax.min, minmax.max)
                    )
                )
    return problems, relaxed


def check_feasibility(inputs):
    """Whether a panel meeting the quotas and the household rule exists in the
    pool; if not, which quotas cannot be met and the nearest relaxation that
    can (the library's own relaxation: the fewest quota changes, preferring
    not to lower small minimums)."""
    from sortition_algorithms import errors  # slow to load (docstring)
    from sortition_algorithms.committee_generation import find_any_committee

    quotas = remaining_quotas(inputs.quotas, inputs.already_selected)
    wanted = inputs.number_wanted
    candidates = _candidates(inputs)
    problems = []
    for feature, values in quotas.items():
        lows = sum(low for low, _high in values.values())
        highs = sum(high for _low, high in values.values())
        if lows > wanted or highs < wanted:
            for value, bounds in values.items():
                problems.append(QuotaProblem(feature, value, "total", bounds))
    counts = composition(quotas, candidates)
    for feature, values in quotas.items():
        for value, (low, high) in values.items():
            if counts[feature][value] < low:
                problems.append(
                    QuotaProblem(
                        feature,
                        value,
                        "pool",
                        (low, high),
                        available=counts[feature][value],
                        suggested=(counts[feature][value], high),
                    )
                )
    if wanted <= 0:
        return Feasibility(False, problems, None, "Nobody is left to draw.")
    if len(candidates) < wanted:
        return Feasibility(
            False, problems, None, f"The pool has {len(candidates)} people; {wanted} are wanted."
        )
    features = _features(quotas)
    with _LOCK, _captured() as log:
        try:
            find_any_committee(features, _people(candidates, features), wanted, [HOUSEHOLD])
        except errors.InfeasibleQuotasError as error:
            relax_problems, relaxed = _diff(quotas, error.features)
            return Feasibility(False, problems + relax_problems, relaxed, str(error))
        except errors.SortitionBaseError as error:
            return Feasibility(False, problems, None, f"{error}\n{log.getvalue()}".strip())
    if problems:  # a total or pool problem the solver did not notice cannot happen
        return Feasibility(False, problems, None, "")
    return Feasibility(True)


# -- the draw -------------------------------------------------------------------------


def _algorithm_used(report, requested):
    used = None
    for element in report._data:
        code = getattr(element, "message_code", None)
        if code in _USED:
            used = _USED[code]
    return used or requested


def _probabilities(report, candidates):
    probabilities = dict.fromkeys((p.id for p in candidates), 0.0)
    for element in report._data:
        headers = getattr(element, "headers", None)
        if headers and headers[:2] == ["Agent ID", "Probability of selection"]:
            for row in element.data:
                probabilities[str(row[0])] = float(str(row[1]).rstrip("%")) / 100
    return probabilities


def _draw_by_units(inputs, progress):
    """Maximin over classes of interchangeable applicants (`lottery.classes`);
    the library is asked only to explain quotas that no panel meets."""
    from . import classes  # loads the solver (docstring)

    quotas = remaining_quotas(inputs.quotas, inputs.already_selected)
    features = sorted(quotas)
    candidates = _candidates(inputs)
    started = time.monotonic()
    lines = ["Using maximin algorithm."]

    def log(line):
        lines.append(line)
        if progress is not None:
            progress.update(len(lines), message=line)

    if progress is not None:
        progress.start_phase("maximin_optimization", message="Optimizing maximin distribution")
    pool = units.pool_units(candidates, features)
    try:
        if inputs.number_wanted <= 0:
            raise ValueError("Nobody is left to draw.")
        panels, chances = classes.maximin(pool, features, quotas, inputs.number_wanted, log)
    except ValueError:
        feasibility = check_feasibility(inputs)
        raise LotteryError("The quotas cannot be met with this pool.", feasibility) from None
    finally:
        if progress is not None:
            progress.end_phase()
    selected = units.choose_panel(pool, panels, chances, int(inputs.seed))
    probabilities = dict.fromkeys((p.id for p in candidates), 0.0)
    probabilities.update(units.unit_probabilities(pool, panels, chances))
    lines.append(
        f"Using maximin over {len(pool.units)} classes of interchangeable applicants "
        f"(consult.juries.lottery.classes); lowest probability {min(probabilities.values()):.4%}."
    )
    return DrawResult(
        selected=selected,
        probabilities=probabilities,
        algorithm_requested=inputs.algorithm,
        algorithm_used="maximin",
        log="\n".join(lines),
        seconds=time.monotonic() - started,
    )


def draw(inputs, progress=None):
    """Draw the panel (or the replacements). Returns a DrawResult; raises
    LotteryError with the feasibility findings when the quotas cannot be met.
    `progress` receives the library's progress events (see its
    ProgressReporter protocol)."""
    from sortition_algorithms import run_stratification  # slow to load (docstring)
    from sortition_algorithms.people import People

    if inputs.algorithm not in ALGORITHMS:
        raise LotteryError(f"Unknown algorithm {inputs.algorithm!r}.")
    if inputs.engine not in ENGINES:
        raise LotteryError(f"Unknown engine {inputs.engine!r}.")
    if inputs.algorithm == "maximin" and inputs.engine == "units":
        return _draw_by_units(inputs, progress)
    feasibility = check_feasibility(inputs)
    if not feasibility.feasible:
        raise LotteryError("The quotas cannot be met with this pool.", feasibility)
    quotas = remaining_quotas(inputs.quotas, inputs.already_selected)
    features = _features(quotas)
    candidates = _candidates(inputs)
    started = time.monotonic()
    with _LOCK, _captured() as log:
        people = _people(candidates, features)
        kept = People([HOUSEHOLD]) if inputs.already_selected else None
        success, panels, report = run_stratification(
            features,
            people,
            inputs.number_wanted,
            _settings(inputs),
            already_selected=kept,
            progress_reporter=progress,
        )
        text = log.getvalue() + "\n" + report.as_text()
    seconds = time.monotonic() - started
    if not success:
        error = report.last_error()
        raise LotteryError(str(error) if error else "The draw failed.", log=text)
    return DrawResult(
        selected=tuple(sorted(panels[0])),
        probabilities=_probabilities(report, candidates),
        algorithm_requested=inputs.algorithm,
        algorithm_used=_algorithm_used(report, inputs.algorithm),
        log=text,
        seconds=seconds,
    )


def library_version():
    return version("sortition-algorithms")
