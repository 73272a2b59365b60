"""An appeal's search document: only while public, with the published
text, the category as title, the organisation as context and the author's
public name; the search feeder reaches it through search.sources."""

from factories import NOW

from consult.appeals.models import Appeal, Appeals, Category
from consult.appeals.search import appeal_document, documents, staged
from consult.resources.models import Folder, Root
from consult.search.sources import source
from consult.search.staging import documents_for


def root_with(public):
    root = Root()
    root.add("consultations", Folder())  # the feeder's entries are read beside them
    root.add("appeals", Appeals())
    root["appeals"].categories.items["roads"] = Category("roads", {"en": "Roads"})
    appeal = Appeal(
        "u1", "complaint", "roads", "710000000", "Kabanbay 10", "A pothole", public, NOW
    )
    appeal.coordinates = (51.1, 71.4)
    root["appeals"].add_appeal(appeal)
    return root, appeal


def test_search_names_appeals_search_as_the_source_of_appeals():
    assert source("appeal").__name__ == "consult.appeals.search"


def test_a_private_appeal_has_no_document():
    root, appeal = root_with(public=False)
    assert appeal_document(appeal) is None
    assert staged(root, "1") == ([], ["appeal:1"])
    assert list(documents(root)) == []
    assert documents_for(root, [("appeal", "1", None)]) == ({}, {"appeal:1"})


def test_a_public_appeal_has_its_published_text_only():
    root, appeal = root_with(public=True)
    appeal.original_text, appeal.text = "Call me at 87010000000", "A pothole"
    document = appeal_document(appeal)
    assert (document.kind, document.url, document.title) == ("appeal", "/appeals/1/", "Roads")
    assert document.text == "A pothole"
    assert "87010000000" not in repr(document) and "Kabanbay" not in repr(document)
    assert "51.1" not in repr(document) and "u1" not in repr(document)
    additions, removals = documents_for(root, [("appeal", "1", None)])
    assert list(additions) == ["appeal:1"] and not removals


def test_an_appeal_gone_is_removed():
    root, _appeal = root_with(public=True)
    assert staged(root, "2") == ([], ["appeal:2"])
