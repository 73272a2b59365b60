"""Content for the tests, made with the real content service in the app's
database, as an editor would make it: `add_item` for the tests of managing
a site (private unless told), `add` for the readers' tests (published
unless told, a translation of another when given)."""

from consult.content.services import ContentService

FIELDS = {"summary": "", "body": "Text."}


def add_item(root, clock, folder, title, kind="page", language="en", state="private", name=""):
    """A new item of `kind` in `folder` (a path under /pages/ or the folder
    itself); `state` "published" publishes it as a reviewer would."""
    if isinstance(folder, str):
        folder = _at(root, folder)
    service = ContentService(root, clock)
    item = service.create(folder, kind, language, name, dict(FIELDS, title=title), None)
    if state != "private":
        step = "publish" if state == "published" else "submit"
        service.take_step(item, step, None, lambda permission: True)
    return item


def _at(root, path):
    resource = root
    for name in path.strip("/").split("/"):
        resource = resource[name]
    return resource


def item_at(root, path):
    """The resource at `path` (/pages/...)."""
    return _at(root, path)


EDITOR = "editor-of-tests"


def service_for(root, clock):
    return ContentService(root, clock)


def add(
    root,
    clock,
    kind,
    title,
    language="ru",
    *,
    folder=None,
    published=True,
    translation_of=None,
    effective=None,
    name="",
    **fields,
):
    service = service_for(root, clock)
    folder = root["pages"] if folder is None else folder
    values = {"title": title, "summary": "", "body": ""} | fields
    item = service.create(
        folder, kind, language, name, values, EDITOR, translation_of=translation_of
    )
    if effective is not None:
        service.set_dates(item, effective, None, EDITOR)
    if published:
        service.take_step(item, "publish", EDITOR, lambda permission: True)
    return item
