"""A petition's search document: only once listed, with what it asks and
its answer; the search feeder reaches it through search.sources."""

import pytest
from factories import NOW

from consult.petitions.models import (
    ANSWER_DUE,
    ANSWERED,
    DRAFT,
    MODERATION,
    OPEN,
    REJECTED,
    SPONSORING,
    Petition,
    Petitions,
)
from consult.petitions.search import documents, petition_document, staged
from consult.resources.models import Folder, Root
from consult.search.staging import documents_for


def root_with(state):
    root = Root()
    root.add("consultations", Folder())  # the feeder's entries are read beside them
    root.add("petitions", Petitions())
    petition = Petition(
        "a", "Open the courts", "Decisions are hidden.", "Publish them", "x", "", NOW
    )
    petition.state = state
    root["petitions"].add("1", petition)
    return root, petition


@pytest.mark.parametrize("state", [DRAFT, SPONSORING, MODERATION, REJECTED])
def test_no_document_before_it_is_listed(state):
    root, petition = root_with(state)
    assert petition_document(petition) is None
    assert staged(root, "1") == ([], ["petition:1"])
    assert list(documents(root)) == []
    assert documents_for(root, [("petition", "1", None)]) == ({}, {"petition:1"})


@pytest.mark.parametrize("state", [OPEN, ANSWER_DUE, ANSWERED])
def test_a_listed_petition_is_found_by_its_words(state):
    root, petition = root_with(state)
    document = petition_document(petition)
    assert (document.kind, document.language, document.url) == ("petition", "en", "/petitions/1/")
    assert "Publish them" in document.text and document.title == "Open the courts"
    additions, removals = documents_for(root, [("petition", "1", None)])
    assert list(additions) == ["petition:1"] and not removals


def test_a_petition_gone_is_removed():
    root, _petition = root_with(OPEN)
    assert staged(root, "2") == ([], ["petition:2"])
