"""Content for the readers' tests, made with the real content service in
the app's database: `add(root, clock, "page", "Title", ...)` makes an item,
published unless told otherwise, a translation of another when given."""

from consult.content.services import ContentService

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
