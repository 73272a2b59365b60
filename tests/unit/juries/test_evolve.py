"""The juries' evolution steps (step 13 is in test_evolution.py)."""

from datetime import UTC, date, datetime

from consult.juries.evolve import evolve_7_jury_workspaces, evolve_23_agenda_languages
from consult.juries.models import Juries, Jury
from consult.juries.workspace.models import AgendaItem
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


def test_step_23_gives_agenda_items_written_before_the_language_of_their_words():
    root = Root()
    root.add("juries", Juries())
    now = datetime.now(UTC)
    jury = Jury("c", {"en": "Q?"}, 15, now, now, (date(2026, 12, 1),), (), {}, now, "u")
    root["juries"].add_jury("j", jury)
    english = AgendaItem("Hearing the experts", now, now, "Astana, hall 2", "", "u")
    russian = AgendaItem("Выступления экспертов", now, now, "", "Эксперты за и против", "u")
    for item in (english, russian):
        jury.workspace.agenda.add(item.id, item)
    evolve_23_agenda_languages(root)
    assert (english.title, english.place, english.description) == (
        {"en": "Hearing the experts"},
        {"en": "Astana, hall 2"},
        {},
    )
    assert (russian.title, russian.place, russian.description) == (
        {"ru": "Выступления экспертов"},
        {},
        {"ru": "Эксперты за и против"},
    )
    evolve_23_agenda_languages(root)  # a second run changes nothing
    assert english.title == {"en": "Hearing the experts"}
