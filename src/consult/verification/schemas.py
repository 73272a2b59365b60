"""Forms of verification: the census upload, staff verification and the
consultation's requirements (added to the editor's form)."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _
from .interfaces import EMAIL
from .registry import level_title, levels
from .verifiers import StaffSchema


class MemoryTmpStore(dict):
    """deform's upload store for one request: nothing outlives it."""

    def preview_url(self, uid):
        return None


@colander.deferred
def _upload_widget(node, kw):
    return deform.widget.FileUploadWidget(kw["tmpstore"], accept=".csv,.txt")


class CensusUploadSchema(CSRFSchema):
    upload = colander.SchemaNode(
        deform.FileData(),
        title=_("Census file (CSV)"),
        widget=_upload_widget,
        description=_(
            'A header line naming the columns, then one person per line: "iin" '
            '(required), "surname" and "kato" (optional: the nine-digit KATO code of '
            "the person's place of registration, which petitions then count as a "
            "verified territory). Only keyed hashes of the IIN and surname are kept."
        ),
    )
    mode = colander.SchemaNode(
        colander.String(),
        title=_("What to do with the list loaded before"),
        default="add",
        validator=colander.OneOf(("add", "replace")),
        oid="census-mode",
        widget=deform.widget.RadioChoiceWidget(
            values=(
                ("add", _("Add these people to it")),
                ("replace", _("Replace it with this file")),
            )
        ),
    )
    confirm_replace = colander.SchemaNode(
        colander.Boolean(),
        missing=False,
        title=_("Yes, replace the whole list (people verified already stay verified)"),
    )

    def validator(self, node, value):
        if value["mode"] == "replace" and not value["confirm_replace"]:
            error = colander.Invalid(node)
            error["confirm_replace"] = _("Tick this box to replace the whole list.")
            raise error


class StaffVerifySchema(StaffSchema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("The person's e-mail address"),
        validator=colander.Email(),
        preparer=lambda value: (value or "").strip(),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        # The address first, then the note.
        self.children.insert(1, self.children.pop())


@colander.deferred
def _level_widget(node, kw):
    request = kw["request"]
    values = []
    for level, found in levels(request.registry):
        title = request.localizer.translate(level_title(level))
        if level > EMAIL:
            names = ", ".join(request.localizer.translate(v.title) for v in found)
            title = f"{title} ({names})"
        values.append((str(level), title))
    return deform.widget.SelectWidget(values=values)


@colander.deferred
def _level_validator(node, kw):
    return colander.OneOf([level for level, _found in levels(kw["request"].registry)])


def level_nodes():
    """The two requirement fields of a consultation's details form."""
    return [
        colander.SchemaNode(
            colander.Integer(),
            name=name,
            title=title,
            default=1,
            widget=_level_widget,
            validator=_level_validator,
            missing=1,
        )
        for name, title in (
            ("comment_level", _("Who may comment")),
            ("support_level", _("Who may support comments")),
        )
    ]
