"""Resources as search documents, on the real demo content (persistent objects
in a ZODB MappingStorage, built once for the module; each test's changes are
aborted)."""

import dataclasses
import re
from collections import Counter
from datetime import UTC, datetime

import factories
import pytest
import transaction
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.clock import FixedClock
from consult.config import evolution_steps
from consult.consultations.citing import paragraph_label
from consult.consultations.services import ConsultationService
from consult.demo import content
from consult.demo.builder import build_demo
from consult.feedback.services import FeedbackService
from consult.resources import bootstrap
from consult.search.documents import (
    all_documents,
    comment_document,
    consultation_documents,
    document_ids_for_comment,
)
from consult.search.interfaces import EVERYONE, SearchDocument

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LANGUAGES = ("kk", "ru", "en")
PREFIX = {"kk": "{}-бап. ", "ru": "Статья {}. ", "en": "Article {}. "}


@pytest.fixture(scope="module")
def demo_db():
    db = DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    with manager:
        root = bootstrap(connection.root(), evolution_steps())
        build_demo(root, FixedClock(NOW), progress=lambda text: None, comments=40)
    yield connection, manager
    connection.close()
    db.close()


@pytest.fixture
def root(demo_db):
    connection, manager = demo_db
    manager.begin()
    yield bootstrap(connection.root(), evolution_steps())
    manager.abort()


@pytest.fixture
def consultation(root):
    return root["consultations"]["citizens-juries"]


def comments_of(consultation):
    return list(consultation.comments.comments.values())


def squash(text):
    return " ".join(text.split())


def test_every_language_version_is_a_document(consultation):
    documents = consultation_documents(consultation)
    assert all(isinstance(d, SearchDocument) for d in documents)
    by_kind = Counter((d.kind, d.language) for d in documents)
    draft = consultation.current_draft()
    questions = consultation.stages["green"].questions
    stage_documents = sum(len(s.documents) for s in consultation.stages.values())
    for language in LANGUAGES:
        assert by_kind[("consultation", language)] == 1
        assert by_kind[("document", language)] == stage_documents == 3
        assert by_kind[("question", language)] == len(questions) > 0
        assert by_kind[("article", language)] == draft.article_count() > 0
    assert {d.kind for d in documents} == {"consultation", "document", "question", "article"}


def test_consultation_document(consultation):
    info = content.consultation_info()
    documents = {
        d.language: d for d in consultation_documents(consultation) if d.kind == "consultation"
    }
    for language in LANGUAGES:
        document = documents[language]
        assert document.id == f"consultation:citizens-juries:{language}"
        assert document.title == info["title"][language]
        assert info["summary"][language] in document.text
        assert info["ministry"][language] in document.text
        assert document.url == "/consultations/citizens-juries/"
        assert document.consultation == "citizens-juries"
        assert document.visible_to == (EVERYONE,)


def test_seed_passages_are_in_the_concept_documents(consultation):
    passages = content.seed_passages()
    concept = consultation.stages["green"].documents[0]
    assert concept.kind == "concept"
    documents = {
        d.language: d
        for d in consultation_documents(consultation)
        if d.kind == "document" and d.id.split(":")[3] == concept.uid
    }
    assert set(documents) == set(LANGUAGES)
    for language in LANGUAGES:
        document = documents[language]
        assert document.stage == "green"
        assert document.title == concept.title[language]
        assert document.url == f"/consultations/citizens-juries/green/#document-{concept.uid}"
        for key in ("green_white_papers", "citizens_jury"):
            assert squash(passages[key][language]) in squash(document.text)
    white = [
        d
        for d in consultation_documents(consultation)
        if d.kind == "document" and d.stage == "white"
    ]
    assert {d.language for d in white} == set(LANGUAGES)


def test_question_documents(consultation):
    questions = consultation.stages["green"].questions
    documents = [d for d in consultation_documents(consultation) if d.kind == "question"]
    for document in documents:
        uid = document.id.split(":")[2]
        question = next(q for q in questions if q.uid == uid)
        assert document.text == question.text[document.language]
        assert document.url == f"/consultations/citizens-juries/green/#question-{uid}"
        assert document.stage == "green"
    assert {d.title for d in documents if d.language == "ru"} == {
        f"Вопрос {n} к общественности" for n in range(1, len(questions) + 1)
    }


def test_article_documents_have_anchors_and_numbers(consultation):
    draft = consultation.current_draft()
    documents = [d for d in consultation_documents(consultation) if d.kind == "article"]
    assert documents
    for document in documents:
        article = draft[document.article]
        language = document.language
        assert document.url == (
            f"/consultations/citizens-juries/drafts/1/{article.number}/#article-{article.number}"
        )
        assert document.title == PREFIX[language].format(article.number) + article.heading[language]
        assert document.id == f"article:citizens-juries:1:{article.uid}:{language}"
        for paragraph in article.paragraphs:
            assert paragraph.text[language] in document.text
    three = {d.language: d for d in documents if d.article == "3"}
    assert set(three) == set(LANGUAGES)
    assert three["ru"].title.startswith("Статья 3. ")
    assert three["kk"].title.startswith("3-бап. ")
    assert three["en"].title.startswith("Article 3. ")


def test_older_draft_versions_stay_findable(consultation):
    from consult.consultations.models import Draft
    from consult.consultations.parsing import parse_text

    first = next(consultation.current_draft().articles())
    newer = consultation.drafts.add("2", Draft(2, NOW))
    newer.apply_parsed("ru", parse_text(content.draft_bill_texts()["ru"]))
    assert consultation.current_draft() is newer
    documents = [d for d in consultation_documents(consultation) if d.kind == "article"]
    ids = [d.id for d in documents]
    assert len(ids) == len(set(ids))
    assert f"article:citizens-juries:1:{first.uid}:en" in ids
    assert {d.url.split("/")[4] for d in documents} == {"1", "2"}
    assert {d.language for d in documents if "/drafts/2/" in d.url} == {"ru"}


def test_comment_documents(consultation):
    comments = comments_of(consultation)
    assert len(comments) == 40
    for comment in comments:
        document = comment_document(comment)
        assert document is not None
        assert document.kind == "comment"
        assert document.id == f"comment:citizens-juries:{comment.id}"
        assert document_ids_for_comment(comment) == [document.id]
        assert document.url == f"/consultations/citizens-juries/comments/{comment.id}/"
        assert document.language == (comment.language or "ru")
        assert document.text == comment.text
        assert document.author == comment.author_name
        assert document.stance == comment.stance
        assert document.state == "published"
        assert document.created == comment.created
        assert document.stage == comment.stage
        assert document.visible_to == (EVERYONE,)
        # What it is about is context, never searched: it has no title.
        assert document.title == ""
        kind, found = consultation.find_target(comment.target)
        if kind == "question":
            assert document.context == found.text[document.language]
            assert document.article == ""
        elif kind == "article":
            assert document.context == PREFIX[document.language].format(found.number)[:-2]
            assert document.article == found.number
        else:
            article, paragraph = found
            assert document.article == article.number
            assert article.number in document.context
            assert paragraph_label(paragraph) in document.context


def test_comment_language_falls_back_to_russian(consultation):
    comment = comments_of(consultation)[0]
    comment.language = None
    assert comment_document(comment).language == "ru"


@pytest.mark.parametrize("state", ["withdrawn", "hidden", "pending"])
def test_comments_out_of_the_index(consultation, state):
    comment = comments_of(consultation)[0]
    consultation.comments.set_state(comment, state)
    assert comment_document(comment) is None
    assert document_ids_for_comment(comment) == [f"comment:citizens-juries:{comment.id}"]
    ids = {d.id for d in all_documents(consultation.__parent__.__parent__)}
    assert document_ids_for_comment(comment)[0] not in ids


def test_premoderated_comment_is_not_indexed_until_approved(root, consultation):
    consultation.premoderation = True
    author = next(p for p in root["principals"].values() if p.email == "citizen@demo.consult.kz")
    article = next(consultation.current_draft().articles())
    comment = FeedbackService(FixedClock(NOW), {}).post(
        consultation, article.target, author, "Jurors should be paid for their time.", "for"
    )
    assert comment.state == "pending"
    assert comment_document(comment) is None
    consultation.comments.set_state(comment, "published")
    assert comment_document(comment).context == f"Article {article.number}"


def test_no_document_contains_an_email_address(root):
    emails = [p.email for p in root["principals"].values()]
    assert emails and all(EMAIL.fullmatch(e) for e in emails)
    documents = list(all_documents(root))
    assert documents
    for document in documents:
        for field in dataclasses.fields(document):
            value = str(getattr(document, field.name))
            assert not EMAIL.search(value), (document.id, field.name)
            assert not any(e in value for e in emails), (document.id, field.name)


def test_unpublished_consultation_is_not_visible_to_everyone(root, consultation):
    consultation.published_at = None
    documents = consultation_documents(consultation)
    editors = list(consultation.local_roles.keys())
    assert editors
    for document in documents:
        assert EVERYONE not in document.visible_to
        assert {"role:administrator", "role:editor", "role:moderator"} <= set(document.visible_to)
        assert {f"user:{userid}" for userid in editors} <= set(document.visible_to)
    comment = comments_of(consultation)[0]
    assert EVERYONE not in comment_document(comment).visible_to


def test_new_unpublished_consultation(root):
    clock = FixedClock(NOW)
    creator = factories.principal("clerk@example.kz", "Clerk", "Ministry")
    consultation = ConsultationService(root["consultations"], clock).create(
        "draft-only", {"en": "Unpublished"}, {}, {}, [], creator
    )
    documents = consultation_documents(consultation)
    assert [d.id for d in documents] == ["consultation:draft-only:en"]
    assert documents[0].visible_to == (
        "role:administrator",
        "role:editor",
        "role:moderator",
        f"user:{creator.id}",
    )
    assert documents[0].text == ""


def test_ids_are_unique_across_all_documents(root):
    documents = list(all_documents(root))
    ids = [d.id for d in documents]
    assert len(ids) == len(set(ids))
    juries = [d for d in documents if d.url.startswith("/consultations/citizens-juries/")]
    kinds = Counter(d.kind for d in juries)
    assert kinds["comment"] == 40
    assert set(kinds) == {"consultation", "document", "question", "article", "comment"}
    # The starter pages (content) are published and searchable too.
    assert {d.kind for d in documents if d.url.startswith("/pages/")} == {"page"}
    assert all(d.language in LANGUAGES for d in documents)
    assert all(d.url.startswith(("/consultations/", "/pages/")) for d in documents)
