"""Forms of a jury's set-up and recruitment. They check a submission's shape and its
CSRF token; what a jury or an application must satisfy (panel size, windows,
quotas, a valid and unused IIN) is the service's business, so every refusal
comes back as a message beside the field, with the person's text kept."""

import re
from datetime import date

import colander
import deform

from ...accounts.models import initial_name
from ...accounts.schemas import password_node, refuse_password
from ...forms import CSRFSchema
from ...i18n import _
from ...i18n.numbers import format_number
from ...layout import Localized
from ..features import DEFAULT_FEATURES, FEATURES
from ..fields import stripped, text_field
from ..lottery import data as lottery_data
from ..models import NAME_CHOICES
from .custom_features import MAX_NAME, VALUES_HELP, FeatureError, parse_values

ALGORITHM_CHOICES = (
    ("maximin", _("maximin: the least likely applicant is as likely as possible (default)")),
    ("nash", _("nash: balances everyone's chances (Nash welfare)")),
    (
        "leximin",
        _(
            "leximin: like maximin, then the next least likely (needs the Gurobi "
            "solver; without it maximin runs, and the draw says so)"
        ),
    ),
)


class UnechoedTextInputWidget(deform.widget.TextInputWidget):
    """A text input that is always rendered empty: what was typed into it
    (an IIN) is never sent back in a page, not even with an error beside it."""

    def serialize(self, field, cstruct, **kw):
        return super().serialize(field, colander.null, **kw)


def parse_dates(text):
    """Dates written one per line as YYYY-MM-DD; raises ValueError."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            found.append(date.fromisoformat(line))
    return sorted(found)


def _dates_validator(node, value):
    try:
        parse_dates(value)
    except ValueError:
        raise colander.Invalid(
            node, _("Write one date per line as YYYY-MM-DD, for example 2026-05-16.")
        ) from None


@colander.deferred
def _feature_widget(node, kw):
    language = kw.get("language", "en")
    return deform.widget.CheckboxChoiceWidget(
        values=[(key, FEATURES[key].names[language]) for key in DEFAULT_FEATURES]
    )


@colander.deferred
def _consultation_widget(node, kw):
    return deform.widget.SelectWidget(values=kw.get("consultations", ()))


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")


class JurySchema(CSRFSchema):
    remit_kk = text_field(_("The question put to the jury, in Kazakh"), rows=3, missing="")
    remit_ru = text_field(_("The question put to the jury, in Russian"), rows=3, missing="")
    remit_en = text_field(_("The question put to the jury, in English"), rows=3, missing="")
    panel_size = colander.SchemaNode(
        colander.Integer(),
        title=_("Panel size"),
        description=_("From 15 to 25 jurors."),
        validator=colander.Range(
            15,
            25,
            min_err=_("A panel has at least 15 members."),
            max_err=_("A panel has at most 25 members."),
        ),
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "numeric", "size": "3"}),
    )
    recruitment_opens = colander.SchemaNode(
        colander.Date(),
        title=_("Applications open on"),
        description=_("Almaty time, from the start of the day. Format: YYYY-MM-DD."),
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
    )
    recruitment_closes = colander.SchemaNode(
        colander.Date(),
        title=_("Applications close at the end of"),
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
    )
    sessions = text_field(
        _("Session dates"),
        _("One per line, as YYYY-MM-DD."),
        rows=4,
        missing="",
        validator=_dates_validator,
    )
    answer_deadline = colander.SchemaNode(
        colander.Date(),
        title=_("The ministry answers the findings by"),
        missing=None,
        description=_(
            "Almaty time, to the end of the day; after the last session. The "
            "deadline is public beside the findings."
        ),
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
    )
    features = colander.SchemaNode(
        colander.Set(),
        title=_("Features to stratify by"),
        description=_(
            "Quotas are prefilled from population shares; you can edit them next. "
            "Features of your own are added and removed on the jury's organiser "
            "page."
        ),
        widget=_feature_widget,
        default=DEFAULT_FEATURES,
    )
    algorithm = colander.SchemaNode(
        colander.String(),
        title=_("Selection algorithm"),
        validator=colander.OneOf(lottery_data.ALGORITHMS),
        default=lottery_data.DEFAULT_ALGORITHM,
        widget=deform.widget.RadioChoiceWidget(values=ALGORITHM_CHOICES),
    )


class NewJurySchema(JurySchema):
    consultation = colander.SchemaNode(
        colander.String(), title=_("Consultation"), widget=_consultation_widget
    )
    name = text_field(
        _("Web address of the jury"),
        _("Lower-case Latin letters, digits and hyphens, e.g. pension-reform-jury."),
        validator=colander.Regex(
            _SLUG, _("Use 2 to 60 lower-case Latin letters, digits and hyphens.")
        ),
    )

    def after_bind(self, node, kw):
        # The address and the consultation come first on the page.
        for name in ("name", "consultation"):
            child = node[name]
            del node[name]
            node.children.insert(1, child)


def label(names, language):
    """A feature's or value's name in `language`, or the site's fallback."""
    return Localized(names, language).text


def _values_validator(node, value):
    try:
        parse_values(value)
    except FeatureError as error:
        raise colander.Invalid(node, error.message) from None


def _name(title):
    return text_field(
        title,
        missing="",
        validator=colander.Length(
            max=MAX_NAME,
            max_err=_("A name has at most ${max} characters.", mapping={"max": MAX_NAME}),
        ),
    )


class FeatureSchema(CSRFSchema):
    """A feature of the organisers' own; its name is also the question put
    to applicants. The service checks that it has a name."""

    name_kk = _name(_("Name of the feature in Kazakh"))
    name_ru = _name(_("Name of the feature in Russian"))
    name_en = _name(_("Name of the feature in English"))
    values = text_field(_("Values"), VALUES_HELP, rows=6, validator=_values_validator)


def quota_schema(jury, language):
    """A fieldset per feature, a minimum and a maximum per value."""
    schema = CSRFSchema()
    for feature in jury.features_in_use():
        group = colander.SchemaNode(
            colander.Mapping(), name=feature.key, title=label(feature.names, language)
        )
        for value in feature.values:
            row = colander.SchemaNode(
                colander.Mapping(),
                name=value.key,
                title=_(
                    "${value} (population share ${share}%)",
                    mapping={
                        "value": label(value.names, language),
                        "share": format_number(value.share * 100, language, 1),
                    },
                ),
                widget=deform.widget.MappingWidget(css_class="quota-row"),
            )
            for bound, title in (("min", _("Minimum")), ("max", _("Maximum"))):
                row.add(
                    colander.SchemaNode(
                        colander.Integer(),
                        name=bound,
                        title=title,
                        validator=colander.Range(0, jury.panel_size),
                        widget=deform.widget.TextInputWidget(
                            attributes={"inputmode": "numeric", "size": "3"}
                        ),
                    )
                )
            group.add(row)
        schema.add(group)
    return schema


def _consent_validator(node, value):
    if not value:
        raise colander.Invalid(
            node,
            _(
                "Please tick this box to apply: we cannot keep your "
                "application without your consent."
            ),
        )


CONSENT_TEXT = _(
    "I agree that the organisers of this jury keep my name, contact details and answers to "
    "draw the panel by lot and to contact me about it. My IIN and address are kept only as "
    "codes that show whether a person or a household has applied already. Nothing I give "
    "here is published; if I am drawn and accept, I choose whether my name is shown: not "
    "at all, as my first name and the initial of my surname, or in full."
)


def application_schema(jury, language):
    schema = CSRFSchema()
    full_name = text_field(_("Full name"), validator=colander.Length(min=2, max=120))
    full_name.name = "full_name"
    schema.add(full_name)
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="email",
            title=_("E-mail address"),
            preparer=stripped,
            validator=colander.Email(_("This is not a valid e-mail address.")),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="phone",
            title=_("Phone number"),
            preparer=stripped,
            description=_("For example +7 701 123 45 67."),
            validator=colander.Regex(
                r"^\+?[\d\s()-]{10,20}$",
                _("Write the phone number with its code, e.g. +7 701 123 45 67."),
            ),
            widget=deform.widget.TextInputWidget(attributes={"type": "tel", "autocomplete": "tel"}),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="iin",
            title=_("IIN"),
            preparer=stripped,
            description=_(
                "Your 12-digit individual identification number. It is checked and "
                "then kept only as a code, so that each person applies once; it is never "
                "shown to anyone, not even on this form if it comes back with a "
                "question."
            ),
            widget=UnechoedTextInputWidget(
                attributes={"inputmode": "numeric", "autocomplete": "off"}
            ),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="address",
            title=_("Home address"),
            preparer=stripped,
            description=_(
                "Town, street, house and flat. One person per household can be drawn; "
                "the address is kept only as a code for that rule."
            ),
            validator=colander.Length(min=5, max=300),
        )
    )
    answers = colander.SchemaNode(
        colander.Mapping(),
        name="answers",
        title=_("About you"),
        description=_("For the lottery's quotas only. Only the organisers see your answers."),
    )
    for feature in jury.features_in_use():
        answers.add(
            colander.SchemaNode(
                colander.String(),
                name=feature.key,
                title=label(feature.names, language),
                validator=colander.OneOf(feature.keys),
                widget=deform.widget.SelectWidget(
                    values=[("", _("Choose…"))]
                    + [(v.key, label(v.names, language)) for v in feature.values]
                ),
            )
        )
    schema.add(answers)
    schema.add(
        colander.SchemaNode(
            colander.Boolean(),
            name="consent",
            title=_("Consent"),
            description=CONSENT_TEXT,
            validator=_consent_validator,
            missing=False,
            widget=deform.widget.CheckboxWidget(),
        )
    )
    return schema


@colander.deferred
def _name_choice_widget(node, kw):
    """The choices with the very name each one would show."""
    first, last = kw["names"]
    return deform.widget.RadioChoiceWidget(
        values=(
            ("hidden", _("Do not show my name: the page shows only the panel's composition.")),
            (
                "initial",
                _(
                    "Show my first name and the initial of my surname: ${name}",
                    mapping={"name": initial_name(first, last)},
                ),
            ),
            ("full", _("Show my full name: ${name}", mapping={"name": f"{first} {last}".strip()})),
        )
    )


class AcceptSchema(CSRFSchema):
    """Bind with `names=(first name, surname)`: the juror's names as the
    jury's public page would show them."""

    token = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
    name_shown = colander.SchemaNode(
        colander.String(),
        title=_("Your name on the jury's public page"),
        description=_(
            "The jury's public page lists the jurors who agree to be named, in the "
            "form you choose here."
        ),
        validator=colander.OneOf(NAME_CHOICES),
        missing="hidden",
        default="hidden",
        widget=_name_choice_widget,
    )


class AcceptWithPasswordSchema(AcceptSchema):
    """Accepting creates the account: its password follows the rules of
    registration (accounts.passwords). Bind `email` too."""

    password = password_node(_("Password for your new account"))

    def validator(self, node, appstruct):
        bindings = self.bindings or {}
        refuse_password(
            node, appstruct["password"], bindings.get("email", ""), bindings.get("names", ())
        )


class DeclineSchema(CSRFSchema):
    token = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
