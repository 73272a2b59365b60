"""The content service: what editors and reviewers do to content. Views bind
a form and call one method; the service keeps the catalog, the versions and
the workflow history in step and announces each change (events.py)."""

from pyramid.traversal import resource_path
from zope.interface import implementer

from ..clock import IClock
from ..events import notify_outside_requests
from ..i18n import LANGUAGES, _
from .events import (
    STEP_EVENTS,
    ContentChanged,
    ContentDeleted,
    ContentMoved,
    ContentRestored,
    SiteSettingsChanged,
)
from .images import prepare_image
from .interfaces import NOT_ALLOWED, ContentError, IContentService
from .models import CLASSES, ContentFolder, File, Image, ScaledData, Transition, Version
from .names import RESERVED, name_from
from .workflow import STEPS

TITLE_LIMIT = 200
SUMMARY_LIMIT = 1_000
BODY_LIMIT = 200_000


def _checked_name(name, folder):
    if not name or "/" in name or name.startswith("@@") or name in RESERVED:
        raise ContentError(_("This name cannot be used in an address."), "name")
    if name in folder:
        raise ContentError(_("This folder already has an item of that name."), "name")
    return name


@implementer(IContentService)
class ContentService:
    def __init__(self, root, clock, notify=None, request=None):
        self.root = root
        self.clock = clock
        self.notify = notify or notify_outside_requests
        self.request = request

    @property
    def catalog(self):
        return self.root.content_catalog

    def _changed(self, item):
        self.catalog.relate(item)
        self.notify(ContentChanged(self.request, item, root=self.root))

    # Creating and editing

    def create(self, folder, kind, language, name, fields, who, translation_of=None):
        if kind not in CLASSES:
            raise ContentError(_("Unknown kind of content."))
        if language not in LANGUAGES:
            raise ContentError(_("Choose the language of the text."), "language")
        if translation_of is not None and self.catalog.translation(translation_of, language):
            raise ContentError(_("This item already has a translation in that language."))
        title = (fields.get("title") or "").strip()
        if not title:
            raise ContentError(_("Give it a title."), "title")
        name = name.strip() if name else name_from(title, folder)
        _checked_name(name, folder)
        now = self.clock.now()
        item = CLASSES[kind](language, title, now, who)
        item.set_fields(fields)
        folder.add(name, item)
        self.catalog.index(item)
        if translation_of is not None:
            self.catalog.join(item, translation_of.translation_group)
        self._save_version(item, who)
        self._changed(item)
        return item

    def _save_version(self, item, who, note="", reverted_to=None):
        number = len(item.versions) + 1
        version = Version(number, item.fields(), self.clock.now(), who, note, reverted_to)
        item.versions.append(version)
        return version

    def edit(self, item, fields, who, note="", reverted_to=None):
        changed = {
            name: value
            for name, value in fields.items()
            if name in item.field_names() and getattr(item, name) != value
        }
        if "title" in changed and not (changed["title"] or "").strip():
            raise ContentError(_("Give it a title."), "title")
        if not changed:
            return None
        item.set_fields(changed)
        item.modified = self.clock.now()
        version = self._save_version(item, who, note, reverted_to)
        self._changed(item)
        return version

    def revert(self, item, number, who):
        versions = {version.number: version for version in item.versions}
        if number not in versions:
            raise ContentError(_("There is no such version."))
        return self.edit(item, versions[number].fields, who, reverted_to=number)

    def attach(self, item, data, filename, content_type, who):
        if not isinstance(item, File):
            raise ContentError(_("Only a file or an image has a file to upload."))
        if not data:
            raise ContentError(_("The file is empty."), "upload")
        filename = _plain_filename(filename) or item.__name__ or "file"
        if isinstance(item, Image):
            prepared = prepare_image(data)
            stem = filename.rsplit(".", 1)[0] if "." in filename else filename
            item.set_data(prepared.data, stem + prepared.extension, prepared.content_type)
            item.width, item.height = prepared.width, prepared.height
            item.scale_type = prepared.scale_type
            item.scales = {
                name: ScaledData(scale.data, scale.width, scale.height)
                for name, scale in prepared.scales.items()
            }
        else:
            item.set_data(data, filename, content_type or "application/octet-stream")
        item.modified = self.clock.now()
        # The person's words are for edits; an upload's version is noted by
        # the file's name (stored as text, never as a message to translate).
        version = self._save_version(item, who, item.filename)
        self._changed(item)
        return version

    # The workflow

    def take_step(self, item, step, who, permits, comment=""):
        found = STEPS.get(step)
        if found is None or item.state not in found.sources:
            raise ContentError(_("This step cannot be taken from the item's current state."))
        if not permits(found.permission):
            raise ContentError(NOT_ALLOWED)
        comment = (comment or "").strip()
        if found.needs_comment and not comment:
            raise ContentError(_("Say what the editor should change."), "comment")
        before = item.state
        item.state = found.target
        now = self.clock.now()
        item.history.append(Transition(step, before, found.target, now, who, comment))
        self.notify(STEP_EVENTS[step](self.request, item, before, found.target, comment, who))
        self._changed(item)

    def set_dates(self, item, effective, expires, who):
        if effective and expires and expires <= effective:
            raise ContentError(_("The expiry date must come after the effective date."), "expires")
        item.effective, item.expires = effective, expires
        item.modified = self.clock.now()
        self._changed(item)

    # Deleting and restoring

    def delete(self, item, who):
        if item.__parent__ is None or not isinstance(item.__parent__, ContentFolder):
            raise ContentError(NOT_ALLOWED)
        self.notify(ContentDeleted(self.request, item, actor=who))
        key = self.catalog.throw_away(item, self.clock.now(), who)
        for inner in _walk(item):
            self._changed(inner)
        return key

    def restore(self, key, who):
        try:
            entry = self.catalog.take_back(key)
        except KeyError:
            raise ContentError(_("This item is no longer in the trash.")) from None
        folder = self.catalog.get(entry.folder_uid)
        if folder is None or folder.trashed or folder.__parent__ is None:
            folder = self.root["pages"]
        name = entry.name if entry.name not in folder else name_from(entry.name, folder)
        folder.add(name, entry.item)
        self.notify(ContentRestored(self.request, entry.item, actor=who))
        for inner in _walk(entry.item):
            self._changed(inner)
        return entry.item

    def purge_trash(self):
        keys = self.catalog.expired(self.clock.now())
        for key in keys:
            entry = self.catalog.trash.pop(key)
            for inner in _walk(entry.item):
                self.catalog.unindex(inner)
        return len(keys)

    # Names and places

    def rename(self, item, name, who):
        folder = item.__parent__
        name = (name or "").strip()
        if name == item.__name__:
            return item
        _checked_name(name, folder)
        old_path = resource_path(item)
        folder.rename(item.__name__, name)
        self._moved(item, old_path, who)
        return item

    def move(self, item, folder, who):
        if item.__parent__ is folder:
            return item
        if any(ancestor is item for ancestor in _lineage(folder)):
            raise ContentError(_("A folder cannot be moved into itself."))
        name = item.__name__ if item.__name__ not in folder else name_from(item.title, folder)
        old_path = resource_path(item)
        item.__parent__.remove(item.__name__)
        folder.add(name, item)
        self._moved(item, old_path, who)
        return item

    def _moved(self, item, old_path, who):
        catalog = self.catalog
        # An address that led here before keeps leading here; the new one
        # is no longer an old address of anything.
        catalog.remember_address(old_path, item)
        catalog.forget_address(resource_path(item))
        self.notify(ContentMoved(self.request, item, old_path, actor=who))
        for inner in _walk(item):
            self._changed(inner)

    def copy(self, item, folder, who):
        if any(ancestor is item for ancestor in _lineage(folder)):
            raise ContentError(_("A folder cannot be copied into itself."))
        name = name_from(item.__name__, folder)
        return self._copy_into(item, folder, name, who)

    def _copy_into(self, item, folder, name, who):
        fields = item.fields()
        clone = self.create(folder, item.kind, item.language, name, fields, who)
        if isinstance(item, File):
            # The bytes are shared: a file's data is never changed in place.
            clone.data, clone.filename = item.data, item.filename
            clone.content_type, clone.size = item.content_type, item.size
        if isinstance(item, Image):
            clone.width, clone.height = item.width, item.height
            clone.scales = dict(item.scales or {})
            clone.scale_type = item.scale_type
        if isinstance(item, ContentFolder):
            for child in item.ordered():
                self._copy_into(child, clone, child.__name__, who)
        return clone

    def reorder(self, folder, name, position):
        if name not in folder:
            raise ContentError(_("This folder has no such item."))
        folder.move(name, position)
        self._changed(folder)

    # The site's settings

    def update_settings(self, values, who):
        self.root.site_settings.update(values)
        self.notify(SiteSettingsChanged(self.request, None, actor=who))


def _plain_filename(filename):
    """The last part of a browser's file name (some send a whole path),
    without characters that have no place in a header."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(character for character in name if character.isprintable()).strip()[:200]


def _walk(item):
    """The item and everything inside it."""
    yield item
    if isinstance(item, ContentFolder):
        for child in item.values():
            yield from _walk(child)


def _lineage(resource):
    while resource is not None:
        yield resource
        resource = resource.__parent__


def content_service_factory(context, request):
    return ContentService(
        request.root,
        request.find_service(IClock),
        notify=request.registry.notify,
        request=request,
    )
