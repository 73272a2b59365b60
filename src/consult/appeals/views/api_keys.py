"""The administrators' page of the partners' Open311 keys: issue one for a
partner (shown once), see who holds which, revoke one."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...layout import flash
from ..interfaces import AppealError, IAppealApiKeys
from ..models import Appeals
from .common import TEMPLATES


@view_config(
    context=Appeals,
    name="api-keys",
    permission="manage_appeals",
    renderer=TEMPLATES + "api_keys.pt",
)
def api_keys(request):
    keys = request.find_service(IAppealApiKeys)
    error, issued, posted = None, None, {}
    if request.method == "POST" and "revoke" in request.POST:
        if keys.revoke(request.POST.get("prefix", "")):
            flash(request, _("The key is revoked: it files nothing any more."))
        return HTTPSeeOther(request.resource_url(request.context, "api-keys"))
    if request.method == "POST":
        posted = request.POST
        try:
            issued = keys.issue(
                posted.get("partner", ""), posted.get("email", ""), request.authenticated_userid
            )
        except AppealError as exception:
            request.tm.doom()
            error = exception.message
    principals = request.root["principals"]
    return {
        "keys": [(key, principals.get(key.userid)) for key in keys.listed()],
        "issued": issued,
        "error": error,
        "posted": posted if error else {},
    }
