"""What a consultation's shared pages show that changes with time alone
(consult.consultations.page_times): it changes when a stage opens or
closes, and not between."""

from datetime import timedelta

from factories import NOW
from stores import with_stores

from consult.consultations.models import Consultation
from consult.consultations.page_times import stage_statuses

DAY = timedelta(days=1)


def test_it_changes_when_a_stage_opens_or_closes_and_only_then():
    consultation = with_stores(Consultation({"ru": "Жюри"}, {}, {}, ["juries"], NOW, "u1"))
    consultation.stages["green"].schedule(NOW + DAY, NOW + 10 * DAY)
    consultation.stages["white"].schedule(NOW + 10 * DAY, NOW + 30 * DAY)
    moments = [NOW, NOW + DAY / 2, NOW + DAY, NOW + 5 * DAY, NOW + 10 * DAY, NOW + 31 * DAY]
    seen = [stage_statuses(consultation, moment) for moment in moments]
    assert seen[0] == seen[1] == "upcoming upcoming"
    assert seen[2] == seen[3] == "open upcoming"
    # Green closes as White opens: the consultation stays open, the text changes.
    assert seen[4] == "closed open"
    assert seen[5] == "closed closed"
