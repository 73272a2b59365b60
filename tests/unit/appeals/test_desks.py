"""Each organisation's desk stays in step with its appeals through every
transition: a few hundred appeals in a real ZODB (FileStorage) taken at
random through filing, forwarding between organisations, registration,
assignment, progress, extension, answers, ratings, reopening and
duplicates; the queue and the dashboard read from the desks are compared
with a brute-force scan of every appeal, before and after the database is
reopened, and after evolution step 34 builds the desks anew; the duplicate
suggestion's index holds the open public appeals only."""

import random
import statistics
from datetime import timedelta

import pytest
import transaction
from factories import NOW
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from consult.appeals.desks import Tally
from consult.appeals.evolve import evolve_34_appeal_desks
from consult.appeals.interfaces import AppealError
from consult.appeals.models import CLOSED, OUTCOMES, STATES, Appeals
from consult.appeals.services import AppealService
from consult.clock import FixedClock
from consult.config import evolution_steps
from consult.organisations.models import Organisations
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.resources.models import Root
from consult.settings import DEFAULTS
from consult.workdays import calendar_of

ASTANA, ALMATY, ASTANA_DISTRICT = "710000000", "750000000", "711110000"
ORGANISATIONS = ("astana-akimat", "almaty-akimat", "transport")
OFFICIALS = ("clerk", "head", "other-clerk", "stranger", None)
REASON = "The road belongs to the other akimat, not to us."
ANSWER = "The pothole was repaired on the 10th; the contractor checked the surface."


class Author:
    def __init__(self, userid):
        self.id = userid


def service_of(root, clock):
    return AppealService(
        root["appeals"],
        DEFAULTS,
        clock,
        load_territories(),
        root["organisations"],
        calendar=calendar_of(),
    )


def make_world(root, clock):
    root.add("organisations", Organisations())
    root.add("appeals", Appeals())
    organisations = OrganisationService(root["organisations"])
    city = organisations.create("astana-akimat", {"en": "Astana"}, "akimat", "city", ASTANA)
    almaty = organisations.create("almaty-akimat", {"en": "Almaty"}, "akimat", "city", ALMATY)
    organisations.create("transport", {"en": "Ministry of Transport"}, "ministry", "republic")
    city.grant_local_role("clerk", "answerer")
    city.grant_local_role("head", "organisation_administrator")
    almaty.grant_local_role("other-clerk", "answerer")
    service = service_of(root, clock)
    service.save_category("roads", {"en": "Roads"})
    service.save_category("potholes", {"en": "Potholes"}, "roads")
    service.save_category("lights", {"en": "Street lights"}, "roads")
    service.save_category("transport", {"en": "Public transport"})
    service.set_rule("roads", ASTANA, "astana-akimat")
    service.set_rule("roads", ALMATY, "almaty-akimat")
    service.set_rule("*", "*", "transport")


def _other(service, rng):
    return service.appeals[rng.choice(list(service.appeals.keys()))]


ACTIONS = [
    lambda service, appeal, rng: service.register(appeal, "clerk"),
    lambda service, appeal, rng: service.register(appeal, "clerk"),
    lambda service, appeal, rng: service.forward(
        appeal, "clerk", rng.choice(ORGANISATIONS), REASON
    ),
    lambda service, appeal, rng: service.assign(appeal, "head", rng.choice(OFFICIALS)),
    lambda service, appeal, rng: service.progress(
        appeal, "clerk", rng.choice(("in_progress", "planned")), ""
    ),
    lambda service, appeal, rng: service.extend(
        appeal, "clerk", appeal.due + timedelta(days=20), REASON
    ),
    lambda service, appeal, rng: service.answer(
        appeal, "head", "accepted", ANSWER, rng.choice(OUTCOMES)
    ),
    lambda service, appeal, rng: service.answer(
        appeal, "head", "accepted", ANSWER, rng.choice(OUTCOMES)
    ),
    lambda service, appeal, rng: service.rate(appeal, appeal.author, rng.random() < 0.6, ""),
    lambda service, appeal, rng: service.reopen(
        appeal, "citizen-99", "The hole is back after the rain."
    ),
    lambda service, appeal, rng: service.mark_duplicate(appeal, "clerk", _other(service, rng), ""),
]


def live(service, clock, rng, steps):
    """Take appeals at random through their life, each action as the
    service allows it (a refused one is skipped)."""
    appeals = service.appeals
    for step in range(steps):
        clock.advance(timedelta(hours=rng.uniform(1, 30)))
        if step % 50 == 49:
            transaction.commit()
        numbers = list(appeals.keys())
        if not numbers or rng.random() < 0.35:
            service.file(
                Author(f"citizen-{rng.randint(1, 20)}"),
                "complaint",
                rng.choice(("roads", "potholes", "lights", "transport")),
                rng.choice((ASTANA, ALMATY, ASTANA_DISTRICT)),
                "Kabanbay batyr 10",
                "A deep pothole near the bus stop",
                rng.random() < 0.8,
            )
            continue
        appeal = appeals[rng.choice(numbers)]
        try:
            rng.choice(ACTIONS)(service, appeal, rng)
        except (AppealError, TypeError):  # TypeError: extending an appeal with no term
            pass


# -- the brute force: every appeal in the container, filtered in Python -------


def scanned_queue(service, address, today, state, category, kato, overdue, days_left):
    found = []
    for appeal in service.appeals.values():
        if appeal.organisation != address:
            continue
        if state and appeal.state != state:
            continue
        if category and category not in service.appeals.categories.chain(appeal.category):
            continue
        if kato and kato not in service.territory_chain(appeal.kato):
            continue
        if overdue and not appeal.overdue(today):
            continue
        left = service.days_left(appeal, today)
        if days_left is not None and (left is None or left > days_left):
            continue
        found.append(appeal)
    far = today.replace(year=today.year + 100)
    found.sort(key=lambda appeal: (appeal.due or far, int(appeal.name)))
    return [appeal.name for appeal in found]


def scanned_dashboard(service, address, today):
    counts = dict.fromkeys(STATES, 0)
    groups = {"category": {}, "official": {}}
    held = [a for a in service.appeals.values() if a.organisation == address]
    for appeal in held:
        counts[appeal.state] += 1
        for group, key in (("category", appeal.category), ("official", appeal.assignee)):
            row = groups[group].setdefault(
                key,
                {"total": 0, "answered": 0, "on_time": 0, "days": [], "rated": 0, "resolved": 0},
            )
            row["total"] += 1
            answer = appeal.answer
            if answer is None or appeal.state not in (*OUTCOMES, CLOSED):
                continue
            row["answered"] += 1
            row["on_time"] += answer["on_time"]
            row["days"].append(
                service.calendar.working_days_between(
                    appeal.registered.date(), answer["when"].date()
                )
            )
            if appeal.rating is not None:
                row["rated"] += 1
                row["resolved"] += appeal.rating["resolved"]
    for rows in groups.values():
        for row in rows.values():
            days = row.pop("days")
            row["median_days"] = statistics.median(days) if days else None
            row["on_time_rate"] = (
                round(100 * row["on_time"] / row["answered"]) if row["answered"] else None
            )
            row["satisfaction"] = (
                round(100 * row["resolved"] / row["rated"]) if row["rated"] else None
            )
    overdue = sum(appeal.overdue(today) for appeal in held)
    return {"counts": counts, "overdue": overdue, **groups}


FILTERS = [
    {},
    *({"state": state} for state in STATES),
    *({"category": code} for code in ("roads", "potholes", "lights", "transport")),
    *({"kato": kato} for kato in (ASTANA, ASTANA_DISTRICT, ALMATY)),
    {"overdue": True},
    *({"days_left": days} for days in (-4, -1, 0, 1, 3, 10, 40)),
    {"state": "in_progress", "kato": ASTANA},
    {"category": "roads", "overdue": True},
    {"category": "roads", "kato": ASTANA, "days_left": 5},
    {"state": "registered", "overdue": True, "days_left": -2},
]


def assert_in_step(service, today):
    differences = []
    for address in ORGANISATIONS:
        for chosen in FILTERS:
            filters = {
                "state": None,
                "category": None,
                "kato": None,
                "overdue": False,
                "days_left": None,
                **chosen,
            }
            expected = scanned_queue(service, address, today, **filters)
            for start in sorted({0, 7, max(0, len(expected) - 3)}):
                total, page = service.queue(address, today, start=start, size=10, **filters)
                got = (total, [appeal.name for appeal in page])
                wanted = (len(expected), expected[start : start + 10])
                if got != wanted:
                    differences.append((address, chosen, start, got, wanted))
        dashboard = service.dashboard(address, today)
        assert dashboard["counts"] == scanned_dashboard(service, address, today)["counts"]
        if dashboard != scanned_dashboard(service, address, today):
            differences.append((address, "dashboard", dashboard))
    assert differences == []
    open_public = {}
    for appeal in service.appeals.values():
        if appeal.public and appeal.is_open():
            open_public.setdefault((appeal.category, appeal.kato), set()).add(appeal.name)
    indexed = {place: set(names) for place, names in service.appeals.by_place.items() if names}
    assert indexed == open_public


@pytest.fixture
def storage(tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    yield db
    db.close()


def opened(db):
    connection = db.open()
    return connection, connection.root()["consult"]


def test_the_desks_stay_in_step_with_every_transition(storage, monkeypatch):
    clock = FixedClock(NOW)
    connection = storage.open()
    connection.root()["consult"] = Root()
    root = connection.root()["consult"]
    make_world(root, clock)
    service = service_of(root, clock)
    live(service, clock, random.Random(34), 900)
    transaction.commit()
    appeals = root["appeals"]
    assert len(appeals) > 250
    history = [change.state for appeal in appeals.values() for change in appeal.history]
    for state in ("forwarded", "extended", "fixed", "closed", "duplicate", "in_progress"):
        assert state in history
    assert any(len({f.source for f in a.forwards} | {a.organisation}) > 1 for a in appeals.values())
    today = clock.now().date()
    for day in (
        today - timedelta(days=30),
        today - timedelta(days=3),
        today,
        today + timedelta(days=9),
    ):
        assert_in_step(service, day)
    connection.close()

    connection = storage.open()
    root = connection.root()["consult"]
    service = service_of(root, clock)
    assert_in_step(service, today)
    before = {address: service.dashboard(address, today) for address in ORGANISATIONS}
    monkeypatch.setattr("consult.appeals.evolve.BATCH", 7)  # savepoints on the way
    evolve_34_appeal_desks(root)
    transaction.commit()
    assert {address: service.dashboard(address, today) for address in ORGANISATIONS} == before
    assert_in_step(service, today)
    connection.close()


def test_step_34_counts_working_days_with_the_sites_calendar(storage, tmp_path):
    """The ini's table of transfers (`consult.workdays.transfers`) reaches
    the step through `evolution_steps(settings)`, as `consult evolve` passes
    them: here a table that makes every day of two years around the
    appeals' dates a day off, so every answer took 0 working days."""
    clock = FixedClock(NOW)
    connection = storage.open()
    connection.root()["consult"] = Root()
    root = connection.root()["consult"]
    make_world(root, clock)
    live(service_of(root, clock), clock, random.Random(34), 300)
    transaction.commit()
    table = tmp_path / "transfers.csv"
    days = [NOW.date() + timedelta(days=offset) for offset in range(-730, 730)]
    table.write_text(
        "date,becomes,decree\n" + "".join(f"{day},off,test\n" for day in days), encoding="utf-8"
    )
    today = clock.now().date()
    shipped = service_of(root, clock).dashboard(ORGANISATIONS[0], today)
    medians = [row["median_days"] for row in shipped["category"].values()]
    assert any(median for median in medians)

    step = evolution_steps({"consult.workdays.transfers": str(table)}).ordered()[33]
    assert step.__name__ == "evolve_34_appeal_desks"
    step(root)
    transaction.commit()
    rows = service_of(root, clock).dashboard(ORGANISATIONS[0], today)["category"].values()
    assert {row["median_days"] for row in rows if row["answered"]} == {0}
    connection.close()


def test_a_tally_reads_the_median_from_its_histogram():
    tally = Tally()
    for days in (3, 1, 8, 3):
        tally.change((True, days, False, False), 1)
    assert tally.median_days() == statistics.median([3, 1, 8, 3])
    tally.change((True, 8, False, False), -1)
    assert tally.median_days() == statistics.median([3, 1, 3])
    for days in (3, 1, 3):
        tally.change((True, days, False, False), -1)
    assert tally.median_days() is None


def test_two_answers_counted_at_once_in_one_tally_both_count(storage):
    """Two officials' answers committed at once by two connections: the
    tally's counters and its histogram's day count merge (BTrees' Length
    resolves the conflict); a day count neither had before is a conflict
    the request retries, never a lost count."""
    first_manager, second_manager = (
        transaction.TransactionManager(),
        transaction.TransactionManager(),
    )
    first = storage.open(transaction_manager=first_manager)
    first.root()["tally"] = Tally()
    first.root()["tally"].change((True, 3, True, False), 1)
    first_manager.commit()
    second = storage.open(transaction_manager=second_manager)
    for connection in (first, second):
        connection.root()["tally"].change((True, 3, True, True), 1)
    first_manager.commit()
    second_manager.commit()

    reader = storage.open()
    tally = reader.root()["tally"]
    assert (tally.total(), tally.answered(), tally.on_time(), tally.resolved()) == (3, 3, 3, 2)
    assert dict((days, count()) for days, count in tally.days.items()) == {3: 3}
    reader.close()

    first.root()["tally"].change((True, 5, False, False), 1)
    second.root()["tally"].change((True, 5, False, False), 1)
    first_manager.commit()
    with pytest.raises(ConflictError):
        second_manager.commit()
    second_manager.abort()
    second.root()["tally"].change((True, 5, False, False), 1)
    second_manager.commit()
    reader = storage.open()
    tally = reader.root()["tally"]
    assert tally.total() == 5
    assert tally.median_days() == 3
    assert dict((days, count()) for days, count in tally.days.items()) == {3: 3, 5: 2}
    for connection in (first, second, reader):
        connection.close()
