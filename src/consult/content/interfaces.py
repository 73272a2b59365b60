"""The content service and its refusals."""

from zope.interface import Interface

from ..i18n import _
from ..refusals import Refusal


class ContentError(Refusal):
    """A content action refused, with a message the editor can act on."""


NOT_ALLOWED = _("You may not do this to this item.")


class IContentService(Interface):
    """Creating, editing and moving the web editors' content. `who` is the
    acting person's userid; `permits(permission)` says whether they hold a
    permission on the item concerned (the workflow's guards)."""

    def create(folder, kind, language, name, fields, who, translation_of=None):
        """A new private item of `kind` in `folder` under `name` ("" makes one
        from the title), its first version saved; a translation of
        `translation_of` when given (refused when that language has one).
        Raises ContentError."""

    def edit(item, fields, who, note=""):
        """Save `fields` (title, summary, body and the kind's own) as the
        item's next version; returns the Version. Nothing is saved when
        nothing changed (returns None)."""

    def attach(item, data, filename, content_type, who):
        """Store `data` (bytes) as the file of a File or Image, saving a
        version that says so. An image is checked and cleaned first
        (content.images: its real format, its size, no EXIF) and its scales
        are made; it keeps the name's stem with its real format's extension.
        Raises ContentError (field "upload") for an empty file or a picture
        that is refused; returns the Version."""

    def revert(item, number, who):
        """Save version `number`'s fields as the next version."""

    def take_step(item, step, who, permits, comment=""):
        """Move the item along workflow step `step` (workflow.STEPS).
        Raises ContentError when the step does not start at the item's
        state, `permits` refuses its permission, or it needs a comment and
        has none."""

    def set_dates(item, effective, expires, who):
        """When a published item is shown (None: at once; for ever)."""

    def delete(item, who):
        """Move the item to the trash; returns its trash key."""

    def restore(key, who):
        """Put a trashed item back where it was (or at the top folder if
        that folder is gone), under a free name; returns the item."""

    def purge_trash():
        """Remove for good what has been in the trash longer than its days;
        returns how many."""

    def rename(item, name, who):
        """Give the item another name; its old address redirects to it."""

    def move(item, folder, who):
        """Move the item into `folder`; its old address redirects to it."""

    def copy(item, folder, who):
        """A private copy of the item (with its children) in `folder`."""

    def reorder(folder, name, position):
        """Put child `name` of `folder` at `position`."""

    def update_settings(values, who):
        """Change the site's settings (settings.SiteSettings.FIELDS)."""
