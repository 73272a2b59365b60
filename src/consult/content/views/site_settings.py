"""The site settings page (`/@@site-settings`), for administrators: the
site's name, logo and contact details per language, the main menu, the
footer's links, the default language and the page on the home page. Saving
is on the audit log (SiteSettingsChanged)."""

import deform
from pyramid.traversal import resource_path
from pyramid.view import view_config

from ...i18n import _
from ...resources.models import Root
from ..interfaces import IContentService
from ..site_schemas import appstruct_from, settings_schema, values_from
from .common import FORM, done, handle_form, now

MENU_KINDS = ("folder", "page")


def _choices(request, kinds, chosen):
    """[(uid, label)] of the public items of `kinds`, by address, and the
    `chosen` uids that are no longer public (so that saving the form leaves
    them where they are, marked)."""
    when = now(request)
    catalog = request.root.content_catalog
    found = []
    for item in catalog.items.values():
        if item.kind not in kinds or item.trashed or item.__parent__ is None:
            continue
        public = item.is_public(when)
        if not public and item.uid not in chosen:
            continue
        label = f"{item.title} ({item.language or '—'}) {resource_path(item)}"
        if not public:
            label = request.localizer.translate(
                _("${label} — not public", mapping={"label": label})
            )
        found.append((resource_path(item), item.uid, label))
    return [(uid, label) for _path, uid, label in sorted(found)]


@view_config(
    context=Root,
    name="site-settings",
    permission="manage",
    renderer=FORM,
    require_csrf=False,
)
def site_settings(request):
    settings = request.root.site_settings
    chosen = {*(settings.menu or ()), settings.home_page, *(settings.logo or {}).values()}
    schema = settings_schema(
        pages=_choices(request, ("page",), chosen),
        menu_items=_choices(request, MENU_KINDS, chosen),
        images=_choices(request, ("image",), chosen),
    )

    def save(appstruct):
        service = request.find_service(IContentService)
        service.update_settings(values_from(appstruct), request.authenticated_userid)
        return done(
            request,
            _("The site's settings are saved."),
            request.resource_url(request.root, "@@site-settings"),
        )

    values = {
        "title": _("Site settings"),
        "intro": _(
            "The site's name, logo and contact details in each language, the main "
            "menu, the links at the foot of every page and the page on the home page."
        ),
    }
    return handle_form(
        request,
        schema,
        [deform.Button("save", _("Save the settings"))],
        values,
        save,
        appstruct=appstruct_from(settings),
    )
