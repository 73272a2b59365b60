"""Adding and editing content, with a preview of the text as readers will
see it: a button that works without JavaScript, and a live preview where
JavaScript is available (static/content-preview.js asks `@@preview`)."""

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.response import Response
from pyramid.view import view_config

from ...forms import make_form, submitted, validate
from ...i18n import LANGUAGE_NAMES, LANGUAGES, _
from ..interfaces import ContentError, IContentService
from ..models import KINDS, ContentFolder, ContentItem
from ..rendering import render_markdown
from ..schemas import add_schema, edit_schema
from ..services import BODY_LIMIT
from .common import KIND_NAMES, TEMPLATES, button, done, title_of

EDITOR_FORM = TEMPLATES + "editor.pt"
# Files and images are uploaded (views.media); these are written.
WRITTEN_KINDS = tuple(kind for kind in KINDS if kind not in ("file", "image"))


def _buttons():
    return (button("save", _("Save")), button("preview", _("Preview")))


def _editor(request, form, values, on_save, appstruct):
    """The add and edit loop: Preview shows the text rendered under the
    form (nothing saved); Save calls `on_save(data)`; a refusal shows the
    form again with the input and the reason."""
    values = dict(values, error=None, preview_html=None)
    if submitted(request, "save", "preview"):
        data, rendered = validate(request, form)
        if data is None:
            return dict(values, form=rendered)
        if "preview" in request.POST:
            return dict(values, form=form.render(data), preview_html=render_markdown(data["body"]))
        try:
            return on_save(data)
        except ContentError as error:
            request.tm.doom()
            return dict(values, form=form.render(data), error=error.message)
    return dict(values, form=form.render(appstruct))


@view_config(
    context=ContentFolder,
    name="add",
    permission="create",
    renderer=EDITOR_FORM,
    require_csrf=False,
)
def add_item(request):
    folder = request.context
    kind = request.params.get("kind", "page")
    if kind not in WRITTEN_KINDS:
        raise HTTPBadRequest()
    form = make_form(request, add_schema(kind), _buttons())
    service = request.find_service(IContentService)

    def save(data):
        fields = {name: data[name] for name in data if name not in ("csrf_token", "language")}
        item = service.create(
            folder, kind, data["language"], data["name"], fields, request.identity.id
        )
        return done(request, _("Saved. It is private until it is published."), _url(request, item))

    values = {
        "title": _("New ${kind}", mapping={"kind": request.localizer.translate(KIND_NAMES[kind])}),
        "back": (request.resource_url(folder), title_of(request, folder)),
    }
    return _editor(request, form, values, save, {"language": request.locale_name})


def _url(request, item):
    return request.resource_url(item)


@view_config(
    context=ContentItem, name="edit", permission="edit", renderer=EDITOR_FORM, require_csrf=False
)
def edit_item(request):
    item = request.context
    form = make_form(request, edit_schema(item.kind), _buttons())
    service = request.find_service(IContentService)

    def save(data):
        fields = {name: data[name] for name in item.field_names() if name in data}
        version = service.edit(item, fields, request.identity.id, data.get("note", ""))
        message = _("Saved as a new version.") if version else _("Nothing had changed.")
        return done(request, message, _url(request, item))

    values = {
        "title": _("Edit: ${title}", mapping={"title": item.title}),
        "back": (request.resource_url(item), item.title),
        "item": item,
    }
    return _editor(request, form, values, save, dict(item.fields(), note=""))


@view_config(
    context=ContentItem,
    name="translate",
    permission="create",
    renderer=EDITOR_FORM,
    require_csrf=False,
)
def translate_item(request):
    """A translation of the item in a language it lacks, in the same folder."""
    item = request.context
    catalog = request.root.content_catalog
    missing = [code for code in LANGUAGES if code not in catalog.translations(item)]
    if not missing or item.__parent__ is None or not item.language:
        if request.method != "GET":
            raise HTTPBadRequest()
        return done(
            request, _("This item has a translation in every language."), _url(request, item)
        )
    schema = add_schema(item.kind)
    schema["language"].widget.values = [(code, LANGUAGE_NAMES[code]) for code in missing]
    form = make_form(request, schema, _buttons())
    service = request.find_service(IContentService)

    def save(data):
        if data["language"] not in missing:
            raise ContentError(_("This item already has a translation in that language."))
        fields = {name: data[name] for name in data if name not in ("csrf_token", "language")}
        translation = service.create(
            item.__parent__,
            item.kind,
            data["language"],
            data["name"],
            fields,
            request.identity.id,
            translation_of=item,
        )
        return done(request, _("The translation is saved, private."), _url(request, translation))

    values = {
        "title": _("Translate: ${title}", mapping={"title": item.title}),
        "back": (request.resource_url(item), item.title),
        "source": item,
        "source_html": render_markdown(item.body),
    }
    appstruct = {name: value for name, value in item.fields().items() if name in ("related", "url")}
    return _editor(request, form, values, save, dict(appstruct, language=missing[0]))


@view_config(context=ContentItem, name="preview", permission="edit", request_method="POST")
@view_config(context=ContentFolder, name="preview", permission="create", request_method="POST")
def preview(request):
    """The live preview's HTML fragment (the request carries the CSRF token
    in its header, checked by Pyramid for every unsafe request)."""
    text = request.POST.get("body", "")
    if len(text) > BODY_LIMIT:
        raise HTTPBadRequest()
    response = Response(render_markdown(text), content_type="text/html", charset="utf-8")
    response.cache_control = "private, no-store"
    return response
