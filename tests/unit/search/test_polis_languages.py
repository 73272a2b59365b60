"""The real Polis conversation in Chinese (vTaiwan, on Uber; openData,
CC BY 4.0), imported as `consult import-comments` does and indexed by the
two engines on disk: 計程車 ("taxi") finds the 35 published comments that
contain it. The conversation's comments are kept in tests/data/polis, with
their credit."""

import csv
from datetime import timedelta
from pathlib import Path

import factories
import pytest
from samples import DRAFT_TEXT_EN
from ZODB import DB

from consult.config import evolution_steps
from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationService
from consult.feedback.services import FeedbackService
from consult.imports.formats import make_format
from consult.imports.reading import read_file
from consult.imports.services import run_import
from consult.resources import opened_root
from consult.search.backends import load_index
from consult.search.building import build
from consult.search.interfaces import SearchQuery

TAIWAN = Path(__file__).resolve().parents[2] / "data" / "polis" / "vtaiwan.uberx" / "comments.csv"
SLUG = "ride-sharing"
TAXI = "計程車"


def _consultation(root, clock):
    service = ConsultationService(root["consultations"], clock)
    creator = factories.principal("clerk@example.kz", "Clerk", "Ministry", created=clock.now())
    consultation = service.create(
        SLUG, {"en": "Ride sharing"}, {"en": "Should ride sharing be allowed?"},
        {"en": "Ministry"}, ["transport"], creator,
    )  # fmt: skip
    service.add_question(consultation, {"en": "Should drivers be licensed?"})
    service.import_draft(consultation, "en", parse_text(DRAFT_TEXT_EN))
    day = timedelta(days=1)
    service.schedule(consultation, "green", clock.now() - 30 * day, clock.now() - 20 * day)
    service.schedule(consultation, "white", clock.now() - 10 * day, clock.now() - day)
    service.publish(consultation)


@pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
def test_taxi_finds_the_35_comments_that_contain_it(backend, clock, tmp_path):
    with open(TAIWAN, encoding="utf-8", newline="") as stream:
        data = list(csv.DictReader(stream))
    published = [row for row in data if TAXI in row["comment-body"] and row["moderated"] != "-1"]
    assert len(published) == 35
    db = DB(None)
    with opened_root(db, evolution_steps()) as root:
        _consultation(root, clock)
    rows, rejections, total = read_file(TAIWAN, make_format("polis", "polis-vtaiwan"))
    run_import(db, SLUG, rows, rejections, FeedbackService(clock, {}), total)
    index = load_index(backend, tmp_path / backend)
    try:
        with opened_root(db, evolution_steps()) as root:
            languages = {c.language for c in root["consultations"][SLUG].comments.comments.values()}
            build(root, index)
        assert languages <= {"zh", "en"} and "zh" in languages
        result = index.search(SearchQuery(TAXI, per_page=100))
        assert result.total == 35
        assert all(TAXI in hit.document.text for hit in result.hits)
        assert result.facets["language"]["zh"] >= 34
    finally:
        index.close()
        db.close()
