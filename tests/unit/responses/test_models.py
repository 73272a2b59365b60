"""The response register keeps its counts and an answer keeps its history."""

from datetime import UTC, datetime, timedelta

import pytest
from stores import with_stores

from consult.responses.models import Response, ResponseRegister, Version

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def version(disposition="accepted", text="A reason", when=NOW, role="editor"):
    return Version(disposition, text, None, "en", "official-1", role, when)


def test_register_counts_answers_and_dispositions():
    register = ResponseRegister()
    register.add(Response(11, "article:a", version("accepted")))
    register.add(Response(12, "article:a", version("rejected")))
    register.add(Response(13, "question:q", version("rejected")))
    assert len(register) == 3
    assert 11 in register and 14 not in register
    assert list(register.answered_ids("article:a")) == [11, 12]
    assert list(register.answered_ids("article:none")) == []
    counts = register.disposition_counts()
    assert counts["accepted"] == 1 and counts["rejected"] == 2 and counts["noted"] == 0
    with pytest.raises(KeyError):
        register.add(Response(11, "article:a", version("noted")))
    assert len(register) == 3


def test_a_revision_keeps_the_earlier_version_with_who_when_why():
    register = ResponseRegister()
    response = register.add(Response(11, "article:a", version("rejected", "First reason")))
    later = NOW + timedelta(days=2)
    register.revise(
        response,
        version("accepted", "Second reason", later, "moderator"),
        "official-2",
        "moderator",
        "The working group changed its mind.",
    )
    assert (response.disposition, response.text, response.role) == (
        "accepted",
        "Second reason",
        "moderator",
    )
    assert response.created == NOW and response.answered_at == later and response.revised
    [revision] = response.revisions
    assert revision.version.text == "First reason" and revision.version.role == "editor"
    assert (revision.revised_by, revision.revised_at, revision.why) == (
        "official-2",
        later,
        "The working group changed its mind.",
    )
    counts = register.disposition_counts()
    assert counts["accepted"] == 1 and counts["rejected"] == 0


def test_a_new_consultation_has_the_default_deadline():
    from consult.consultations.models import Consultation

    consultation = Consultation({"en": "T"}, {}, {}, (), NOW, "u")
    assert consultation.answer_days == 15
    assert "answer_days" not in consultation.__dict__  # the class default


def test_evolution_step_4_gives_old_consultations_a_register():
    from consult.consultations.evolve import evolve_1_containers
    from consult.consultations.models import Consultation
    from consult.resources.models import Root
    from consult.responses.evolve import evolve_4_responses

    root = Root()
    evolve_1_containers(root)
    consultation = with_stores(Consultation({"en": "T"}, {}, {}, (), NOW, "u"))
    del consultation.responses  # as stored before step 4
    root["consultations"].add("c", consultation)
    evolve_4_responses(root)
    assert isinstance(consultation.responses, ResponseRegister)
    kept = consultation.responses
    evolve_4_responses(root)
    assert consultation.responses is kept
