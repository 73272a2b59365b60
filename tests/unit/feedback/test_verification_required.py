"""Feedback refuses a person below the verification level a consultation
requires (its own VerificationRequired), from what verification says is
lacking: verification knows the levels, feedback owns the refusal."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from stores import with_stores

from consult.accounts.models import Principal
from consult.clock import FixedClock
from consult.consultations.models import Consultation, Draft
from consult.consultations.parsing import parse_text
from consult.feedback.interfaces import FeedbackError, VerificationRequired
from consult.feedback.services import FeedbackService
from consult.verification.interfaces import IDENTITY

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def person(first):
    principal = Principal(f"{first.lower()}@example.kz", first, "Serikova", "", NOW - DAY)
    principal.confirmed_at = NOW
    return principal


@pytest.fixture
def service():
    return FeedbackService(FixedClock(NOW), {}, rng=random.Random(7))


@pytest.fixture
def consultation():
    consultation = with_stores(Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk"))
    consultation.stages["white"].schedule(NOW - DAY, NOW + 30 * DAY)
    draft = consultation.drafts.add("1", Draft(1, NOW))
    draft.apply_parsed("en", parse_text("Article 1. One\n\n1. First paragraph.\n"))
    consultation.published_at = NOW - DAY
    return consultation


def target(consultation):
    return consultation.current_draft()["1"].target


def test_a_confirmed_address_is_enough_by_default(service, consultation):
    comment = service.post(consultation, target(consultation), person("Aigerim"), "Yes.", "for")
    service.support(comment, person("Dana"))
    assert comment.support_count() == 1


def test_commenting_where_an_identity_is_required_asks_to_verify(service, consultation):
    consultation.comment_level = IDENTITY
    with pytest.raises(VerificationRequired) as refused:
        service.post(consultation, target(consultation), person("Aigerim"), "Yes.", "for")
    assert isinstance(refused.value, FeedbackError) and refused.value.verify is True
    assert "To comment in this consultation" in str(refused.value)
    assert len(consultation.comments) == 0


def test_supporting_where_an_identity_is_required_asks_to_verify(service, consultation):
    comment = service.post(consultation, target(consultation), person("Aigerim"), "Yes.", "for")
    consultation.support_level = IDENTITY
    with pytest.raises(VerificationRequired, match="To support comments"):
        service.support(comment, person("Dana"))
    assert comment.support_count() == 0
