"""The content service on a real ZODB: creating, versions, translations,
the workflow's guards, the trash, renaming and moving with the old address
kept, copying."""

from datetime import timedelta

import pytest

from consult.content.events import (
    ContentChanged,
    ContentMoved,
    ContentPublished,
    ContentSentBack,
    ContentSubmitted,
)
from consult.content.interfaces import ContentError
from consult.content.models import ContentFolder, Page

EDITOR, REVIEWER = "editor-1", "reviewer-1"


def editor_permits(permission):
    return permission == "edit"


def reviewer_permits(permission):
    return permission in ("edit", "review")


def page(service, root, title="Как участвовать", language="ru", folder=None, **fields):
    values = {"title": title, "summary": "", "body": "Текст."} | fields
    folder = root["pages"] if folder is None else folder
    return service.create(folder, "page", language, "", values, EDITOR)


def test_a_new_database_has_the_starter_pages_in_three_languages(root):
    catalog = root.content_catalog
    rules = root["pages"]["rules"]
    assert rules.state == "published" and rules.language == "ru"
    translations = catalog.translations(rules)
    assert set(translations) == {"kk", "ru", "en"}
    assert translations["kk"] is root["pages"]["rules-kk"]
    assert translations["en"].title == "Rules of discussion"
    assert "ЖСН" in root["pages"]["privacy-kk"].body


def test_create_names_the_item_from_its_title_and_keeps_a_version(service, root):
    item = page(service, root, "Қоғамдық кеңестер және әкімдік", language="kk")
    assert item.__name__ == "qogamdyq-kenester-zhane-akimdik"
    assert item.state == "private" and len(item.versions) == 1
    assert root.content_catalog.get(item.uid) is item
    again = page(service, root, "Қоғамдық кеңестер және әкімдік", language="kk")
    assert again.__name__ == "qogamdyq-kenester-zhane-akimdik-2"
    assert [type(e) for e in service.events] == [ContentChanged, ContentChanged]


def test_reserved_and_taken_names_are_refused(service, root):
    with pytest.raises(ContentError) as refused:
        service.create(root["pages"], "page", "en", "edit", {"title": "Edit"}, EDITOR)
    assert refused.value.field == "name"
    with pytest.raises(ContentError):
        service.create(root["pages"], "page", "en", "rules", {"title": "Rules"}, EDITOR)
    with pytest.raises(ContentError) as untitled:
        service.create(root["pages"], "page", "en", "", {"title": "  "}, EDITOR)
    assert untitled.value.field == "title"


def test_every_save_keeps_a_version_and_revert_is_a_new_version(service, root, content_clock):
    item = page(service, root, body="Первый текст.")
    content_clock.advance(timedelta(minutes=5))
    service.edit(item, {"body": "Второй текст."}, EDITOR, "typo")
    assert service.edit(item, {"body": "Второй текст."}, EDITOR) is None
    assert [v.number for v in item.versions] == [1, 2]
    assert item.versions[1].note == "typo" and item.versions[0].fields["body"] == "Первый текст."
    service.revert(item, 1, EDITOR)
    assert item.body == "Первый текст." and len(item.versions) == 3
    with pytest.raises(ContentError):
        service.revert(item, 9, EDITOR)


def test_translations_are_linked_and_one_per_language(service, root):
    ru = page(service, root, "Новости")
    kk = service.create(
        root["pages"], "page", "kk", "", {"title": "Жаңалықтар"}, EDITOR, translation_of=ru
    )
    catalog = root.content_catalog
    assert catalog.translation(ru, "kk") is kk and catalog.translation(kk, "ru") is ru
    with pytest.raises(ContentError):
        service.create(root["pages"], "page", "kk", "", {"title": "Екі"}, EDITOR, translation_of=ru)


def test_the_workflow_is_guarded_by_permissions(service, root):
    item = page(service, root)
    with pytest.raises(ContentError):
        service.take_step(item, "publish", EDITOR, editor_permits)
    assert item.state == "private"
    service.take_step(item, "submit", EDITOR, editor_permits)
    assert item.state == "pending"
    with pytest.raises(ContentError) as no_comment:
        service.take_step(item, "send_back", REVIEWER, reviewer_permits, "  ")
    assert no_comment.value.field == "comment"
    service.take_step(item, "send_back", REVIEWER, reviewer_permits, "Добавьте сроки")
    assert item.state == "private"
    service.take_step(item, "submit", EDITOR, editor_permits)
    service.take_step(item, "publish", REVIEWER, reviewer_permits)
    assert item.state == "published"
    with pytest.raises(ContentError):
        service.take_step(item, "submit", EDITOR, editor_permits)
    assert [(t.name, t.who, t.comment) for t in item.history] == [
        ("submit", EDITOR, ""),
        ("send_back", REVIEWER, "Добавьте сроки"),
        ("submit", EDITOR, ""),
        ("publish", REVIEWER, ""),
    ]
    recorded = [e for e in service.events if not isinstance(e, ContentChanged)]
    assert [type(e) for e in recorded] == [
        ContentSubmitted,
        ContentSentBack,
        ContentSubmitted,
        ContentPublished,
    ]
    assert recorded[1].reason == "Добавьте сроки" and recorded[1].actor == REVIEWER


def test_public_only_between_its_dates_and_inside_public_folders(service, root, content_clock):
    now = content_clock.now()
    folder = service.create(root["pages"], "folder", "ru", "", {"title": "Раздел"}, EDITOR)
    item = page(service, root, folder=folder)
    service.take_step(item, "publish", REVIEWER, reviewer_permits)
    assert not item.is_public(now)  # its folder is private
    service.take_step(folder, "publish", REVIEWER, reviewer_permits)
    assert item.is_public(now)
    service.set_dates(item, now + timedelta(days=1), now + timedelta(days=3), EDITOR)
    assert not item.is_public(now)
    assert item.is_public(now + timedelta(days=2))
    assert not item.is_public(now + timedelta(days=3))
    with pytest.raises(ContentError):
        service.set_dates(item, now, now - timedelta(days=1), EDITOR)


def test_trash_and_restore(service, root, content_clock):
    folder = service.create(root["pages"], "folder", "ru", "", {"title": "Архив"}, EDITOR)
    item = page(service, root, "Старое", folder=folder)
    key = service.delete(folder, EDITOR)
    assert "arkhiv" not in root["pages"] and folder.trashed
    assert [entry.path for _, entry in root.content_catalog.trashed()] == ["/pages/arkhiv"]
    back = service.restore(key, EDITOR)
    assert back is folder and root["pages"]["arkhiv"] is folder and not folder.trashed
    assert folder["staroe"] is item
    # A restored item whose folder is gone comes back at the top.
    key = service.delete(item, EDITOR)
    service.delete(folder, EDITOR)
    assert service.restore(key, EDITOR).__parent__ is root["pages"]
    # After 30 days the trash forgets.
    content_clock.advance(timedelta(days=31))
    assert service.purge_trash() == 1
    assert root.content_catalog.trashed() == []
    assert root.content_catalog.get(folder.uid) is None


def test_rename_and_move_keep_the_old_address(service, root):
    folder = service.create(root["pages"], "folder", "ru", "", {"title": "Раздел"}, EDITOR)
    item = page(service, root, "Страница", folder=folder)
    service.rename(folder, "razdel-novyi", EDITOR)
    catalog = root.content_catalog
    assert catalog.moved_to("/pages/razdel/stranitsa") == (folder, "stranitsa")
    other = service.create(root["pages"], "folder", "ru", "", {"title": "Другой"}, EDITOR)
    service.move(item, other, EDITOR)
    assert catalog.moved_to("/pages/razdel-novyi/stranitsa") == (item, "")
    assert isinstance(service.events[-2], ContentMoved)
    with pytest.raises(ContentError):
        service.move(other, other, EDITOR)
    with pytest.raises(ContentError):
        service.rename(item, "edit", EDITOR)


def test_copy_makes_private_items_with_new_uids(service, root):
    folder = service.create(root["pages"], "folder", "ru", "", {"title": "Раздел"}, EDITOR)
    item = page(service, root, "Страница", folder=folder)
    service.take_step(item, "publish", REVIEWER, reviewer_permits)
    copy = service.copy(folder, root["pages"], EDITOR)
    assert isinstance(copy, ContentFolder) and copy.__name__ == "razdel-2"
    inner = copy["stranitsa"]
    assert isinstance(inner, Page) and inner.uid != item.uid and inner.state == "private"
    assert inner.body == item.body


def test_reorder(service, root):
    folder = service.create(root["pages"], "folder", "en", "", {"title": "Section"}, EDITOR)
    for title in ("One", "Two", "Three"):
        page(service, root, title, language="en", folder=folder)
    service.reorder(folder, "three", 0)
    assert [child.__name__ for child in folder.ordered()] == ["three", "one", "two"]
