"""The demo's open consultation, "Introducing citizens' juries": the Green
Paper (closed) and the White Paper (open), with comments in Kazakh, Russian
and English written for the demo (data/juries_comments.json), replies,
supports, reports and one comment a moderator hid, with the reason."""

from datetime import timedelta

from ..clock import FixedClock
from ..consultations.parsing import parse_text
from ..consultations.services import ConsultationService
from ..feedback.services import FeedbackService
from . import content
from .comments import post_comments


def build_juries_consultation(root, clock, editor, moderator, participants, rng, progress, limit):
    """The consultation, with the first `limit` comments (None: all)."""
    info = content.consultation_info()
    now = clock.now()
    service = ConsultationService(root["consultations"], FixedClock(now - timedelta(days=45)))
    consultation = service.create(
        info["slug"], info["title"], info["summary"], info["ministry"], info["tags"], editor
    )
    for document in content.green_paper_documents():
        service.add_document(consultation, document["kind"], document["title"], document["body"])
    for text in content.green_paper_questions():
        service.add_question(consultation, text)
    statement = content.white_paper_statement()
    service.add_document(consultation, "statement", statement["title"], statement["body"])
    for language, text in content.draft_bill_texts().items():
        service.import_draft(consultation, language, parse_text(text))
    progress(
        f"Draft bill: {consultation.current_draft().article_count()} articles "
        f"in {len(content.draft_bill_texts())} languages"
    )
    green_opens = now - timedelta(days=40)
    white_opens = now - timedelta(days=8)
    service.schedule(consultation, "green", green_opens, now - timedelta(days=10))
    service.schedule(consultation, "white", white_opens, now + timedelta(days=22))
    service.publish(consultation)

    data = content.juries_comments()
    people = participants.named(data["people"])
    past = FixedClock(green_opens)
    feedback = FeedbackService(past, {}, rng=rng)
    stages = {
        "green": (green_opens, timedelta(days=29)),
        "white": (white_opens, timedelta(days=8) - timedelta(hours=3)),
    }
    posted = post_comments(
        feedback, past, consultation, data["comments"][:limit], people, stages, rng
    )
    past.when = now - timedelta(hours=2)
    for report in data["reports"]:
        if report["comment"] in posted:
            comment = posted[report["comment"]]
            feedback.report(consultation, comment, people[report["by"]], report["reason"])
    hidden = posted.get(data["hidden"]["comment"])
    if hidden is not None:
        past.when = now - timedelta(hours=1)
        feedback.hide(consultation, hidden, moderator, data["hidden"]["reason"])
    progress(f"Comments on citizens' juries: {len(posted)} in Kazakh, Russian and English")
    return consultation
