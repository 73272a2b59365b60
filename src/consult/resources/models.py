"""Containers and the application root."""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.authorization import ALL_PERMISSIONS, Allow, Everyone


class Folder(Persistent):
    """A container of named persistent children: an OOBTree plus a Length counter,
    so that counting never loads the children (Substance D's Folder)."""

    __parent__ = None
    __name__ = None

    def __init__(self):
        self.data = OOBTree()
        self._count = Length()

    def __getitem__(self, name):
        return self.data[name]

    def get(self, name, default=None):
        return self.data.get(name, default)

    def __contains__(self, name):
        return name in self.data

    def __len__(self):
        return self._count()

    def __iter__(self):
        return iter(self.data.keys())

    def keys(self):
        return self.data.keys()

    def values(self):
        return self.data.values()

    def items(self):
        return self.data.items()

    def add(self, name, child):
        if not name or "/" in name or name.startswith("@@"):
            raise ValueError(f"invalid name {name!r}")
        if name in self.data:
            raise KeyError(f"{name!r} is taken")
        child.__parent__ = self
        child.__name__ = name
        self.data[name] = child
        self._count.change(1)
        return child

    def remove(self, name):
        child = self.data.pop(name)
        self._count.change(-1)
        child.__parent__ = None
        return child


class LocalRoles:
    """Roles granted on one resource (a consultation, a jury): `local_roles`
    is an OOBTree of userid -> sorted tuple of roles."""

    def grant_local_role(self, userid, role):
        self.local_roles[userid] = tuple(sorted(set(self.local_roles.get(userid, ())) | {role}))

    def revoke_local_role(self, userid, role):
        remaining = tuple(sorted(set(self.local_roles.get(userid, ())) - {role}))
        if remaining:
            self.local_roles[userid] = remaining
        else:
            self.local_roles.pop(userid, None)


ROLES = ("citizen", "expert", "editor", "reviewer", "moderator", "organiser", "administrator")

# Permissions are granted to roles here; roles are granted to people site-wide
# (on their account) or per consultation (local roles, see accounts.security).
SITE_ACL = [
    (Allow, "role:administrator", ALL_PERMISSIONS),
    (Allow, "role:editor", ("edit", "create", "answer", "view_unpublished", "view_staff")),
    (Allow, "role:moderator", ("moderate", "answer", "view_unpublished", "view_staff")),
    # Reviewers publish the web editors' content (content.workflow).
    (Allow, "role:reviewer", ("review", "view_unpublished", "view_staff")),
    # Jury organisers create juries; each jury's own ACL (juries.models.Jury)
    # lets only its organisers manage it.
    (Allow, "role:organiser", ("create_jury",)),
    # Roles held only on an organisation (organisations.models.STAFF_ROLES),
    # which count on its consultations: its answerers answer comments; its
    # administrators manage its staff (the organisation's own ACL).
    (Allow, "role:answerer", ("answer", "view_unpublished", "view_staff")),
    (Allow, "role:organisation_administrator", ("view_staff",)),
    (Allow, "role:citizen", ("comment", "support", "report")),
    (Allow, "role:expert", ("comment", "support", "report")),
    # Held until the address is confirmed (accounts.security).
    (Allow, "role:unconfirmed", ("comment",)),
    (Allow, Everyone, "view"),
]


class Root(Folder):
    """The application root: `consultations` and `principals` live here."""

    __acl__ = SITE_ACL
    title = "consult"
    # Credits that must be shown wherever content from others is displayed
    # (e.g. CC BY data in the demo); a class default, so old roots need no step.
    attributions = ()
    # The change feed (changes.log.ChangeLog), added by evolution
    # step 3; not a child, so that it is never traversable.
    search_changes = None
    # The web editors' content catalog and the site's settings (content
    # package), made by evolution step 17.
    content_catalog = None
    site_settings = None
    # Each person's comments, supports and reports (feedback.activity),
    # made by evolution step 21.
    people_activity = None
    # Where the campaign worker has got to in that log (campaigns.worker),
    # created by the worker on its first run.
    campaign_cursor = None
    # Which key the stored hashes are made with (hashing.py): None before any
    # command recorded it, a fingerprint of consult.hash_secret, or
    # hashing.SESSION_SECRET for hashes from before that setting (step 16).
    hash_key = None
    # Everyone's notifications, choices and follows (consult.notifications),
    # made by evolution step 20; not a child, so that it is never traversed.
    notifications = None

    def __init__(self):
        super().__init__()
        self.generation = 0
