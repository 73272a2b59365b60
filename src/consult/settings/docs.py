"""The operator's list of settings in docs/operations.md, generated from the
table (`make settings-doc`, which runs `python -m consult.settings FILE`)."""

from pathlib import Path

from .table import SECTIONS

BEGIN = "<!-- settings: generated from src/consult/settings/ by `make settings-doc` -->"
END = "<!-- end of settings -->"


def _cell(text):
    return text.replace("|", "\\|")


def settings_markdown():
    """The list of settings for docs/operations.md, between BEGIN and END."""
    lines = [BEGIN, ""]
    for title, settings in SECTIONS:
        lines += [
            f"#### {title}",
            "",
            "| Setting | Type | Default | What it does |",
            "|---|---|---|---|",
        ]
        for setting in settings:
            if setting.default:
                default = f"`{setting.default}`"
            else:
                default = "**required**" if setting.required else setting.kind.empty
            sentence = setting.help[0].upper() + setting.help[1:]
            notes = [sentence if sentence.endswith("...") else sentence + "."]
            if setting.recommended and setting.recommended != setting.default:
                notes.append(f"Recommended: `{setting.recommended}`.")
            if setting.environment:
                notes.append(f"`{setting.environment}` overrides it.")
            lines.append(
                f"| `{setting.name}` | {_cell(setting.kind.description)} | "
                f"{_cell(default)} | {_cell(' '.join(notes))} |"
            )
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write_settings_doc(path):
    """Replace the list between BEGIN and END in `path` with the table's."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    before, begin, rest = text.partition(BEGIN)
    _old, end, after = rest.partition(END)
    if not begin or not end:
        raise SystemExit(f"{path} has no {BEGIN} ... {END} block")
    path.write_text(before + settings_markdown() + after, encoding="utf-8")
