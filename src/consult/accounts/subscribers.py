"""How accounts react to what other capabilities announce."""

from . import sessions
from .events import RoleRevoked


def end_sessions_of_revoked(event):
    """A revoked role ends every session of the person who held it, wherever
    it was held (the site, a consultation, a jury): whatever they had open
    with the role's powers, a cookie copied meanwhile included, is gone."""
    principals = sessions.principals_folder(event.request) if event.request else None
    principal = None if principals is None else principals.get(event.userid)
    if principal is not None:
        sessions.end_all(principal)


def includeme(config):
    config.add_subscriber(end_sessions_of_revoked, RoleRevoked)
