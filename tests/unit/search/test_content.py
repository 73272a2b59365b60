"""The web editors' content as search documents, and the change-feed entries
that keep them current: who may find an item follows its state and its
folders', the trash takes it out, a folder's entry covers all inside it."""

import pytest
from factories import NOW
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.clock import FixedClock
from consult.config import evolution_steps
from consult.content.services import ContentService
from consult.resources import opened_root
from consult.search.content import CONTENT_STAFF, content_document, content_documents
from consult.search.documents import all_documents
from consult.search.interfaces import EVERYONE
from consult.search.memory import MemoryIndex
from consult.search.staging import apply_entries, documents_for

EDITOR = "editor-1"


def allow(permission):
    return True


@pytest.fixture
def root():
    database = DB(MappingStorage())
    with opened_root(database, evolution_steps()) as root:
        yield root
    database.close()


@pytest.fixture
def service(root):
    return ContentService(root, FixedClock(NOW), notify=lambda event: None)


def news(service, root, folder=None, title="Открыт приём предложений", **fields):
    values = {"title": title, "summary": "Кратко", "body": "# Заголовок\n\n**Жюри** & суд"}
    folder = root["pages"] if folder is None else folder
    return service.create(folder, "news", "ru", "", values | fields, EDITOR)


def test_a_published_item_is_found_by_everyone_in_its_language_at_its_path(service, root):
    item = news(service, root)
    service.take_step(item, "publish", EDITOR, allow)
    document = content_document(item)
    assert document.id == f"page:{item.uid}"
    assert (document.kind, document.language, document.state) == ("page", "ru", "published")
    assert document.url == f"/pages/{item.__name__}/"
    assert document.title == "Открыт приём предложений"
    # The body's words, without its Markdown or HTML.
    assert document.text == "Кратко\n\nЗаголовок\nЖюри & суд"
    assert document.visible_to == (EVERYONE,)
    assert document.created == item.shown_date


def test_a_private_or_pending_item_is_for_the_content_staff(service, root):
    item = news(service, root)
    assert content_document(item).visible_to == CONTENT_STAFF
    service.take_step(item, "submit", EDITOR, allow)
    assert content_document(item).visible_to == CONTENT_STAFF


def test_a_published_item_in_a_private_folder_is_for_the_staff(service, root):
    folder = service.create(root["pages"], "folder", "ru", "", {"title": "Раздел"}, EDITOR)
    item = news(service, root, folder=folder)
    service.take_step(item, "publish", EDITOR, allow)
    assert content_document(item).visible_to == CONTENT_STAFF
    assert content_document(item).url == f"/pages/{folder.__name__}/{item.__name__}/"
    service.take_step(folder, "publish", EDITOR, allow)
    assert content_document(item).visible_to == (EVERYONE,)


def test_folders_and_trashed_items_have_no_document(service, root):
    folder = service.create(root["pages"], "folder", "ru", "", {"title": "Раздел"}, EDITOR)
    item = news(service, root, folder=folder)
    assert content_document(folder) is None
    service.delete(folder, EDITOR)
    assert content_document(item) is None


def test_a_link_and_a_file_are_found_by_their_address_and_name(service, root):
    link = service.create(
        root["pages"], "link", "en", "", {"title": "Portal", "url": "https://egov.kz"}, EDITOR
    )
    assert "https://egov.kz" in content_document(link).text
    document = service.create(root["pages"], "file", "en", "", {"title": "Law"}, EDITOR)
    service.attach(document, b"%PDF", "zakon.pdf", "application/pdf", EDITOR)
    assert "zakon.pdf" in content_document(document).text


def test_every_document_of_the_site_includes_the_starter_pages(root):
    pages = list(content_documents(root))
    assert {document.language for document in pages} == {"kk", "ru", "en"}
    assert {document.id for document in pages} <= {document.id for document in all_documents(root)}


def test_an_entry_for_a_folder_reindexes_everything_in_it(service, root):
    folder = service.create(root["pages"], "folder", "ru", "", {"title": "Раздел"}, EDITOR)
    item = news(service, root, folder=folder)
    service.take_step(item, "publish", EDITOR, allow)
    service.take_step(folder, "publish", EDITOR, allow)
    index = MemoryIndex()
    apply_entries(root, index, [("content", folder.uid, None)])
    assert index.get(f"page:{item.uid}").visible_to == (EVERYONE,)
    service.take_step(folder, "retract", EDITOR, allow)
    apply_entries(root, index, [("content", folder.uid, None)])
    assert index.get(f"page:{item.uid}").visible_to == CONTENT_STAFF


def test_an_entry_for_a_trashed_or_purged_item_removes_its_document(service, root):
    item = news(service, root)
    service.delete(item, EDITOR)
    additions, removals = documents_for(root, [("content", item.uid, None)])
    assert additions == {} and removals == {f"page:{item.uid}"}
    additions, removals = documents_for(root, [("content", "no-such-uid", None)])
    assert removals == {"page:no-such-uid"}
