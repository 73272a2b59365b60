"""What verification tells the capabilities that ask: the level a
consultation requires, and what to say to a person below it."""

from datetime import UTC, datetime

from consult.accounts.models import Principal
from consult.verification.interfaces import EMAIL, IDENTITY
from consult.verification.models import VerificationRecord, add_record
from consult.verification.services import level_refusal, required_level

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Consultation:
    comment_level = EMAIL
    support_level = IDENTITY


def test_the_required_level_and_what_a_person_below_it_is_told():
    person = Principal("dana@example.kz", "Dana", "Serikova", "", NOW)
    consultation = Consultation()
    assert required_level(consultation, "comment") == EMAIL
    # The e-mail level is not refused here (held comments wait for it).
    assert level_refusal(consultation, person, "comment") is None
    message = level_refusal(consultation, person, "support")
    assert "To support comments in this consultation" in message.interpolate()
    consultation.comment_level = IDENTITY
    assert "To comment in this consultation" in (
        level_refusal(consultation, person, "comment").interpolate()
    )
    add_record(person, VerificationRecord("census", IDENTITY, NOW))
    assert level_refusal(consultation, person, "comment") is None
    assert level_refusal(consultation, person, "support") is None
