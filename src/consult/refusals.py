"""The base of every refusal a person can act on.

A service (or a parser of what a person uploaded) refuses with a subclass of
`Refusal` named for its capability (`FeedbackError`, `JuryError`, ...), so
that a view catches the refusals of the service it called and shows the
message on the form, with the person's input kept. This module imports
nothing from consult: every capability may use it."""

from pyramid.i18n import TranslationString


class Refusal(ValueError):
    """`message` is translatable (a TranslationString from consult.i18n) and
    tells the person what to do; `field` names the form field it belongs to,
    or is None when it concerns the whole form.

    str() of a refusal is its English sentence with its values filled in,
    for logs and the command line; pages translate `message`."""

    def __init__(self, message, field=None):
        super().__init__(
            message.interpolate() if isinstance(message, TranslationString) else message
        )
        self.message = message
        self.field = field
