"""The juries' evolution steps (step 13 is in test_evolution.py)."""

from datetime import UTC, date, datetime

from consult.juries.evolve import evolve_7_jury_workspaces
from consult.juries.models import Juries, Jury
from consult.resources.models import Root


def test_step_7_gives_an_old_jury_its_workspace():
    root = Root()
    root.add("juries", Juries())
    now = datetime.now(UTC)
    jury = Jury("c", {"en": "Q?"}, 15, now, now, (date(2026, 12, 1),), (), {}, now, "u")
    del jury.workspace  # as stored before step 7: the class default applies
    root["juries"].add_jury("j", jury)
    assert jury.workspace is None
    evolve_7_jury_workspaces(root)
    assert jury["workspace"]["recommendations"].__parent__ is jury.workspace
    assert jury.workspace.__parent__ is jury
