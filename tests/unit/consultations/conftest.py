import pytest
from factories import NOW
from samples import DRAFT_TEXT, DRAFT_TEXT_EN

from consult.consultations.matching import build_version
from consult.consultations.parsing import parse_text


@pytest.fixture
def first_version():
    """Version 1 of the sample draft, in Russian and English (not stored)."""
    draft, _matching = build_version(
        None, 1, NOW, {"ru": parse_text(DRAFT_TEXT), "en": parse_text(DRAFT_TEXT_EN)}
    )
    return draft
