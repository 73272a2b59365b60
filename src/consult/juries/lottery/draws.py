"""A draw's life in the database: the pseudonymous pool, the announcement
with the seed's hash, the start (the pool snapshot), and the result or the
failure the worker stores (`runner.execute_draw`). Part of
juries.services.JuryService."""

import secrets
import time
from typing import Any

from ...i18n import _
from ..interfaces import JuryError
from ..models import Draw
from . import algorithm, seeds
from . import data as lottery_data
from .runner import PROCESS, status_of


class Draws:
    """Reads `self.clock` (see JuryService)."""

    clock: Any  # the IClock JuryService is built with

    def pool(self, jury, draw=None):
        """The draw's inputs as lottery data, with pseudonyms: people and
        households get ids that mean nothing outside this draw."""
        kind = draw.kind if draw is not None else ("replacement" if jury.panel() else "panel")
        pseudonyms: dict[str, str] = {}
        households: dict[str, str] = {}
        people: list[lottery_data.Person] = []
        kept: list[lottery_data.Person] = []
        applicants = sorted(jury.applicants.values(), key=lambda a: (a.created, a.id))
        order = list(range(len(applicants)))
        secrets.SystemRandom().shuffle(order)  # pseudonyms do not follow application order
        for position, index in enumerate(order):
            applicant = applicants[index]
            if applicant.status == "declined":
                continue
            if kind == "panel" and applicant.status != "applied":
                continue
            pseudonym = f"p{position + 1:05d}"
            household = households.setdefault(
                applicant.household_key, f"h{len(households) + 1:05d}"
            )
            pseudonyms[pseudonym] = applicant.id
            person = lottery_data.Person(
                pseudonym, household, {f: applicant.answers[f] for f in jury.features}
            )
            (kept if applicant.in_panel else people).append(person)
        people.sort(key=lambda p: p.id)
        kept.sort(key=lambda p: p.id)
        seed = draw.seed if draw is not None else 1
        algorithm = draw.algorithm_requested if draw is not None else jury.algorithm
        inputs = lottery_data.DrawInputs(
            tuple(people), dict(jury.quotas), jury.panel_size, seed, algorithm, tuple(kept)
        )
        return inputs, pseudonyms

    def check_feasibility(self, jury):
        inputs, _pseudonyms = self.pool(jury)
        return algorithm.check_feasibility(inputs)

    def announce_draw(self, jury, algorithm):
        """Announce the next draw: its seed is drawn now and only its hash is
        published, so nobody (organisers included) can choose it after
        seeing the pool."""
        if algorithm not in lottery_data.ALGORITHMS:
            raise JuryError(_("Choose an algorithm: maximin, nash or leximin."))
        if jury.recruiting(self.clock.now()):
            raise JuryError(
                _(
                    "Recruitment is still open: draw after it closes, so that every "
                    "applicant is in the pool."
                )
            )
        pending = [d for d in jury.draws.values() if d.status != "done"]
        if pending:
            raise JuryError(
                _(
                    "Draw ${number} is announced and not done yet: run it first.",
                    mapping={"number": pending[0].number},
                )
            )
        panel = jury.panel()
        if panel and not jury.vacancies():
            raise JuryError(_("The panel is complete: nobody has declined."))
        kind = "replacement" if panel else "panel"
        seed = seeds.new_seed()
        draw = Draw(
            jury.draws.next_number(), kind, seed, seeds.seed_hash(seed), algorithm, self.clock.now()
        )
        jury.draws.add(str(draw.number), draw)
        return draw

    def start_draw(self, jury, draw):
        """Take the pool snapshot and mark the draw running; the caller starts
        the worker after the commit (DrawRunner.start_after_commit)."""
        if status_of(draw) not in ("announced", "failed", "interrupted"):
            raise JuryError(_("This draw is running or done already."))
        inputs, pseudonyms = self.pool(jury, draw)
        draw.inputs = lottery_data.inputs_to_dict(inputs)
        draw.pseudonyms = pseudonyms
        draw.number_wanted = inputs.number_wanted
        draw.status = "running"
        draw.started_at = self.clock.now()
        draw.finished_at = None
        draw.runner = PROCESS
        draw.heartbeat = time.time()
        draw.progress = ""
        draw.error = ""
        draw.problems = ()
        draw.log = ""
        return draw

    def finish_draw(self, jury, draw, result):
        draw.status = "done"
        draw.finished_at = self.clock.now()
        draw.algorithm_used = result.algorithm_used
        draw.log = result.log
        draw.seconds = round(result.seconds, 2)
        draw.probabilities = {k: round(v, 6) for k, v in result.probabilities.items()}
        draw.selected = tuple(draw.pseudonyms[p] for p in result.selected)
        draw.library_version = algorithm.library_version()
        for applicant_id in draw.selected:
            applicant = jury.applicants[applicant_id]
            applicant.status = "selected"
            applicant.drawn_in = draw.number

    def fail_draw(self, draw, error):
        draw.status = "failed"
        draw.finished_at = self.clock.now()
        draw.error = error.message
        draw.log = error.log
        if error.feasibility is not None:
            draw.problems = tuple(_problem(p) for p in error.feasibility.problems)


def _problem(problem):
    return {
        "feature": problem.feature,
        "value": problem.value,
        "kind": problem.kind,
        "quota": tuple(problem.quota),
        "available": problem.available,
        "suggested": tuple(problem.suggested) if problem.suggested else None,
    }
