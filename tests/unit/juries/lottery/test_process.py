"""A draw in its own process, the way consult runs draws (and anyone re-runs one)."""

import random

from consult.juries.lottery import data as lottery_data
from consult.juries.lottery import process as lottery_process


def test_a_draw_in_its_own_process_is_reproducible_across_processes():
    """Two child processes (the way consult runs draws) agree on the panel:
    the hash seed is fixed there, so anyone can re-run a published draw."""
    rng = random.Random(9)
    people = tuple(
        lottery_data.Person(
            f"p{i:02d}", f"h{i:02d}", {"gender": rng.choice("fm"), "place": rng.choice("ab")}
        )
        for i in range(30)
    )
    quotas = {"gender": {"f": (2, 4), "m": (2, 4)}, "place": {"a": (1, 5), "b": (1, 5)}}
    inputs = lottery_data.DrawInputs(people, quotas, 6, 2026)
    lines = []
    first = lottery_process.run_isolated(inputs, on_line=lines.append)
    second = lottery_process.run_isolated(inputs)
    assert first.selected == second.selected
    assert any(line.startswith(lottery_process.PROGRESS_PREFIX) for line in lines)
    assert lottery_process.PROGRESS_PREFIX not in first.log
    assert "Using maximin algorithm." in first.log
