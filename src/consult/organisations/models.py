"""Organisations: the state bodies that publish consultations and owe answers
(ministries, akimats, maslikhats, agencies), at `/organisations/<name>`.

An organisation's staff hold their roles on it (`local_roles`, as on a
consultation or a jury); a consultation names its organisation, and the
staff's roles count on it too (accounts.security.roles_in_context follows a
resource's `roles_held_through`)."""

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.authorization import Allow

from ..i18n import _
from ..resources.models import Folder, LocalRoles

KINDS = {
    "ministry": _("Ministry"),
    "akimat": _("Akimat"),
    "maslikhat": _("Maslikhat"),
    "agency": _("Agency"),
    "other": _("Other state body"),
}
LEVELS = {
    "republic": _("Republic"),
    "oblast": _("Oblast"),
    "city": _("City of republican significance"),
    "district": _("District"),
}
# Roles granted on one organisation. Their permissions on its consultations
# come from the site's ACL (resources.models.SITE_ACL), like local roles on a
# consultation; the organisation's own ACL below adds managing its staff.
STAFF_ROLES = {
    "organisation_administrator": _("Organisation administrator"),
    "editor": _("Editor"),
    "moderator": _("Moderator"),
    "answerer": _("Answerer"),
}
# The role whose grant must be confirmed: its holders grant every other one.
CONFIRMED_ROLES = ("organisation_administrator",)


class Organisations(Folder):
    """The organisations, by name (their address)."""


class Organisation(LocalRoles, Persistent):
    """One state body: its name in each language, kind, level and the KATO
    code of the territory it serves (None: the whole republic)."""

    __acl__ = [
        (Allow, "role:organisation_administrator", ("manage_staff", "view_staff")),
    ]

    def __init__(self, title, kind, level, kato=None):
        self.title = dict(title)
        self.kind = kind
        self.level = level
        self.kato = kato
        self.local_roles = OOBTree()

    @property
    def name(self):
        return self.__name__

    def staff(self):
        """[(userid, roles)] of the people holding a role here."""
        return list(self.local_roles.items())
