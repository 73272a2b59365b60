"""The site-wide roles in words, for the people and roles page."""

from ..i18n import _
from ..resources.models import ROLES

ROLE_LABELS = {
    "citizen": _("Citizen"),
    "expert": _("Expert"),
    "editor": _("Editor"),
    "reviewer": _("Reviewer"),
    "moderator": _("Moderator"),
    "organiser": _("Jury organiser"),
    "administrator": _("Administrator"),
}
assert set(ROLE_LABELS) == set(ROLES), "every role needs its name in words"

# The role whose grant must be confirmed: it carries every permission.
CONFIRMED_ROLES = ("administrator",)
