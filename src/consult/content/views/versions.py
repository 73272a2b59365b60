"""An item's versions: the list, a word diff between any two (the diff
machinery of draft versions), and revert, which saves the old text as the
newest version so that nothing is lost."""

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config

from ...consultations.diffs import diff_html
from ...forms import CSRFSchema, make_form
from ...i18n import _
from ..interfaces import ContentError, IContentService
from ..models import ContentItem
from .common import TEMPLATES, button, done, title_of
from .workflow import person_name

FIELD_TITLES = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("Text"),
    "related": _("About a consultation, petition or jury"),
    "url": _("Address the link leads to"),
}


def _number(request, name, default):
    try:
        return int(request.GET.get(name, default))
    except ValueError:
        raise HTTPBadRequest() from None


def _version_note(version):
    if version.number == 1:
        return _("Created")
    if version.reverted_to is not None:
        return _("Reverted to version ${number}", mapping={"number": version.reverted_to})
    return version.note


@view_config(
    context=ContentItem,
    name="versions",
    permission="view_staff",
    request_method="GET",
    renderer=TEMPLATES + "versions.pt",
)
def versions(request):
    item = request.context
    numbers = [version.number for version in item.versions]
    latest = numbers[-1] if numbers else 0
    old = _number(request, "from", latest - 1 if latest > 1 else latest)
    new = _number(request, "to", latest)
    by_number = {version.number: version for version in item.versions}
    if numbers and (old not in by_number or new not in by_number):
        raise HTTPBadRequest()
    form = make_form(
        request,
        CSRFSchema(),
        [button("revert", _("Revert to this version"))],
        action=request.resource_url(item, "@@revert", query={"to": new}),
        formid="revert",
    )
    translate = request.localizer.translate
    inserted, deleted = translate(_("inserted:")), translate(_("deleted:"))
    changes = []
    if numbers:
        before, after = by_number[old].fields, by_number[new].fields
        for name in item.field_names():
            a, b = before.get(name) or "", after.get(name) or ""
            if a != b:
                changes.append((FIELD_TITLES.get(name, name), diff_html(a, b, inserted, deleted)))
    listed = [
        {
            "number": version.number,
            "when": request.layout.local_time(version.when),
            "who": person_name(request, version.who),
            "note": _version_note(version),
        }
        for version in reversed(item.versions)
    ]
    return {
        "item": item,
        "title": title_of(request, item),
        "versions": listed,
        "old": old,
        "new": new,
        "latest": latest,
        "changes": changes,
        "may_revert": bool(request.has_permission("edit", item)) and new != latest,
        "revert_form": form.render({}),
    }


@view_config(context=ContentItem, name="revert", permission="edit", request_method="POST")
def revert(request):
    """Save version `to` as the newest (the form's token is checked by
    Pyramid before this runs: a POST without it is a 400)."""
    item = request.context
    target = _number(request, "to", 0)
    try:
        request.find_service(IContentService).revert(item, target, request.identity.id)
    except ContentError as refusal:
        request.tm.doom()
        return done(request, refusal.message, request.resource_url(item, "@@versions"))
    return done(
        request,
        _(
            "Version ${number} is the text again, saved as the newest version.",
            mapping={"number": target},
        ),
        request.resource_url(item, "@@versions"),
    )
