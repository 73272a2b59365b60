"""The demo's English-language consultation on electoral reform, whose
comments are real: statements from the 2016 Polis conversation on electoral
reform in Canada (data/polis/, CC BY 4.0, credited on the page and in the
site's footer), each placed under the Green Paper question it answers, with
the stance it takes on it (data/electoral_reform.json)."""

from datetime import timedelta

from ..clock import FixedClock
from ..consultations.services import ConsultationService
from ..feedback.services import FeedbackService
from . import content
from .comments import supporters

OPENED, CLOSES = 20, 25  # days before and after the demo's "now"
SUPPORTS_PER_AGREE = 0.1


def build_electoral_reform(root, clock, editor, participants, rng, progress):
    data = content.electoral_reform()
    now = clock.now()
    past = FixedClock(now - timedelta(days=OPENED + 2))
    service = ConsultationService(root["consultations"], past)
    consultation = service.create(
        data["slug"], data["title"], data["summary"], data["ministry"], data["tags"], editor
    )
    concept = data["concept"]
    service.add_document(consultation, "concept", concept["title"], concept["body"])
    questions = {
        question["key"]: service.add_question(consultation, question["text"])
        for question in data["questions"]
    }
    opens = now - timedelta(days=OPENED)
    service.schedule(consultation, "green", opens, now + timedelta(days=CLOSES))
    service.publish(consultation)

    polis = {
        comment["id"]: comment
        for comment in content.polis_comments()
        if comment["conversation"] == data["conversation"]
    }
    placed = [
        (key, polis[comment_id], stance)
        for key, entries in data["comments"].items()
        for comment_id, stance in entries
    ]
    people = participants.polis({comment["author"] for _key, comment, _stance in placed})
    feedback = FeedbackService(past, {}, rng=rng)
    # In the order they were written, over the days the Green Paper has been open.
    placed.sort(key=lambda entry: entry[1]["created"])
    span = timedelta(days=OPENED) - timedelta(hours=2)
    for index, (key, comment, stance) in enumerate(placed):
        past.when = opens + span * index / len(placed)
        author = people[comment["author"]]
        posted = feedback.post(consultation, questions[key].target, author, comment["text"], stance)
        count = round(comment["agrees"] * SUPPORTS_PER_AGREE)
        for supporter in supporters(rng, people.values(), author, count):
            feedback.support(posted, supporter)
    progress(
        f"Electoral reform (English): {len(placed)} real Polis comments "
        "(CC BY 4.0 The Computational Democracy Project)"
    )
    return consultation
