"""Evolution steps: every change to a persistent class ships one, and a new
database is created already evolved (it runs every step from 0).

Each capability registers its own steps in its `evolve.py`
(`config.add_evolution_step(number, step)`, Substance D's
`add_evolution_step`) into the one ordered list the registry holds; a
database records in `root.generation` the number of the last step it ran,
so a step keeps its number for ever and the numbers have no gap."""

import logging

log = logging.getLogger(__name__)


class EvolutionSteps:
    """The evolution steps of the application, by number (1, 2, ...)."""

    def __init__(self):
        self._steps = {}

    def add(self, number, step):
        if not isinstance(number, int) or number < 1:
            raise ValueError(f"an evolution step is numbered from 1: {number!r}")
        if number in self._steps:
            raise ValueError(
                f"evolution step {number} is {self._steps[number].__name__} already, "
                f"not {step.__name__}"
            )
        self._steps[number] = step

    def ordered(self):
        """The steps in the order they run; ValueError when a number is
        missing (a database would skip that step for ever)."""
        numbers = sorted(self._steps)
        missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers)) if numbers else []
        if missing:
            raise ValueError(f"evolution steps missing before {max(numbers)}: {missing}")
        return [self._steps[number] for number in numbers]

    @property
    def latest(self):
        """The generation a database has once every step ran."""
        return len(self.ordered())

    def evolve(self, root):
        """Run the steps this database has not seen yet; returns the names
        of the ones run."""
        steps = self.ordered()
        ran = []
        while root.generation < len(steps):
            step = steps[root.generation]
            log.info("evolving to generation %d: %s", root.generation + 1, step.__doc__)
            step(root)
            root.generation += 1
            ran.append(step.__name__)
        return ran


def add_evolution_step(config, number, step):
    """The `config.add_evolution_step(number, step)` directive: `step(root)`
    becomes evolution step `number`. Two registrations of one number are a
    configuration conflict."""
    registry = config.registry

    def register():
        registry.evolution_steps.add(number, step)

    config.action(("consult.evolution_step", number), register)


def includeme(config):
    # Included by every evolve.py (Pyramid includes a module once).
    config.registry.evolution_steps = EvolutionSteps()
    config.add_directive("add_evolution_step", add_evolution_step)
