"""The things most tests need, built with sensible defaults that a test
overrides by keyword (warehouse's tests/common/db factories, as plain
functions): `principal(...)` an account, `published_consultation(root,
clock, ...)` a consultation with its draft and stages, `jury(juries,
service, ...)` a jury recruiting. They build real persistent objects with
the real services; a test that needs a database opens one (the `database`
fixture in tests/conftest.py) and passes its root in.

`NOW` is the moment the `clock` fixture (tests/conftest.py) stands at until
a test moves it, and `PASSWORD` the password of every account the
`make_user` fixture and `build_world` create."""

from datetime import UTC, date, datetime, timedelta

from samples import DRAFT_TEXT, DRAFT_TEXT_EN

from consult.accounts.models import Principal
from consult.accounts.passwords import hash_password
from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
DAY = timedelta(days=1)


def principal(
    email="aigerim@example.kz",
    first_name="Aigerim",
    last_name="Serikova",
    *,
    created=NOW,
    password=None,
    password_hash="",
    confirmed_at=None,
    roles=(),
):
    """An account (not yet added to any `Principals`): no password unless
    `password` (hashed here with argon2, slow) or `password_hash` is given,
    unconfirmed unless `confirmed_at` says when, with the site-wide `roles`."""
    account = Principal(
        email,
        first_name,
        last_name,
        hash_password(password) if password is not None else password_hash,
        created,
    )
    account.confirmed_at = confirmed_at
    for role in roles:
        account.grant(role)
    return account


def published_consultation(
    root,
    clock,
    slug="citizens-juries",
    *,
    stage_open="white",
    creator=None,
    premoderation=False,
    question=None,
):
    """A published consultation in `root["consultations"]` with a
    Green-Paper question and a three-article draft in Russian and English.
    `stage_open` says which stage is open at `clock.now()`: "green",
    "white", or "closed" (both are over). `creator` defaults to a clerk's
    account that is not stored."""
    service = ConsultationService(root["consultations"], clock)
    if creator is None:
        creator = principal("clerk@example.kz", "Clerk", "Ministry", created=clock.now())
    consultation = service.create(
        slug,
        {"en": "Introducing citizens' juries", "ru": "О гражданских жюри"},
        {"en": "Should Kazakhstan convene citizens' juries?"},
        {"en": "Ministry of Information and Social Development"},
        ["juries"],
        creator,
    )
    consultation.premoderation = premoderation
    service.add_question(
        consultation,
        question
        or {"en": "Should jurors be drawn by lot?", "ru": "Отбирать ли присяжных жребием?"},
    )
    service.import_draft(consultation, "ru", parse_text(DRAFT_TEXT))
    service.import_draft(consultation, "en", parse_text(DRAFT_TEXT_EN))
    now = clock.now()
    green, white = {
        "green": ((-1, 10), (20, 40)),
        "white": ((-30, -10), (-1, 30)),
        "closed": ((-30, -20), (-10, -1)),
    }[stage_open]
    service.schedule(consultation, "green", now + green[0] * DAY, now + green[1] * DAY)
    service.schedule(consultation, "white", now + white[0] * DAY, now + white[1] * DAY)
    service.publish(consultation)
    return consultation


def jury(
    juries,
    service,
    name="pensions",
    *,
    consultation="citizens-juries",
    creator=None,
    remit=None,
    panel_size=15,
    opens=None,
    closes=None,
    sessions=(date(2026, 4, 4),),
    features=("gender", "language"),
):
    """A jury created by `service` (a JuryService) in `juries` for the
    consultation named `consultation`, recruiting from `opens` to `closes`
    (by default from a day before the service's clock to nine days after).
    `creator`, its organiser, defaults to an account that is not stored."""
    now = service.clock.now()
    if creator is None:
        creator = principal("org@example.kz", "Dana", "O", created=now)
    data = {
        "remit": remit or {"en": "Pensions?"},
        "panel_size": panel_size,
        "recruitment_opens": now - DAY if opens is None else opens,
        "recruitment_closes": now + 9 * DAY if closes is None else closes,
        "sessions": list(sessions),
        "features": tuple(features),
    }
    return service.create(juries, name, consultation, data, creator)
