"""Renaming an item (`@@rename`): its name in the address changes, and the
old address keeps leading to it (views/redirects.py)."""

import colander
import deform
from pyramid.httpexceptions import HTTPNotFound
from pyramid.traversal import resource_path
from pyramid.view import view_config

from ...forms import CSRFSchema
from ...i18n import _
from ..interfaces import IContentService
from ..models import ContentFolder, ContentItem
from .common import FORM, done, handle_form

NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NAME_LIMIT = 100


class RenameSchema(CSRFSchema):
    name = colander.SchemaNode(
        colander.String(),
        title=_("Name in the address"),
        description=_(
            "Lowercase Latin letters and digits, words joined by hyphens, for "
            "example how-to-take-part."
        ),
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
        validator=colander.All(
            colander.Length(max=NAME_LIMIT),
            colander.Regex(
                NAME_PATTERN,
                msg=_("Use lowercase Latin letters, digits and single hyphens between them."),
            ),
        ),
    )


@view_config(context=ContentItem, name="rename", permission="edit", renderer=FORM)
def rename(request):
    item = request.context
    folder = item.__parent__
    # The top folder (/pages/) is part of the site's own addresses.
    if not isinstance(folder, ContentFolder):
        raise HTTPNotFound()
    contents_url = request.resource_url(folder, "@@contents")

    def save(data):
        old_path = resource_path(item)
        service = request.find_service(IContentService)
        service.rename(item, data["name"], request.authenticated_userid)
        message = _(
            "Renamed. Its old address ${old} leads to the new one.", mapping={"old": old_path}
        )
        return done(request, message, contents_url)

    values = {
        "title": _("Rename ${title}", mapping={"title": item.title}),
        "back": (contents_url, _("Contents of the folder")),
        "intro": _(
            "The name is the last part of the item's address. Links to the old "
            "address keep working: they lead to the new one."
        ),
    }
    buttons = [deform.Button(name="rename", title=_("Rename"))]
    return handle_form(
        request, RenameSchema(), buttons, values, save, appstruct={"name": item.__name__}
    )
