"""A comment is found and ranked by its own words, on every engine: the part
of the draft or the Green-Paper question it is about is shown with it
(`SearchDocument.context`) but never searched (issue 19, item 6: twelve
comments on a question about citizen juries, none of them about juries,
outranked the one comment that was)."""

import factories
import pytest
import transaction
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.clock import FixedClock
from consult.config import evolution_steps
from consult.feedback.comments import Comment
from consult.resources import bootstrap
from consult.search.documents import all_documents
from consult.search.interfaces import SearchQuery

QUESTION = {"en": "How should citizen juries be convened, and who should sit on citizen juries?"}
UNRELATED = (
    "The deadline for comments is far too short for working people.",
    "Please publish the draft in plain language.",
    "Regional offices should hold public hearings in the evening.",
    "I support this reform without reservation.",
    "The ministry must answer every letter it receives.",
    "Rural villages have poor internet access.",
    "Who pays for the travel of participants from remote districts?",
    "Translation into Kazakh must be of good quality.",
    "The website is hard to use on a phone.",
    "Reports should be published as open data.",
    "Elections are a better way to choose representatives.",
    "Students should learn about the constitution at school.",
)
PARAGRAPH_COMMENT = "Citizen juries must hear experts from both sides before they deliberate."
QUESTION_COMMENT = "Draw citizen juries by lot from the voters' roll."


def comment(consultation, target, text, stage):
    made = Comment(target, "user-1", "Aigerim S.", text, "neutral", factories.NOW)
    made.language, made.stage = "en", stage
    consultation.comments.add(made)
    return made


@pytest.fixture
def consultation():
    """A consultation whose Green-Paper question speaks of citizen juries,
    a dozen comments on that question about something else, one comment on
    it that is about juries, and one on a paragraph of the draft that is."""
    db = DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    manager.begin()
    root = bootstrap(connection.root(), evolution_steps())
    made = factories.published_consultation(
        root, FixedClock(factories.NOW), question=QUESTION, stage_open="green"
    )
    question = made.stages["green"].questions[0]
    for text in UNRELATED:
        comment(made, question.target, text, "green")
    article = made.current_draft()["1"]
    paragraph = article.paragraphs[0]
    comment(
        made,
        article.paragraph_target(paragraph),
        PARAGRAPH_COMMENT,
        "white",
    )
    comment(made, question.target, QUESTION_COMMENT, "green")
    yield made
    manager.abort()
    connection.close()
    db.close()


def indexed_site(index, consultation):
    index.add(list(all_documents(consultation.__parent__.__parent__)))
    index.commit()
    return index


def search(index, text, **filters):
    return index.search(SearchQuery(text, filters=filters, per_page=100))


def test_comments_on_a_question_match_their_own_words_only(index, consultation):
    indexed_site(index, consultation)
    result = search(index, "citizen juries", kind="comment")
    # Before: all 14 matched, and the paragraph's comment came last.
    assert {hit.document.text for hit in result.hits} == {PARAGRAPH_COMMENT, QUESTION_COMMENT}
    everything = search(index, "citizen juries")
    assert not {hit.document.text for hit in everything.hits} & set(UNRELATED)
    # The question itself is still found, as itself.
    assert everything.facets["kind"]["question"] == 1


def test_the_question_is_context_not_a_match(index, consultation):
    indexed_site(index, consultation)
    [hit] = search(index, "deadline").hits
    assert hit.document.kind == "comment"
    assert hit.document.context == QUESTION["en"]
    assert hit.document.title == ""
    assert search(index, "convened", kind="comment").total == 0
    [paragraph] = search(index, "deliberate").hits
    assert paragraph.document.context == "Article 1, paragraph 1"
    assert search(index, "paragraph", kind="comment").total == 0
