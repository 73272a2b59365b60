"""The forms of organisations: a site administrator adds or edits one; its
organisation administrator grants a role or confirms a revocation."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import LANGUAGE_NAMES, LANGUAGES, _
from .models import CONFIRMED_ROLES, KINDS, LEVELS, STAFF_ROLES
from .territories import load_territories


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _confirmed(form, value):
    if value["role"] in CONFIRMED_ROLES and not value["confirm"]:
        error = colander.Invalid(form)
        error["confirm"] = _(
            "An organisation administrator grants and removes every role here: "
            "tick the box to confirm."
        )
        raise error


class GrantRoleSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail address of the person"),
        preparer=_strip,
        validator=colander.Email(_("This is not a valid e-mail address.")),
    )
    role = colander.SchemaNode(
        colander.String(),
        title=_("Role in this organisation"),
        validator=colander.OneOf(tuple(STAFF_ROLES)),
        widget=deform.widget.SelectWidget(values=list(STAFF_ROLES.items())),
    )
    confirm = colander.SchemaNode(
        colander.Boolean(),
        missing=False,
        title=_("I confirm: this person may grant and remove this organisation's roles"),
        description=_("Needed only for the organisation administrator's role."),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, validator=_confirmed, **kw)


class RevokeRoleSchema(CSRFSchema):
    userid = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
    role = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())


def _names_node():
    return colander.SchemaNode(
        colander.Mapping(),
        *(
            colander.SchemaNode(
                colander.String(),
                name=language,
                title=LANGUAGE_NAMES[language],
                missing="",
                preparer=_strip,
                widget=deform.widget.TextInputWidget(attributes={"lang": language}),
            )
            for language in LANGUAGES
        ),
        name="names",
        title=_("Name"),
        description=_("Its official name in each language it has one in."),
    )


def _choice(name, title, labels):
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        validator=colander.OneOf(tuple(labels)),
        widget=deform.widget.SelectWidget(values=[("", _("- choose -")), *labels.items()]),
    )


@colander.deferred
def _territory_widget(node, kw):
    """The shipped territories, grouped as the classifier nests them, named
    in the reader's language with their code."""
    request = kw["request"]
    territories = load_territories()

    def label(territory):
        return f"{request.layout.localized(territory.name).text} ({territory.kato})"

    groups = [
        deform.widget.OptGroup(
            request.localizer.translate(heading),
            *((t.kato, label(t)) for t in territories.values() if t.level == level),
        )
        for level, heading in (("oblast", _("Oblasts")), ("city", _("Cities")))
    ]
    for city in (t for t in territories.values() if t.level == "city"):
        groups.append(
            deform.widget.OptGroup(
                request.localizer.translate(
                    _("Districts of ${city}", mapping={"city": label(city)})
                ),
                *((t.kato, label(t)) for t in territories.values() if t.parent == city.kato),
            )
        )
    return deform.widget.SelectWidget(values=[("", _("The whole republic")), *groups])


def _known_territory(node, value):
    if value and value not in load_territories():
        raise colander.Invalid(
            node,
            _(
                "There is no territory with the KATO code ${code}: choose one from the list.",
                mapping={"code": value[:20]},
            ),
        )


class OrganisationSchema(CSRFSchema):
    """An organisation's names, kind, level and territory; `address` only
    when it is added (an address never changes: links to it would break)."""

    def __init__(self, *args, adding=False, **kw):
        super().__init__(*args, **kw)
        if adding:
            self.add(
                colander.SchemaNode(
                    colander.String(),
                    name="address",
                    title=_("Address"),
                    missing="",
                    preparer=_strip,
                    description=_(
                        "The end of its web address: lowercase Latin letters, digits and "
                        "hyphens, for example karaganda-akimat. Left empty, it is made "
                        "from the English name."
                    ),
                )
            )
        self.add(_names_node())
        self.add(_choice("kind", _("Kind"), KINDS))
        self.add(_choice("level", _("Level"), LEVELS))
        self.add(
            colander.SchemaNode(
                colander.String(),
                name="kato",
                title=_("Territory it serves"),
                missing="",
                description=_(
                    "From the classifier of administrative-territorial objects (KATO); "
                    "its level must be the organisation's."
                ),
                validator=_known_territory,
                widget=_territory_widget,
            )
        )
