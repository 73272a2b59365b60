"""Evolution steps of the juries (registered in the one ordered list,
resources.evolution); the longer ones are in juries.evolution."""

from ..i18n import LANGUAGES
from ..i18n.detection import detect_language
from .evolution import evolve_juror_name_choices
from .models import Juries


def evolve_5_juries(root):
    """Add the citizens' juries container."""
    if "juries" not in root:
        root.add("juries", Juries())


def evolve_7_jury_workspaces(root):
    """Give every jury its private workspace (evidence, agenda, threads,
    recommendations)."""
    juries = root.get("juries")
    for jury in juries.values() if juries is not None else ():
        jury.add_workspace()


def evolve_13_juror_name_choices(root):
    """Jurors named on a jury's page by their choice of form (the public
    name unless they chose the full one); count applications not kept."""
    evolve_juror_name_choices(root)


def evolve_23_agenda_languages(root):
    """Agenda items' title, place and description become {language: text}:
    the language of an item written before is the one its words are in."""
    juries = root.get("juries")
    for jury in juries.values() if juries is not None else ():
        workspace = getattr(jury, "workspace", None)
        for item in workspace.agenda.values() if workspace is not None else ():
            if isinstance(item.title, dict):
                continue
            words = " ".join(filter(None, (item.title, item.description)))
            language = detect_language(words)
            if language not in LANGUAGES:
                language = "ru"
            for field in ("title", "place", "description"):
                text = getattr(item, field) or ""
                setattr(item, field, {language: text} if text.strip() else {})


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(5, evolve_5_juries)
    config.add_evolution_step(7, evolve_7_jury_workspaces)
    config.add_evolution_step(13, evolve_13_juror_name_choices)
    config.add_evolution_step(23, evolve_23_agenda_languages)
