"""A database with one published consultation (a question, a three-article
draft), outside any web request: what `consult import-comments` works on."""

from datetime import timedelta
from types import SimpleNamespace

import factories
import pytest
from samples import DRAFT_TEXT_EN
from ZODB import DB

from consult.config import evolution_steps
from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationService
from consult.feedback.services import FeedbackService
from consult.resources import opened_root

SLUG = "citizens-juries"


def build_consultation(root, clock, slug=SLUG, premoderation=False):
    service = ConsultationService(root["consultations"], clock)
    creator = factories.principal("clerk@example.kz", "Clerk", "Ministry", created=clock.now())
    consultation = service.create(
        slug,
        {"en": "Introducing citizens' juries"},
        {"en": "Should Kazakhstan convene citizens' juries?"},
        {"en": "Ministry"},
        ["juries"],
        creator,
    )
    consultation.premoderation = premoderation
    service.add_question(consultation, {"en": "Should jurors be drawn by lot?"})
    service.import_draft(consultation, "en", parse_text(DRAFT_TEXT_EN))
    day = timedelta(days=1)
    # Both stages are over: imports do not depend on an open stage.
    service.schedule(consultation, "green", clock.now() - 30 * day, clock.now() - 20 * day)
    service.schedule(consultation, "white", clock.now() - 10 * day, clock.now() - day)
    service.publish(consultation)
    return consultation


@pytest.fixture
def db(clock):
    database = DB(None)
    with opened_root(database, evolution_steps()) as root:
        build_consultation(root, clock)
    yield database
    database.close()


@pytest.fixture
def service(clock):
    return FeedbackService(clock, {})


@pytest.fixture
def comments(db):
    """comments() -> the consultation's comments (as plain records), oldest first."""

    def read():
        with opened_root(db, evolution_steps()) as root:
            store = root["consultations"][SLUG].comments
            return [
                SimpleNamespace(
                    text=c.text,
                    author=c.author,
                    author_name=c.author_name,
                    created=c.created,
                    stance=c.stance,
                    channel=c.channel,
                    state=c.state,
                    target=c.target,
                    language=c.language,
                    import_key=c.import_key,
                    stage=c.stage,
                    reasons=[record.reason for record in c.moderation],
                )
                for c in sorted(store.comments.values(), key=lambda c: c.sort_key)
            ]

    return read


@pytest.fixture
def add_consultation(db, clock):
    """add_consultation(slug, premoderation=False): another consultation in `db`."""

    def add(slug, premoderation=False):
        with opened_root(db, evolution_steps()) as root:
            build_consultation(root, clock, slug=slug, premoderation=premoderation)

    return add
