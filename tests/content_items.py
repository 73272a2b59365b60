"""Content made for the tests of managing a site, through the content
service as an editor would make it (a fresh database per test)."""

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
