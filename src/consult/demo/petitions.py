"""The demo consultation that has run its whole course: the draft law "On
Online Petitions" (data/petitions.json). Its Green and White Papers closed
months ago, the ministry answered every comment with a decision and a
reason (some in groups), published a second version of the draft with the
accepted changes, then the outcome, so its outcome report and the report's
CSV, JSON and PDF are there to read."""

from datetime import timedelta

from ..clock import FixedClock
from ..consultations.parsing import parse_text
from ..consultations.services import ConsultationService
from ..feedback.services import FeedbackService
from ..responses.services import ResponseService
from . import content
from .comments import post_comments

LANGUAGES = content.LANGUAGES
# Days before the demo's "now" of each step of the consultation's life.
CREATED, GREEN, WHITE, ANSWERED, REVISED, OUTCOME = 130, 120, 80, 45, 38, 30
OPEN_DAYS = 30


def _concept(data):
    concept = data["concept"]
    body = {
        lang: "\n\n".join(
            [
                concept["intro"][lang],
                concept["regulation"][lang],
                concept["lead_in"][lang],
                *concept["passages"][lang],
                f"{concept['source_label'][lang]}: {concept['citation'][lang]}",
            ]
        )
        for lang in LANGUAGES
    }
    return concept["title"], body


def _parsed(version):
    return {lang: parse_text(text) for lang, text in content.petitions_draft(version).items()}


def build_petitions_consultation(root, clock, editor, participants, rng, progress):
    data = content.petitions()
    now = clock.now()
    past = FixedClock(now - timedelta(days=CREATED))
    service = ConsultationService(root["consultations"], past)
    consultation = service.create(
        data["slug"], data["title"], data["summary"], data["ministry"], data["tags"], editor
    )
    title, body = _concept(data)
    service.add_document(consultation, "concept", title, body)
    for text in data["questions"]:
        service.add_question(consultation, text)
    statement = data["white_paper"]
    service.add_document(consultation, "statement", statement["title"], statement["body"])
    for language, parsed in _parsed(1).items():
        service.import_draft(consultation, language, parsed)
    stages = {
        kind: (now - timedelta(days=days), timedelta(days=OPEN_DAYS))
        for kind, days in (("green", GREEN), ("white", WHITE))
    }
    service.schedule_stages(
        consultation, {kind: (opens, opens + span) for kind, (opens, span) in stages.items()}
    )
    service.publish(consultation)

    people = participants.named(data["people"])
    feedback = FeedbackService(past, {}, rng=rng)
    posted = post_comments(feedback, past, consultation, data["comments"], people, stages, rng)

    past.when = now - timedelta(days=ANSWERED)
    answers = ResponseService(past, {})
    groups = {}
    for item in data["comments"]:
        if "group" in item:
            groups.setdefault(item["group"], []).append(posted[item["key"]])
        else:
            answer = item["answer"]
            answers.answer(
                consultation, [posted[item["key"]]], editor, answer["disposition"], answer["reason"]
            )
    for group, comments in groups.items():
        answer = data["groups"][group]
        answers.answer(consultation, comments, editor, answer["disposition"], answer["reason"])

    past.when = now - timedelta(days=REVISED)
    service.publish_version(consultation, _parsed(2), data["version_summary"], editor)
    past.when = now - timedelta(days=OUTCOME)
    service.publish_outcome(consultation, data["outcome"])
    progress(
        f"A consultation that has run its course: {len(posted)} comments, each answered "
        f"({len(groups)} group answers), version 2 of its draft, its outcome published"
    )
    return consultation
