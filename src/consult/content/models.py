"""The web editors' content: folders, pages, news items, FAQ entries, files,
images and links, each in one language and linked to its translations.

Every item is in one language (Plone's plone.app.multilingual): a page and
its Kazakh translation are two items, each with its own address, text and
workflow state, joined by `translation_group` (the uid of the first of
them). The catalog (`catalog.ContentCatalog`, `root.content_catalog`) finds
an item by uid and a translation by group and language.

An item's state is private, pending (submitted for review) or published
(`workflow.py` says who moves it where); a published item is shown to the
public only between its effective and expiry dates (`is_public`)."""

import uuid

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from pyramid.authorization import Allow, Deny, Everyone

from ..resources.models import Folder, LocalRoles

KINDS = ("folder", "page", "news", "faq", "file", "image", "link")
STATES = ("private", "pending", "published")
# Who sees an item that is not published (its ACL); the site ACL gives
# administrators everything before this is asked.
STAFF_ROLES = ("role:editor", "role:reviewer")


def new_uid():
    return uuid.uuid4().hex


class Version(Persistent):
    """What an item said after one save: its `fields` (title, summary, body
    and the kind's own), who saved it, when, and why (`note`, their words).
    `reverted_to` names the version a revert brought back; the first
    version of an item is its creation."""

    reverted_to = None

    def __init__(self, number, fields, when, who, note="", reverted_to=None):
        self.number = number
        self.fields = dict(fields)
        self.when = when
        self.who = who
        self.note = note
        self.reverted_to = reverted_to


class Transition(Persistent):
    """One step of the item's workflow, for its history page (the audit log
    keeps the tamper-evident record of the same step)."""

    def __init__(self, name, before, after, when, who, comment=""):
        self.name = name
        self.before = before
        self.after = after
        self.when = when
        self.who = who
        self.comment = comment


class BinaryData(Persistent):
    """A file's bytes, apart from the item so that listing a folder never
    loads them."""

    def __init__(self, data):
        self.data = bytes(data)


class ScaledData(BinaryData):
    """A scaled copy of an image, with its size in pixels."""

    def __init__(self, data, width, height):
        super().__init__(data)
        self.width = width
        self.height = height


class ContentItem(LocalRoles):
    """What every kind shares. `fields` are what a version records and an
    edit form changes; subclasses add theirs to `EXTRA_FIELDS`."""

    kind = None
    EXTRA_FIELDS = ()
    __parent__ = None
    __name__ = None

    # Class defaults: items stored before an attribute existed read these.
    related = ""
    trashed = False

    def _init_content(self, language, title, created, creator):
        self.uid = new_uid()
        self.translation_group = self.uid
        self.language = language
        self.title = title
        self.summary = ""
        self.body = ""
        self.state = "private"
        self.effective = None
        self.expires = None
        self.created = created
        self.modified = created
        self.creator = creator
        self.versions = PersistentList()
        self.history = PersistentList()
        self.local_roles = OOBTree()

    @property
    def __acl__(self):
        # A published item inherits its folder's ACL, so a published page
        # in a private folder stays hidden with its folder.
        if self.state == "published":
            return []
        return [(Allow, role, ("view",)) for role in STAFF_ROLES] + [(Deny, Everyone, "view")]

    @classmethod
    def field_names(cls):
        return ("title", "summary", "body", *cls.EXTRA_FIELDS)

    def fields(self):
        return {name: getattr(self, name) for name in self.field_names()}

    def set_fields(self, values):
        for name in self.field_names():
            if name in values:
                setattr(self, name, values[name])

    def is_public(self, now):
        """Published and within its dates; the folders above it too."""
        item = self
        while isinstance(item, ContentItem):
            if item.state != "published" or item.trashed:
                return False
            if item.effective is not None and now < item.effective:
                return False
            if item.expires is not None and now >= item.expires:
                return False
            item = item.__parent__
        return True

    @property
    def shown_date(self):
        """The date readers see: when it takes effect, else when it was made."""
        return self.effective or self.created


class ContentFolder(Folder, ContentItem):
    """A folder of content, in the order its editors chose (`order`, the
    names; new items go last)."""

    kind = "folder"

    def __init__(self, language, title, created, creator=None):
        Folder.__init__(self)
        self._init_content(language, title, created, creator)
        self.order = PersistentList()

    def add(self, name, child):
        super().add(name, child)
        self.order.append(name)
        return child

    def remove(self, name):
        child = super().remove(name)
        if name in self.order:
            self.order.remove(name)
        return child

    def ordered(self):
        """The children in their editors' order."""
        return [self.data[name] for name in self.order if name in self.data]

    def move(self, name, position):
        """Put child `name` at `position` (0 is first; clamped)."""
        self.order.remove(name)
        position = max(0, min(position, len(self.order)))
        self.order.insert(position, name)

    def rename(self, old, new):
        """Give child `old` the name `new`, keeping its place."""
        if not new or "/" in new or new.startswith("@@"):
            raise ValueError(f"invalid name {new!r}")
        if new in self.data:
            raise KeyError(f"{new!r} is taken")
        child = self.data.pop(old)
        self.data[new] = child
        child.__name__ = new
        self.order[self.order.index(old)] = new
        return child


class Page(ContentItem, Persistent):
    """A page; one `related` to a consultation, petition or jury (its site
    path) is listed on that page as an explainer."""

    kind = "page"
    EXTRA_FIELDS = ("related",)

    def __init__(self, language, title, created, creator=None):
        self._init_content(language, title, created, creator)


class NewsItem(Page):
    """A news item: dated by its effective date (its publication date), and
    may point at a consultation, petition or jury (`related`, a site path)."""

    kind = "news"
    EXTRA_FIELDS = ("related",)


class FAQEntry(Page):
    """A question (the title) and its answer (the body)."""

    kind = "faq"
    EXTRA_FIELDS = ()


class Link(Page):
    """A link to another address, with a title and summary of its own."""

    kind = "link"
    EXTRA_FIELDS = ("url",)
    url = ""


class File(Page):
    """A document to download. Its bytes are in `data` (BinaryData); the
    filename, type and size are on the item."""

    kind = "file"
    filename = ""
    content_type = "application/octet-stream"
    size = 0
    data = None

    def set_data(self, data, filename, content_type):
        self.data = BinaryData(data)
        self.filename = filename
        self.content_type = content_type
        self.size = len(data)


class Image(File):
    """A picture, stored without its EXIF data, with scaled copies
    (`scales`: name -> ScaledData, all of type `scale_type`: the original's,
    PNG for a GIF; content.images makes them)."""

    kind = "image"
    width = 0
    height = 0
    scales = None
    scale_type = "image/jpeg"

    def scale(self, name):
        """The ScaledData called `name`, or None."""
        return (self.scales or {}).get(name)


CLASSES = {
    "folder": ContentFolder,
    "page": Page,
    "news": NewsItem,
    "faq": FAQEntry,
    "file": File,
    "image": Image,
    "link": Link,
}
assert set(CLASSES) == set(KINDS)
