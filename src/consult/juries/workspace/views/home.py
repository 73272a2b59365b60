"""The workspace's home page and its members (organisers invite experts)."""

from pyramid.httpexceptions import HTTPForbidden, HTTPSeeOther
from pyramid.view import view_config

from ....accounts.events import RoleGranted, RoleRevoked
from ....forms import make_form, submitted, validate
from ....i18n import _
from ....layout import flash
from ...views.common import TEMPLATES, summary
from ..interfaces import WorkspaceError
from ..models import Workspace
from ..schemas import InviteExpertSchema
from .common import (
    LATEST_POSTS,
    PERMISSION,
    ROLE_LABELS,
    agenda_row,
    button,
    jury_of_request,
    page_values,
    post_row,
    public_name,
    recommendation_row,
    refusal,
    service,
    workspace_url,
)


@view_config(context=Workspace, renderer=TEMPLATES + "workspace.pt", permission=PERMISSION)
def home(request):
    jury = jury_of_request(request)
    workspace_service = service(request)
    upcoming = [
        agenda_row(request, item)
        for item in workspace_service.agenda(jury)
        if item.ends >= workspace_service.clock.now()
    ][:5]
    latest = []
    for thread in jury.workspace.threads.values():
        keys = thread.posts.keys()
        for key in keys[max(0, len(keys) - LATEST_POSTS) :]:
            post = thread.posts[key]
            latest.append((post.created, thread, post))
    latest.sort(key=lambda row: row[0], reverse=True)
    return page_values(
        request,
        _("Jury workspace"),
        summary=summary(request, jury),
        agenda=upcoming,
        latest=[post_row(request, thread, post) for _when, thread, post in latest[:LATEST_POSTS]],
        recommendations=[
            recommendation_row(request, r) for r in workspace_service.recommendations(jury)
        ],
        evidence_count=len(jury.workspace.evidence),
    )


def _invite_form(request):
    return make_form(
        request,
        InviteExpertSchema(),
        [button("invite", _("Invite"))],
        action=workspace_url(request, "members"),
        formid="invite-expert",
    )


@view_config(
    context=Workspace,
    name="members",
    renderer=TEMPLATES + "workspace_members.pt",
    permission=PERMISSION,
    require_csrf=False,
)
def members(request):
    jury = jury_of_request(request)
    values = page_values(request, _("Members of the workspace"))
    form = _invite_form(request)
    rendered = None
    if submitted(request, "invite"):
        appstruct, rendered = validate(request, form)
        if appstruct is not None:
            try:
                principal = service(request).invite_expert(
                    jury, request.identity, appstruct["email"]
                )
            except WorkspaceError as error:
                values["error"] = refusal(request, error)
                rendered = form.render(appstruct)
            else:
                request.registry.notify(RoleGranted(request, jury, principal.id, "expert"))
                flash(
                    request,
                    _(
                        "${name} can now open the workspace as an expert.",
                        mapping={"name": principal.public_name},
                    ),
                )
                return HTTPSeeOther(workspace_url(request, "members"))
    people = []
    for userid, roles in jury.local_roles.items():
        role = next((r for r in ("organiser", "juror", "expert") if r in roles), None)
        if role is not None:
            people.append(
                {
                    "userid": userid,
                    "name": public_name(request, userid),
                    "role": role,
                    "role_label": ROLE_LABELS[role],
                }
            )
    people.sort(key=lambda p: (("organiser", "juror", "expert").index(p["role"]), p["name"]))
    return dict(
        values,
        people=people,
        form=rendered or (form.render() if values["can"]("curate") else None),
        revoke_url=workspace_url(request, "revoke-expert"),
        csrf=request.session.get_csrf_token(),
    )


@view_config(context=Workspace, name="revoke-expert", permission=PERMISSION, request_method="POST")
def revoke_expert(request):
    try:
        service(request).revoke_expert(
            jury_of_request(request), request.identity, request.POST.get("userid", "")
        )
    except WorkspaceError as error:
        if error.forbidden:
            raise HTTPForbidden() from None
        flash(request, error.message)
    else:
        request.registry.notify(
            RoleRevoked(request, jury_of_request(request), request.POST.get("userid", ""), "expert")
        )
        flash(request, _("The expert can no longer open the workspace."))
    return HTTPSeeOther(workspace_url(request, "members"))
