"""Who is asking, and what they may do here.

Roles are granted site-wide on the account (`Principal.roles`) or per resource
through a `local_roles` mapping (userid -> roles) on any resource in the
lineage, e.g. an editor of one consultation, or on a resource a resource of
the lineage names with `roles_held_through()` (an organisation's staff on its
consultations). Permissions are granted to roles
by ACLs (see resources.models.SITE_ACL).

Who is signed in comes from the session, checked against the account's live
sessions on every request (accounts.sessions): `remember` begins a session,
`forget` ends it."""

from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid.location import lineage

from . import sessions


def roles_in_context(principal, context):
    roles = set(principal.roles)
    for resource in lineage(context):
        local = getattr(resource, "local_roles", None)
        if local is not None:
            roles.update(local.get(principal.id, ()))
        # Roles held on a resource outside the lineage that count here too:
        # an organisation's staff on its consultations.
        for other in getattr(resource, "roles_held_through", tuple)():
            roles.update(other.local_roles.get(principal.id, ()))
    # Every confirmed account may take part; staff roles imply it. An
    # account whose address is not confirmed yet may write comments, which
    # are held until it is (feedback.services), but not support or report.
    if principal.confirmed:
        roles.add("citizen")
    else:
        roles.add("unconfirmed")
    return roles


class SecurityPolicy:
    def __init__(self):
        self.acl = ACLHelper()

    def identity(self, request):
        return sessions.current_principal(request)

    def authenticated_userid(self, request):
        identity = request.identity
        return None if identity is None else identity.id

    def effective_principals(self, request, context):
        principals = [Everyone]
        identity = request.identity
        if identity is not None:
            principals += [Authenticated, f"user:{identity.id}"]
            principals += [f"role:{role}" for role in sorted(roles_in_context(identity, context))]
        return principals

    def permits(self, request, context, permission):
        return self.acl.permits(context, self.effective_principals(request, context), permission)

    def remember(self, request, userid, **kw):
        """Begin a new session for the account `userid` (the cookie carries
        it: no headers of its own)."""
        principal = sessions.principals_folder(request).get(userid)
        if principal is None:
            raise KeyError(userid)
        sessions.begin(request, principal)
        return []

    def forget(self, request, **kw):
        sessions.end(request)
        return []
