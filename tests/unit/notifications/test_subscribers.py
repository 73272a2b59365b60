"""What the notifications hear, with the real service and container and a
fake mail service: a moderator's decision tells the reporters it settles
and the author of a hidden (or restored) comment; an appeal's decision, its
author; a reply, the author of the comment it answers; an answer, the
comment's author; a new draft version, who commented, with their
articles; the rules acting by themselves tell nobody."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import factories
import pytest
from pyramid import testing
from unit.feedback.test_moderation_queues import consultation_with_draft

from consult.consultations.events import ConsultationPublished, DraftVersionPublished
from consult.feedback.services import FeedbackService
from consult.hashing import HashKeys
from consult.i18n import _
from consult.juries.events import PanelInvited
from consult.notifications.events import NewsForPeople
from consult.notifications.models import Notifications
from consult.notifications.services import NotificationService
from consult.notifications.things import organisation_thing
from consult.responses.events import AnswerPublished
from consult.responses.services import ResponseService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SITE = "https://consult.example.kz"


class FakeMail:
    def __init__(self):
        self.sent = []

    def send(self, to, subject, body, language=None, headers=None):
        self.sent.append((to, subject.interpolate(), body, language, headers))


@pytest.fixture
def world(clock):
    """SimpleNamespace(request, mail, notifications, feedback, consultation,
    comment (by aigerim), people by name)."""
    config = testing.setUp(settings={"consult.public_url": SITE})
    mail = FakeMail()
    people = {
        name: factories.principal(
            f"{name}@example.kz",
            name.title(),
            "Serikova",
            created=NOW - timedelta(days=30),
            confirmed_at=NOW - timedelta(days=30),
        )
        for name in ("aigerim", "saule", "marat", "dana")
    }
    people["saule"].language = "kk"
    principals = {person.id: person for person in people.values()}
    root = testing.DummyResource()
    by_email = {person.email: person for person in people.values()}
    root["principals"] = SimpleNamespace(get=principals.get, find_by_email=by_email.get)
    root.notifications = Notifications()
    request = testing.DummyRequest(root=root)
    service = NotificationService(
        root,
        clock,
        mail,
        HashKeys("testing-hash-secret"),
        config.registry,
        lambda *elements, **kw: SITE + "/" + "/".join(elements),
    )
    request.find_service = lambda iface: service
    request.layout = SimpleNamespace(local_time=lambda when, format: when.strftime("%d.%m.%Y"))
    request.comment_place_url = lambda comment, url: f"{SITE}/c/{comment.id}"
    consultation = consultation_with_draft()
    root["consultations"] = testing.DummyResource()
    root["consultations"]["juries"] = consultation
    consultation.__name__, consultation.__parent__ = "juries", root["consultations"]
    feedback = FeedbackService(clock, {}, request=request, notify=config.registry.notify)
    config.include("consult.notifications.subscribers")
    target = consultation.current_draft()["1"].target
    comment = feedback.post(consultation, target, people["aigerim"], "Too few jurors.", "for")
    yield SimpleNamespace(
        request=request,
        mail=mail,
        notifications=service,
        feedback=feedback,
        consultation=consultation,
        comment=comment,
        people=people,
        registry=config.registry,
    )
    testing.tearDown()


def inbox_of(world, name):
    return world.request.root.notifications.inbox(world.people[name].id)


def test_a_decision_on_reports_tells_the_reporters_and_the_author(world):
    feedback, consultation, comment, people = (
        world.feedback,
        world.consultation,
        world.comment,
        world.people,
    )
    feedback.report(consultation, comment, people["saule"], "Rude words")
    feedback.resolve(consultation, comment, people["marat"], "hide", "Rule 3.")
    by_address = {
        to: (subject, body, language, headers)
        for to, subject, body, language, headers in world.mail.sent
    }
    assert set(by_address) == {"saule@example.kz", "aigerim@example.kz"}
    subject, body, language, headers = by_address["saule@example.kz"]
    assert subject == "The outcome of your report" and language == "kk"
    assert "A moderator has hidden the comment you reported" in body and "Rule 3." in body
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Unsubscribe"].startswith(f"<{SITE}/unsubscribe")
    subject, body, language, headers = by_address["aigerim@example.kz"]
    assert subject == "A moderator has hidden your comment"
    assert body.startswith("Hello Aigerim,")
    assert f"{SITE}/pages/rules" in body
    assert f"{SITE}/consultations/juries/comments/{comment.id}/appeal" in body
    assert inbox_of(world, "saule").items.values()[0].kind == "report"
    assert inbox_of(world, "aigerim").unread() == 1

    world.mail.sent.clear()
    feedback.appeal(consultation, comment, people["aigerim"], "It is on article 1.")
    assert world.mail.sent == []  # the appeal itself goes to the moderators' queue
    feedback.decide_appeal(consultation, comment, people["dana"], "restore", "It is.")
    [(to, subject, body, _language, _headers)] = world.mail.sent
    assert (to, subject) == ("aigerim@example.kz", "The decision on your appeal")
    assert "is shown again" in body


def test_what_the_rules_did_by_themselves_tells_nobody(world):
    feedback, consultation, comment, people = (
        world.feedback,
        world.consultation,
        world.comment,
        world.people,
    )
    for name in ("saule", "marat", "dana"):  # three reports hide it until a review
        feedback.report(consultation, comment, people[name], "Rude words")
    assert comment.state == "hidden" and world.mail.sent == []
    assert inbox_of(world, "aigerim").count() == 0
    feedback.resolve(consultation, comment, people["aigerim"], "keep", "Fair criticism.")
    told = {to: body for to, _subject, body, *_rest in world.mail.sent}
    assert set(told) == {
        "saule@example.kz",
        "marat@example.kz",
        "dana@example.kz",
        "aigerim@example.kz",  # the author: shown again
    }
    assert "has shown your comment of 02.03.2026 again" in told.pop("aigerim@example.kz")
    assert all("it stays shown" in body for body in told.values())


def test_a_reply_waits_for_the_daily_digest_and_the_thread_is_followed(world):
    reply = world.feedback.post(
        world.consultation,
        world.comment.target,
        world.people["marat"],
        "Fifteen is what the law says.",
        "against",
        parent=world.comment,
    )
    inbox = inbox_of(world, "aigerim")
    [notification] = inbox.items.values()
    assert notification.kind == "reply" and notification.url == f"{SITE}/c/{reply.id}"
    assert world.mail.sent == []  # a reply's default is the daily digest
    assert list(inbox.pending["daily"]) == list(inbox.items.keys())
    # Both took part in the thread: both follow it now.
    thread = ("thread", f"/consultations/juries:{world.comment.id}")
    assert set(world.notifications.followers(thread)) == {
        world.people["aigerim"].id,
        world.people["marat"].id,
    }
    # A third comment in the thread tells the follower who is not its parent's author.
    world.feedback.post(
        world.consultation,
        world.comment.target,
        world.people["dana"],
        "Regions may convene more.",
        "for",
        parent=reply,
    )
    kinds = {n.kind for n in inbox_of(world, "aigerim").items.values()}
    assert kinds == {"reply", "followed"}
    assert [n.kind for n in inbox_of(world, "marat").items.values()] == ["reply"]


def test_turning_off_the_follow_when_commenting(world):
    world.notifications.choose(world.people["marat"].id, {}, follow_when_commenting=False)
    world.feedback.post(
        world.consultation,
        world.comment.target,
        world.people["marat"],
        "A reply.",
        "against",
        parent=world.comment,
    )
    assert world.notifications.following(world.people["marat"].id) == []


def test_an_answer_is_mailed_at_once(world, clock):
    editor = factories.principal("ed@example.kz", "Erlan", "Editov", roles=("editor",))
    [response] = ResponseService(clock, {"consult.min_answer_length": "30"}).answer(
        world.consultation,
        [world.comment],
        editor,
        "rejected",
        "The draft already lets regions convene larger juries; see article 5.",
    )
    world.registry.notify(AnswerPublished(world.request, world.comment, response))
    [(to, subject, body, _language, headers)] = world.mail.sent
    assert to == "aigerim@example.kz" and subject == "The ministry has answered your comment"
    assert "Decision: Rejected" in body and "Stop e-mails of this kind" in body
    assert headers["List-Unsubscribe"] in (
        f"<{line}>" for line in body.split() if "unsubscribe" in line
    )


def test_a_new_draft_version_marks_the_articles_commented_on(world, clock):
    consultation = world.consultation
    draft = consultation.current_draft()
    draft.__name__, draft.__parent__ = "1", consultation.drafts
    world.registry.notify(DraftVersionPublished(world.request, draft))
    [notification] = [n for n in inbox_of(world, "aigerim").items.values() if n.kind == "draft"]
    body = notification.body_message().interpolate()
    assert "The articles you commented on are, in this version: 1\n" in body


def test_an_invited_applicant_with_an_account_finds_it_in_the_centre_only(world, clock):
    """The invitation was mailed by juries; the centre lists it, no second mail."""
    earlier, now = clock.now() - timedelta(days=3), clock.now()
    applicants = [
        SimpleNamespace(status="invited", invited_at=now, email="dana@example.kz"),
        SimpleNamespace(status="invited", invited_at=now, email="nobody@example.kz"),
        SimpleNamespace(status="invited", invited_at=earlier, email="marat@example.kz"),
        SimpleNamespace(status="declined", invited_at=now, email="saule@example.kz"),
    ]
    jury = testing.DummyResource(applicants=SimpleNamespace(values=lambda: applicants))
    world.request.root["juries"] = testing.DummyResource()
    world.request.root["juries"]["pensions"] = jury
    world.registry.notify(PanelInvited(world.request, jury, 2))
    [notification] = inbox_of(world, "dana").items.values()
    assert notification.kind == "jury"
    assert inbox_of(world, "marat") is None and inbox_of(world, "saule") is None
    assert world.mail.sent == []


def test_a_new_consultation_tells_the_followers_of_its_topic_and_ministry(world):
    consultation = world.consultation
    consultation.tags = ("juries",)
    consultation.ministry = {"ru": "Министерство  юстиции", "en": "Ministry of Justice"}
    service, people = world.notifications, world.people
    service.follow(people["dana"].id, ("tag", "juries"), {"en": "Juries"}, "/")
    # By name, whatever its spacing and case (things.ministry_thing).
    service.follow(people["marat"].id, ("ministry", "министерство юстиции"), {}, "/")
    service.follow(people["saule"].id, ("tag", "pensions"), {"en": "Pensions"}, "/")
    world.registry.notify(ConsultationPublished(world.request, consultation))
    for name in ("dana", "marat"):
        [notification] = inbox_of(world, name).items.values()
        assert notification.kind == "followed"
        assert "A new consultation: “Juries”" == notification.subject_message().interpolate()
    assert len(inbox_of(world, "saule").items) == 0


def test_a_new_consultation_tells_the_followers_of_its_organisation(world):
    consultation = world.consultation
    consultation.organisation = "justice"
    consultation.ministry = {"en": "Ministry of Justice"}
    service, people = world.notifications, world.people
    service.follow(people["dana"].id, organisation_thing("justice"), {}, "/")
    # A follow by the name alone is not the organisation's (step 26 moved those).
    service.follow(people["marat"].id, ("ministry", "ministry of justice"), {}, "/")
    world.registry.notify(ConsultationPublished(world.request, consultation))
    [notification] = inbox_of(world, "dana").items.values()
    assert notification.kind == "followed"
    assert len(inbox_of(world, "marat").items) == 0


def test_news_for_people_tells_each_person_named_once(world):
    """A capability above notifications (petitions) names the people to tell."""

    class PetitionNews(NewsForPeople):
        kind = "petition"

    people = [world.people["marat"].id, world.people["dana"].id, world.people["marat"].id]
    subject, body = _("Answered"), _("Hello ${name}, it is answered.")
    world.registry.notify(PetitionNews(world.request, people, subject, body, "/p/1/"))
    assert sorted(to for to, *_rest in world.mail.sent) == ["dana@example.kz", "marat@example.kz"]
    assert "Hello Marat, it is answered." in next(
        body for to, _s, body, *_rest in world.mail.sent if to == "marat@example.kz"
    )
    assert inbox_of(world, "dana").unread() == 1
    assert inbox_of(world, "aigerim").unread() == 0
