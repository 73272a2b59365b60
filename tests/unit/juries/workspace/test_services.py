"""The workspace's rules on real persistent objects: who votes, one vote
per juror, refused concurrent edits, the frozen workspace after the
findings, attachments, the agenda's times and its iCalendar file, and the
consultation's comment statistics."""

import io
import zipfile
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import factories
import icalendar
import pytest
from stores import with_stores

from consult.accounts.models import Principals
from consult.clock import FixedClock
from consult.juries.models import Juries
from consult.juries.services import JuryService
from consult.juries.workspace import attachments
from consult.juries.workspace.access import role_of
from consult.juries.workspace.attachments import attachment_from_upload
from consult.juries.workspace.interfaces import ConcurrentEdit, WorkspaceError
from consult.juries.workspace.models import Findings, Post, Thread
from consult.juries.workspace.services import WorkspaceService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALMATY = ZoneInfo("Asia/Almaty")


def person(principals, email, first="Aigerim", last="Serikova", roles=()):
    principal = factories.principal(email, first, last, roles=roles)
    principals.add_principal(principal)
    return principal


@pytest.fixture
def world():
    principals = Principals()
    people = {
        name: person(principals, f"{name}@example.kz")
        for name in ("organiser", "juror", "juror2", "expert", "outsider", "other_juror")
    }
    people["admin"] = person(principals, "admin@example.kz", roles=("administrator",))
    clock = FixedClock(NOW)
    juries = Juries()
    settings = {
        "remit": {"en": "Q?"},
        "panel_size": 15,
        "recruitment_opens": NOW,
        "recruitment_closes": NOW + timedelta(days=1),
        "sessions": [],
        "features": ("gender",),
    }
    jury_service = JuryService(clock, "secret")
    jury = jury_service.create(juries, "jury", "c", settings, people["organiser"])
    other = jury_service.create(juries, "other", "c", settings, people["organiser"])
    jury.grant_local_role(people["juror"].id, "juror")
    jury.grant_local_role(people["juror2"].id, "juror")
    jury.grant_local_role(people["expert"].id, "expert")
    other.grant_local_role(people["other_juror"].id, "juror")
    service = WorkspaceService(clock, principals)
    return service, jury, people


def draft(service, jury, author, title="Index pensions", text="To prices."):
    return service.add_recommendation(
        jury, author, {"title": title, "text": text, "reasoning": "Because."}, "en"
    )


def test_roles(world):
    service, jury, people = world
    assert role_of(jury, people["organiser"]) == "organiser"
    assert role_of(jury, people["admin"]) == "organiser"
    assert role_of(jury, people["juror"]) == "juror"
    assert role_of(jury, people["expert"]) == "expert"
    assert role_of(jury, people["other_juror"]) is None
    assert role_of(jury, None) is None


def test_one_vote_per_juror_which_they_may_change(world):
    service, jury, people = world
    recommendation = draft(service, jury, people["juror"])
    service.vote(jury, people["juror"], recommendation, "support")
    service.vote(jury, people["juror2"], recommendation, "oppose")
    service.vote(jury, people["juror"], recommendation, "abstain")
    assert recommendation.tally() == {"support": 0, "oppose": 1, "abstain": 1}
    assert recommendation.shares() == {"support": 0.0, "oppose": 0.5, "abstain": 0.5}


@pytest.mark.parametrize("who", ["organiser", "admin", "expert", "other_juror", "outsider"])
def test_only_this_jurys_jurors_vote(world, who):
    service, jury, people = world
    recommendation = draft(service, jury, people["juror"])
    with pytest.raises(WorkspaceError) as refused:
        service.vote(jury, people[who], recommendation, "support")
    assert refused.value.forbidden
    assert len(recommendation.votes) == 0


def test_a_vote_must_be_one_of_three(world):
    service, jury, people = world
    recommendation = draft(service, jury, people["juror"])
    with pytest.raises(WorkspaceError) as refused:
        service.vote(jury, people["juror"], recommendation, "maybe")
    assert not refused.value.forbidden and refused.value.field == "vote"
    assert len(recommendation.votes) == 0


def test_each_save_is_a_revision_and_a_stale_one_is_refused(world):
    service, jury, people = world
    recommendation = draft(service, jury, people["juror"])
    assert recommendation.number == 1 and len(recommendation.revisions) == 1
    data = {
        "title": "Index pensions",
        "text": "Twice a year.",
        "reasoning": "R",
        "minority": "M",
        "note": "twice",
    }
    service.edit_recommendation(jury, people["juror2"], recommendation, data, based_on=1)
    assert recommendation.text == "Twice a year." and recommendation.minority == "M"
    assert [r.editor for r in recommendation.revisions] == [people["juror"].id, people["juror2"].id]
    with pytest.raises(ConcurrentEdit) as refused:
        service.edit_recommendation(
            jury, people["juror"], recommendation, dict(data, text="Stale."), based_on=1
        )
    assert refused.value.latest.text == "Twice a year." and refused.value.count == 2
    assert recommendation.text == "Twice a year." and len(recommendation.revisions) == 2
    assert draft(service, jury, people["organiser"], "Second").number == 2


def test_a_withdrawn_recommendation_is_not_voted_on_until_restored(world):
    service, jury, people = world
    recommendation = draft(service, jury, people["juror"])
    service.set_withdrawn(jury, people["juror2"], recommendation, True)
    assert recommendation.withdrawn and recommendation.revisions[-1].event == "withdrawn"
    with pytest.raises(WorkspaceError):
        service.vote(jury, people["juror"], recommendation, "support")
    with pytest.raises(WorkspaceError):
        service.edit_recommendation(
            jury, people["juror"], recommendation, {"title": "T", "text": "X"}, 2
        )
    with pytest.raises(WorkspaceError) as refused:
        service.set_withdrawn(jury, people["expert"], recommendation, False)
    assert refused.value.forbidden
    service.set_withdrawn(jury, people["organiser"], recommendation, False)
    assert not recommendation.withdrawn and recommendation.revisions[-1].event == "restored"
    assert recommendation.revisions[0].event is None
    service.vote(jury, people["juror"], recommendation, "support")
    assert recommendation.tally()["support"] == 1


def test_experts_do_not_draft(world):
    service, jury, people = world
    with pytest.raises(WorkspaceError) as refused:
        draft(service, jury, people["expert"])
    assert refused.value.forbidden


def test_everything_is_refused_once_findings_are_submitted(world):
    service, jury, people = world
    recommendation = draft(service, jury, people["juror"])
    thread = service.start_thread(jury, people["juror"], "T", "First", "en")
    jury.findings = Findings("S", "en", NOW, people["juror"].id, [])
    data = {"title": "T", "text": "X"}
    attempts = [
        lambda: service.vote(jury, people["juror"], recommendation, "support"),
        lambda: service.edit_recommendation(jury, people["juror"], recommendation, data, 1),
        lambda: draft(service, jury, people["juror"]),
        lambda: service.post(jury, people["juror"], thread, "Late", "en"),
        lambda: service.start_thread(jury, people["juror"], "T", "X", "en"),
        lambda: service.add_agenda_item(
            jury,
            people["organiser"],
            {"title": "S", "starts": NOW, "ends": NOW + timedelta(hours=1)},
        ),
        lambda: service.add_evidence(
            jury,
            people["expert"],
            {"title": "E", "kind": "document", "perspective": "for", "author": "A", "summary": "S"},
            "en",
        ),
        lambda: service.invite_expert(jury, people["organiser"], "outsider@example.kz"),
    ]
    for attempt in attempts:
        with pytest.raises(WorkspaceError) as refused:
            attempt()
        assert "submitted its findings" in refused.value.message
    assert len(recommendation.votes) == 0 and len(recommendation.revisions) == 1
    assert thread.post_count() == 1 and len(jury.workspace.agenda) == 0
    assert not service.can(jury, people["juror"], "vote")


def test_agenda_times_and_the_icalendar_file(world):
    service, jury, people = world
    starts = datetime(2026, 4, 4, 10, 0, tzinfo=ALMATY)
    with pytest.raises(WorkspaceError) as refused:
        service.add_agenda_item(
            jury,
            people["organiser"],
            {"title": {"en": "Hearing"}, "starts": starts, "ends": starts},
        )
    assert refused.value.field == "ends"
    with pytest.raises(WorkspaceError):
        service.add_agenda_item(
            jury,
            people["juror"],
            {"title": {"en": "Hearing"}, "starts": starts, "ends": starts + timedelta(hours=2)},
        )
    second = service.add_agenda_item(
        jury,
        people["organiser"],
        {
            "title": {"en": "Deliberation"},
            "starts": starts + timedelta(days=7),
            "ends": starts + timedelta(days=7, hours=3),
            "place": {"en": "Astana"},
        },
    )
    first = service.add_agenda_item(
        jury,
        people["organiser"],
        {
            "title": {"en": "Hearing"},
            "starts": starts,
            "ends": starts + timedelta(hours=2),
            "place": {"en": "Almaty"},
            "description": {"en": "Experts for and against"},
        },
    )
    assert first.starts.tzinfo == UTC and first.starts.hour == 5
    assert [i.title for i in service.agenda(jury)] == [{"en": "Hearing"}, {"en": "Deliberation"}]

    calendar = icalendar.Calendar.from_ical(service.icalendar(jury, "The jury"))
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Hearing", "Deliberation"]
    hearing = events[0]
    assert hearing.decoded("dtstart") == datetime(2026, 4, 4, 5, 0, tzinfo=UTC)
    assert hearing.decoded("dtend") == datetime(2026, 4, 4, 7, 0, tzinfo=UTC)
    assert str(hearing["location"]) == "Almaty"
    assert str(hearing["description"]) == "Experts for and against"
    assert str(hearing["uid"]) == f"{jury.uid}-{first.id}@consult"
    assert str(events[1]["uid"]) == f"{jury.uid}-{second.id}@consult"
    # Editing keeps the UID, so calendars update the event.
    service.edit_agenda_item(
        jury,
        people["organiser"],
        first,
        {
            "title": {"en": "Hearing (moved)"},
            "starts": starts + timedelta(hours=1),
            "ends": starts + timedelta(hours=3),
        },
    )
    calendar = icalendar.Calendar.from_ical(service.icalendar(jury, "The jury"))
    moved = calendar.walk("VEVENT")[0]
    assert str(moved["uid"]) == str(hearing["uid"]) and str(moved["summary"]) == ("Hearing (moved)")


def test_agenda_items_are_written_and_read_in_each_language(world):
    service, jury, people = world
    starts = datetime(2026, 4, 4, 10, 0, tzinfo=ALMATY)
    times = {"starts": starts, "ends": starts + timedelta(hours=2)}
    with pytest.raises(WorkspaceError) as refused:
        service.add_agenda_item(
            jury, people["organiser"], {"title": {"kk": " ", "ru": ""}, **times}
        )
    assert refused.value.message == "Give the title in at least one language."
    item = service.add_agenda_item(
        jury,
        people["organiser"],
        {
            "title": {"kk": "Сарапшыларды тыңдау", "ru": "Выступления экспертов", "en": ""},
            "place": {"ru": "Астана, Дом дружбы"},
            **times,
        },
    )
    assert item.title == {"kk": "Сарапшыларды тыңдау", "ru": "Выступления экспертов"}
    assert item.place == {"ru": "Астана, Дом дружбы"} and item.description == {}
    for language, summary in [
        ("kk", "Сарапшыларды тыңдау"),
        ("ru", "Выступления экспертов"),
        ("en", "Выступления экспертов"),  # none in English: the Russian one
    ]:
        [event] = icalendar.Calendar.from_ical(
            service.icalendar(jury, "The jury", language=language)
        ).walk("VEVENT")
        assert str(event["summary"]) == summary
        assert str(event["location"]) == "Астана, Дом дружбы"


def _zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


ZIPPED = _zipped(
    {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": "<office:document-content/>",
    }
)


@pytest.mark.parametrize(
    "filename, data, accepted",
    [
        ("brief.pdf", b"%PDF-1.7 ...", True),
        ("brief.PDF", b"%PDF-1.7 ...", True),
        ("notes.txt", "Қазақша мәтін".encode(), True),
        ("report.docx", ZIPPED, True),
        ("report.odt", ZIPPED, True),
        ("broken.docx", b"PK\x03\x04rest", False),  # a zip header and nothing of a zip
        ("fake.pdf", b"MZ\x90\x00", False),
        ("binary.txt", b"\xff\xfe\x00\x00", False),
        ("tool.exe", b"MZ", False),
        ("noextension", b"%PDF-", False),
        ("empty.pdf", b"", False),
    ],
)
def test_attachments(filename, data, accepted):
    if accepted:
        name, content_type = attachment_from_upload("C:\\Users\\me\\" + filename, data)
        assert name == filename and content_type
    else:
        with pytest.raises(WorkspaceError):
            attachment_from_upload(filename, data)


def test_attachments_are_size_limited(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_MB", 1)
    with pytest.raises(WorkspaceError) as refused:
        attachment_from_upload("big.pdf", b"%PDF-" + b"x" * (1024 * 1024))
    assert "too large" in refused.value.message.interpolate()


def test_evidence_is_changed_by_organisers_and_its_expert_only(world):
    service, jury, people = world
    data = {
        "title": "Testimony",
        "kind": "testimony",
        "perspective": "against",
        "author": "Dr X",
        "summary": "No.",
        "upload": ("t.txt", b"text"),
    }
    item = service.add_evidence(jury, people["expert"], data, "en")
    assert item.attachment.filename == "t.txt" and item.attachment.data == b"text"
    with pytest.raises(WorkspaceError) as refused:
        service.add_evidence(jury, people["juror"], data, "en")
    assert refused.value.forbidden
    with pytest.raises(WorkspaceError):
        service.edit_evidence(jury, people["juror"], item, dict(data, title="Changed"))
    service.edit_evidence(
        jury, people["expert"], item, dict(data, title="Changed", upload=None, remove_file=True)
    )
    assert item.title == "Changed" and item.attachment is None
    with pytest.raises(WorkspaceError) as refused:
        service.add_evidence(jury, people["organiser"], dict(data, perspective="sideways"), "en")
    assert refused.value.field == "perspective"
    service.remove_evidence(jury, people["organiser"], item)
    assert len(jury.workspace.evidence) == 0


def test_experts_are_invited_by_email_and_revoked(world):
    service, jury, people = world
    with pytest.raises(WorkspaceError):
        service.invite_expert(jury, people["organiser"], "unknown@example.kz")
    with pytest.raises(WorkspaceError) as refused:
        service.invite_expert(jury, people["expert"], "outsider@example.kz")
    assert refused.value.forbidden
    with pytest.raises(WorkspaceError):
        service.invite_expert(jury, people["organiser"], "juror@example.kz")  # a juror already
    service.invite_expert(jury, people["organiser"], " Outsider@Example.kz ")
    assert role_of(jury, people["outsider"]) == "expert"
    service.revoke_expert(jury, people["organiser"], people["outsider"].id)
    assert role_of(jury, people["outsider"]) is None
    with pytest.raises(WorkspaceError):
        service.revoke_expert(jury, people["organiser"], people["juror"].id)
    assert role_of(jury, people["juror"]) == "juror"


def test_posts_of_one_instant_keep_their_order():
    thread = Thread("T", "u", NOW)
    for number in range(30):
        thread.add_post(Post("u", f"post {number}", "en", NOW))
    assert [p.text for p in thread.posts.values()] == [f"post {n}" for n in range(30)]


def test_comment_statistics():
    from consult.consultations.models import Consultation, Draft
    from consult.feedback.comments import Comment
    from consult.feedback.store import CommentStore

    consultation = with_stores(Consultation({"en": "C"}, {}, {}, (), NOW, "u"))
    draft_version = consultation.ensure_draft(NOW)
    assert isinstance(draft_version, Draft)
    from samples import DRAFT_TEXT_EN

    from consult.consultations.parsing import parse_text

    draft_version.apply_parsed("en", parse_text(DRAFT_TEXT_EN))
    articles = list(draft_version.articles())
    store = consultation.comments
    assert isinstance(store, CommentStore)

    def comment(target, stance, parent=None):
        return store.add(Comment(target, "u", "A. S.", "text", stance, NOW, parent=parent))

    comment(articles[1].target, "for")
    top = comment(articles[1].target, "against")
    comment(articles[1].target, "for", parent=top)  # a reply: no stance count
    paragraph = articles[0].paragraph_target(articles[0].paragraphs[0])
    comment(paragraph, "neutral")
    stats = WorkspaceService.consultation_statistics(consultation)
    assert stats["article_count"] == len(articles)
    assert stats["total"] == 4
    assert stats["stances"] == {"for": 1, "against": 1, "neutral": 1}
    assert [(a.number, count) for a, count, _ in stats["articles"]] == [
        (articles[1].number, 3),
        (articles[0].number, 1),
    ]
