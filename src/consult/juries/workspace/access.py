"""Who a person is in a jury's workspace, and which jury a workspace
resource belongs to."""

from ..models import Jury


def role_of(jury, principal):
    """ "organiser", "expert", "juror" or None for `principal` on `jury`;
    administrators count as organisers."""
    if principal is None:
        return None
    roles = jury.local_roles.get(principal.id, ())
    if "organiser" in roles or "administrator" in getattr(principal, "roles", ()):
        return "organiser"
    for role in ("juror", "expert"):
        if role in roles:
            return role
    return None


def jury_of(resource):
    while resource is not None and not isinstance(resource, Jury):
        resource = resource.__parent__
    return resource
