"""The lottery's plain data: what a draw depends on, what it gives, why it
cannot be made, and the JSON form of its inputs (the audit file, and what a
draw in its own process reads).

Nothing here needs Pyramid, ZODB or the lottery library: `algorithm.draw` and
`process.run_isolated` take a `DrawInputs` and give a `DrawResult`
or raise `LotteryError`."""

from dataclasses import dataclass, field

ALGORITHMS = ("maximin", "nash", "leximin")
DEFAULT_ALGORITHM = "maximin"
# How maximin is computed: "units" groups interchangeable applicants first
# (`lottery.classes`, minutes for ten thousand), "library" hands each applicant
# to `sortition-algorithms` (hours for ten thousand). Other algorithms always
# run in the library. Audit files written before "units" existed have no
# engine and re-run with the library, as they were drawn.
ENGINES = ("units", "library")
DEFAULT_ENGINE = "units"


@dataclass(frozen=True)
class Person:
    """One applicant as the lottery sees them: a pseudonym, a household key
    (itself a pseudonym) and one value per feature."""

    id: str
    household: str
    features: dict


@dataclass(frozen=True)
class DrawInputs:
    """Everything a draw depends on. `quotas` is {feature: {value: (min, max)}}
    for the whole panel; `already_selected` are the jurors kept when drawing
    replacements (the quotas then count them)."""

    people: tuple
    quotas: dict
    panel_size: int
    seed: int
    algorithm: str = DEFAULT_ALGORITHM
    already_selected: tuple = ()
    engine: str = DEFAULT_ENGINE

    @property
    def number_wanted(self):
        return self.panel_size - len(self.already_selected)


@dataclass
class DrawResult:
    selected: tuple  # pseudonyms, sorted
    probabilities: dict  # pseudonym -> probability of selection in this draw
    algorithm_requested: str
    algorithm_used: str
    log: str
    seconds: float


@dataclass
class QuotaProblem:
    """One quota that cannot be met: `kind` is "pool" (too few applicants
    have the value), "total" (the minimums add up to more than the panel, or
    the maximums to less) or "relax" (the solver's nearest relaxation changes
    it). `suggested` is the (min, max) that would work, when known."""

    feature: str
    value: str
    kind: str
    quota: tuple
    available: int | None = None
    suggested: tuple | None = None


@dataclass
class Feasibility:
    feasible: bool
    problems: list = field(default_factory=list)
    relaxed: dict | None = None  # the nearest quotas that can be met, if any
    message: str = ""


class LotteryError(Exception):
    """A draw that cannot be made; `feasibility` says why when quotas are at fault."""

    def __init__(self, message, feasibility=None, log=""):
        super().__init__(message)
        self.message = message
        self.feasibility = feasibility
        self.log = log


def inputs_to_dict(inputs):
    """The inputs as JSON-ready data (pseudonyms only), for the audit file."""

    def person(p):
        return {"id": p.id, "household": p.household, "features": dict(p.features)}

    return {
        "people": [person(p) for p in inputs.people],
        "quotas": {
            f: {v: list(b) for v, b in values.items()} for f, values in inputs.quotas.items()
        },
        "panel_size": inputs.panel_size,
        "seed": inputs.seed,
        "algorithm": inputs.algorithm,
        "already_selected": [person(p) for p in inputs.already_selected],
        "engine": inputs.engine,
    }


def inputs_from_dict(data):
    def person(d):
        return Person(d["id"], d["household"], dict(d["features"]))

    return DrawInputs(
        people=tuple(person(d) for d in data["people"]),
        quotas={
            f: {v: tuple(b) for v, b in values.items()} for f, values in data["quotas"].items()
        },
        panel_size=int(data["panel_size"]),
        seed=int(data["seed"]),
        algorithm=data.get("algorithm", DEFAULT_ALGORITHM),
        already_selected=tuple(person(d) for d in data.get("already_selected", ())),
        engine=data.get("engine", "library"),
    )
