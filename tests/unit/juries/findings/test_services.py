"""The findings service: submitting freezes a snapshot; the ministry's
answers follow the rules of answers to comments (staff only, reason long
enough, in the recommendation's language or translated, revisions with a
reason and a history); deadlines; the search documents of the findings."""

from datetime import UTC, date, datetime, timedelta

import factories
import pytest
from BTrees.OOBTree import OOBTree

from consult.accounts.models import Principals
from consult.clock import FixedClock
from consult.juries.findings.interfaces import FindingsError
from consult.juries.findings.recommendations import snapshot
from consult.juries.findings.services import FindingsService, recommendation_notice
from consult.juries.interfaces import JuryError
from consult.juries.models import Applicant, Juries
from consult.juries.services import JuryService
from consult.juries.workspace.models import Recommendation
from consult.search.building import count_documents_estimate
from consult.search.documents import all_documents, findings_documents
from consult.search.interfaces import EVERYONE
from consult.search.staging import documents_for

NOW = datetime(2026, 5, 2, 9, 0, tzinfo=UTC)
REASON_EN = "The ministry will index pensions twice a year from next January."
REASON_RU = "Министерство будет индексировать пенсии два раза в год начиная с января."


class Consultation:
    """Just what the role check reads: local roles and a place in a tree."""

    __parent__ = None
    __name__ = "citizens-juries"

    def __init__(self):
        self.local_roles = OOBTree()


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def principals():
    return Principals()


@pytest.fixture
def service(clock, principals):
    return FindingsService(clock, {"consult.min_answer_length": "30"})


def person(principals, email, roles=()):
    principal = factories.principal(
        email, "Aliya", "Bekova", created=NOW, confirmed_at=NOW, roles=roles
    )
    principals.add_principal(principal)
    return principal


@pytest.fixture
def jury(principals):
    juries = Juries()
    organiser = person(principals, "org@example.kz")
    data = {
        "remit": {"en": "How should pensions be indexed?"},
        "panel_size": 15,
        "recruitment_opens": NOW - timedelta(days=60),
        "recruitment_closes": NOW - timedelta(days=50),
        "sessions": [date(2026, 4, 4)],
        "features": ("gender",),
        "answer_deadline": NOW + timedelta(days=30),
    }
    jury = JuryService(FixedClock(NOW), "secret").create(
        juries, "pensions", "citizens-juries", data, organiser
    )
    for number in range(15):
        juror = person(principals, f"juror{number}@example.kz")
        applicant = Applicant(
            f"Juror {number}",
            juror.email,
            "",
            f"i{number}",
            f"h{number}",
            {"gender": "female"},
            "en",
            NOW,
        )
        applicant.status = "accepted"
        applicant.userid = juror.id
        jury.applicants.add_applicant(applicant)
        jury.grant_local_role(juror.id, "juror")
    return jury


def recommend(jury, number, title, text, language="en", votes=("support",) * 10):
    recommendation = Recommendation(number, title, text, language, "author", NOW)
    recommendation.reasoning = f"Reasoning of {title}"
    recommendation.minority = f"Minority view on {title}"
    for index, vote in enumerate(votes):
        recommendation.votes[f"juror-{index}"] = vote
    jury.workspace.recommendations.add(recommendation.id, recommendation)
    return recommendation


def test_the_deadline_comes_after_the_last_session():
    juries = Juries()
    creator = factories.principal("o@example.kz", "O", "O", created=NOW)
    data = {
        "remit": {"en": "Q?"},
        "panel_size": 15,
        "recruitment_opens": NOW,
        "recruitment_closes": NOW + timedelta(days=5),
        "sessions": [date(2026, 6, 1)],
        "features": ("gender",),
        "answer_deadline": datetime(2026, 5, 31, 19, 0, tzinfo=UTC),
    }
    with pytest.raises(JuryError) as refused:
        JuryService(FixedClock(NOW), "s").create(juries, "j", "c", data, creator)
    assert refused.value.field == "answer_deadline"
    data["answer_deadline"] = datetime(2026, 6, 1, 19, 0, tzinfo=UTC)  # end of 1 June
    with pytest.raises(JuryError):
        JuryService(FixedClock(NOW), "s").create(juries, "j", "c", data, creator)
    data["answer_deadline"] = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)  # end of 2 June
    jury = JuryService(FixedClock(NOW), "s").create(juries, "j", "c", data, creator)
    assert jury.answer_deadline == data["answer_deadline"]


def test_submit_needs_a_panel_and_a_recommendation(service, jury, principals):
    organiser = principals.find_by_email("org@example.kz")
    with pytest.raises(FindingsError, match="no recommendation"):
        service.submit(jury, "The panel met four times and agreed.", "en", organiser)
    recommend(jury, 1, "Twice a year", "Index pensions twice a year.")
    for applicant in jury.applicants.values():
        applicant.status = "applied"
    with pytest.raises(FindingsError, match="not been drawn"):
        service.submit(jury, "The panel met four times and agreed.", "en", organiser)


def test_submit_freezes_a_snapshot(service, jury, principals):
    organiser = principals.find_by_email("org@example.kz")
    first = recommend(
        jury,
        1,
        "Twice a year",
        "Index pensions twice a year.",
        votes=("support",) * 9 + ("oppose",) * 3 + ("abstain",),
    )
    recommend(jury, 2, "Минимум", "Поднять минимальную пенсию.", language="ru")
    withdrawn = recommend(jury, 3, "Withdrawn", "Not this one.")
    withdrawn.withdrawn = True
    with pytest.raises(FindingsError) as refused:
        service.submit(jury, "short", "en", organiser)
    assert refused.value.field == "summary"
    with pytest.raises(FindingsError):
        service.submit(jury, "The panel met four times and agreed.", "xx", organiser)
    findings = service.submit(jury, "The panel met four times and agreed.", "en", organiser)
    assert findings.submitted == NOW and findings.submitted_by == organiser.id
    rows = findings.recommendations
    assert [r["number"] for r in rows] == [1, 2]
    assert rows[0]["votes"] == {"support": 9, "oppose": 3, "abstain": 1}
    assert rows[0]["shares"]["support"] == pytest.approx(9 / 13, abs=1e-4)
    assert rows[0]["cast"] == 13 and rows[0]["jurors"] == 15
    assert rows[0]["reasoning"] == "Reasoning of Twice a year"
    assert rows[0]["minority"] == "Minority view on Twice a year"
    assert rows[1]["language"] == "ru"
    # Later edits do not change what was published; a second submission is refused.
    first.text = "Changed afterwards"
    first.votes["late"] = "oppose"
    assert jury.findings.recommendations[0]["text"] == "Index pensions twice a year."
    assert jury.findings.recommendations[0]["votes"]["oppose"] == 3
    with pytest.raises(FindingsError, match="submitted already"):
        service.submit(jury, "The panel met four times and agreed.", "en", organiser)
    assert snapshot(jury)[0]["text"] == "Changed afterwards"  # the live workspace


@pytest.fixture
def submitted(service, jury, principals):
    organiser = principals.find_by_email("org@example.kz")
    recommendation = recommend(jury, 1, "Twice a year", "Index pensions twice a year.")
    service.submit(jury, "The panel met four times and agreed.", "en", organiser)
    return recommendation


def test_only_staff_of_the_consultation_answer(service, jury, principals, submitted):
    consultation = Consultation()
    juror = principals.find_by_email("juror1@example.kz")
    with pytest.raises(FindingsError, match="editors and moderators"):
        service.answer(jury, submitted.id, "accepted", REASON_EN, "en", juror, consultation)
    local_editor = person(principals, "local@example.kz")
    consultation.local_roles[local_editor.id] = ("editor",)
    answer = service.answer(
        jury, submitted.id, "accepted", REASON_EN, "en", local_editor, consultation
    )
    assert answer.official_role == "editor" and answer.official == local_editor.id
    assert submitted.answer is answer and answer.when == NOW


def test_answers_are_checked(service, jury, principals, submitted):
    consultation = Consultation()
    moderator = person(principals, "mod@example.kz", roles=("moderator",))
    with pytest.raises(FindingsError, match="Choose a decision"):
        service.answer(jury, submitted.id, "noted", REASON_EN, "en", moderator, consultation)
    with pytest.raises(FindingsError, match="please write at least") as refused:
        service.answer(jury, submitted.id, "accepted", "Fine.", "en", moderator, consultation)
    assert refused.value.field == "reason" and refused.value.message.mapping["limit"] == 30
    with pytest.raises(FindingsError, match="not part of the findings"):
        service.answer(jury, "nope", "accepted", REASON_EN, "en", moderator, consultation)
    # A reason in Russian on an English recommendation needs a translation into English.
    with pytest.raises(FindingsError, match="add a translation"):
        service.answer(jury, submitted.id, "partly", REASON_RU, "ru", moderator, consultation)
    with pytest.raises(FindingsError, match="reads as"):
        service.answer(
            jury,
            submitted.id,
            "partly",
            REASON_RU,
            "ru",
            moderator,
            consultation,
            translation=REASON_RU,
        )
    answer = service.answer(
        jury,
        submitted.id,
        "partly",
        REASON_RU,
        "ru",
        moderator,
        consultation,
        translation=REASON_EN,
    )
    assert answer.translation == {"en": REASON_EN} and answer.official_role == "moderator"
    assert submitted.answer_history == []
    # The jurors are told by the notifications, which hear RecommendationAnswered.
    _subject, body = recommendation_notice(submitted, False, "/findings")
    assert "Partly accepted" in str(body.mapping["decision"])


def test_revisions_need_a_reason_and_keep_the_history(service, jury, principals, submitted, clock):
    consultation = Consultation()
    editor = person(principals, "ed@example.kz", roles=("editor",))
    first = service.answer(jury, submitted.id, "rejected", REASON_EN, "en", editor, consultation)
    with pytest.raises(FindingsError, match="why the answer changes"):
        service.answer(jury, submitted.id, "accepted", REASON_EN, "en", editor, consultation)
    clock.when = NOW + timedelta(days=3)
    second = service.answer(
        jury,
        submitted.id,
        "accepted",
        REASON_EN,
        "en",
        editor,
        consultation,
        revision_reason="The budget allows it after all.",
    )
    assert submitted.answer is second and list(submitted.answer_history) == [first]
    assert second.revision_reason == "The budget allows it after all."
    assert first.revision_reason is None


def test_deadlines_and_the_list_of_unanswered(service, jury, principals, submitted):
    items = service.status(jury, NOW + timedelta(days=10))
    assert items[0].days_left == 20 and not items[0].overdue
    late = service.status(jury, NOW + timedelta(days=31))
    assert late[0].overdue
    assert [(j, i.row["number"]) for j, i in service.unanswered([jury], NOW)] == [(jury, 1)]
    editor = person(principals, "ed@example.kz", roles=("editor",))
    service.answer(jury, submitted.id, "accepted", REASON_EN, "en", editor, Consultation())
    assert service.unanswered([jury], NOW) == []
    assert not service.status(jury, NOW + timedelta(days=31))[0].overdue


def test_findings_are_search_documents_per_language(service, jury, principals, clock):
    assert findings_documents(jury) == []  # nothing before submission
    organiser = principals.find_by_email("org@example.kz")
    english = recommend(jury, 1, "Twice a year", "Index pensions twice a year.")
    recommend(jury, 2, "Минимум", "Поднять минимальную пенсию.", language="ru")
    service.submit(jury, "The panel met four times and agreed.", "en", organiser)
    documents = {d.language: d for d in findings_documents(jury)}
    assert set(documents) == {"en", "ru"}
    assert documents["en"].kind == "findings" and documents["en"].url == "/juries/pensions/findings"
    assert documents["en"].visible_to == (EVERYONE,)
    assert "twice a year" in documents["en"].text and "agreed" not in documents["ru"].text
    assert "минимальную" in documents["ru"].text
    editor = person(principals, "ed@example.kz", roles=("editor",))
    service.answer(jury, english.id, "accepted", REASON_EN, "en", editor, Consultation())
    documents = {d.language: d for d in findings_documents(jury)}
    assert "from next January" in documents["en"].text
    assert "ed@example.kz" not in repr(documents)


def test_the_feeder_indexes_and_removes_findings(service, jury, principals):
    juries = jury.__parent__
    root = {"consultations": {}, "juries": juries}
    additions, removals = documents_for(root, [("jury", "pensions", None)])
    assert additions == {} and removals == {
        "findings:pensions:kk",
        "findings:pensions:ru",
        "findings:pensions:en",
    }
    recommend(jury, 1, "Twice a year", "Index pensions twice a year.")
    service.submit(
        jury,
        "The panel met four times and agreed.",
        "en",
        principals.find_by_email("org@example.kz"),
    )
    additions, removals = documents_for(root, [("jury", "pensions", None)])
    assert set(additions) == {"findings:pensions:en"}
    assert removals == {"findings:pensions:kk", "findings:pensions:ru"}
    # A rebuild indexes them too.
    assert [d.id for d in all_documents(root)] == ["findings:pensions:en"]
    assert count_documents_estimate(root) == 1
    additions, removals = documents_for(root, [("jury", "gone", None)])
    assert additions == {} and "findings:gone:en" in removals
