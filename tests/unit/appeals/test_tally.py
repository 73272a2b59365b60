"""The ranking's monthly tallies kept by `tally` on real persistent objects:
counts per (month, category, region), each appeal counted once however
often it is told, the due-date index of running appeals, near-duplicate
clusters assigned at filing, and two transactions counting in one cell
both kept (a real FileStorage)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import transaction
import ZODB
from factories import NOW
from ZODB.FileStorage import FileStorage

from consult.appeals.evolve import evolve_31_appeals_ranking
from consult.appeals.models import FIXED, Appeals
from consult.appeals.services import AppealService
from consult.appeals.tally import Counts, Ranking, month_of, region_of, tally
from consult.clock import FixedClock
from consult.organisations.models import Organisations
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.resources.models import Root
from consult.settings import DEFAULTS
from consult.workdays import calendar_of

ASTANA, ASTANA_DISTRICT, ALMATY = "710000000", "711110000", "750000000"
ANSWER = "The pothole was repaired on the 10th; the contractor checked the surface."
POTHOLE = "A deep pothole on Kabanbay batyr avenue near the bus stop damages cars"


@pytest.fixture
def world():
    root = Root()
    root.add("organisations", Organisations())
    root.add("appeals", Appeals())
    organisations = OrganisationService(root["organisations"])
    city = organisations.create(
        "astana-akimat", {"en": "Akimat of Astana"}, "akimat", "city", ASTANA
    )
    city.grant_local_role("head", "organisation_administrator")
    clock = FixedClock(NOW)
    service = AppealService(
        root["appeals"],
        DEFAULTS,
        clock,
        load_territories(),
        root["organisations"],
        calendar=calendar_of(),
    )
    service.save_category("roads", {"en": "Roads"})
    service.set_rule("*", "*", "astana-akimat")
    return SimpleNamespace(root=root, appeals=root["appeals"], service=service, clock=clock)


def told(world, appeal):
    tally(world.appeals.ranking, world.appeals, appeal)
    return appeal


def filed(world, text=POTHOLE, kato=ASTANA, public=True, author="citizen"):
    appeal = world.service.file(
        SimpleNamespace(id=author), "complaint", "roads", kato, "", text, public
    )
    return told(world, appeal)


def counts(world, month=None, cell=("roads", ASTANA)):
    found = world.appeals.ranking.months[month or month_of(NOW)].cells[cell]
    return {field: getattr(found, field) for field in Counts().__dict__}


def test_the_region_is_the_top_of_the_territory_chain():
    assert region_of(ASTANA_DISTRICT) == ASTANA
    assert region_of(ALMATY) == ALMATY
    assert region_of("999") == "999"


def test_filing_answering_and_rating_are_counted_once_in_the_month_of_filing(world):
    appeal = filed(world)
    filed(world, text="Street lights are off on Turan avenue", public=False, kato=ASTANA_DISTRICT)
    world.service.register(appeal, "clerk")
    told(world, appeal)
    world.clock.advance(timedelta(days=40))  # past the term, into the next month
    world.service.answer(appeal, "clerk", "accepted", ANSWER, FIXED)
    told(world, appeal)
    told(world, appeal)  # told twice: counted once
    world.service.rate(appeal, "citizen", False)
    told(world, appeal)
    # Answered again on time after "not resolved", then rated resolved.
    world.service.answer(appeal, "head", "accepted", ANSWER + " Again.", FIXED)
    world.service.rate(appeal, "citizen", True)
    told(world, appeal)
    assert counts(world) == {
        "filed": 2,
        "public": 1,
        "answered": 1,
        "late": 1,
        "rated": 1,
        "not_resolved": 1,
    }
    assert month_of(world.clock.now()) not in world.appeals.ranking.months


def test_only_public_appeals_are_listed_for_an_entry(world):
    public = filed(world)
    filed(world, text="Street lights are off on Turan avenue", public=False)
    month = world.appeals.ranking.months[month_of(NOW)]
    assert list(month.listed[("roads", ASTANA)]) == [int(public.name)]


def test_running_appeals_past_their_due_date_are_counted_overdue(world):
    first, second = filed(world), filed(world, text="Street lights are off on Turan avenue")
    for appeal in (first, second):
        world.service.register(appeal, "clerk")
        told(world, appeal)
    month = world.appeals.ranking.months[month_of(NOW)]
    cell = ("roads", ASTANA)
    assert month.overdue_open(cell, first.due) == 0
    assert month.overdue_open(cell, first.due + timedelta(days=1)) == 2
    world.service.answer(first, "clerk", "accepted", ANSWER, FIXED)
    told(world, first)  # answered: out of the index
    assert month.overdue_open(cell, first.due + timedelta(days=1)) == 1
    world.service.extend(second, "clerk", second.due + timedelta(days=20), "A survey of the road.")
    told(world, second)  # its due date moves
    assert month.overdue_open(cell, second.due) == 0
    assert month.overdue_open(cell, second.due + timedelta(days=1)) == 1


def test_near_duplicate_texts_of_a_month_are_clustered_at_filing(world):
    first = filed(world)
    filed(world, text="Street lights are off on Turan avenue every night")
    second = filed(world, text="A deep pothole on Kabanbay batyr avenue near the stop damages cars")
    hidden = filed(
        world,
        text="Deep pothole on Kabanbay batyr avenue near the bus stop damages cars",
        public=False,
    )
    month = world.appeals.ranking.months[month_of(NOW)]
    assert list(month.clusters) == [int(first.name)]
    group = month.biggest(5)[0]
    assert (group.size(), group.public()) == (3, 2)
    assert list(group.members) == sorted(int(a.name) for a in (first, second, hidden))
    assert list(group.listed) == [int(first.name), int(second.name)]
    # Another month's like text founds nothing with this month's.
    world.clock.advance(timedelta(days=31))
    filed(world)
    assert not world.appeals.ranking.months[month_of(world.clock.now())].clusters


def test_the_biggest_clusters_come_first(world):
    filed(world, text="Street lights are off on Turan avenue every night")
    filed(world, text="Street lights are off on Turan avenue every single night")
    filed(world)
    filed(world, text="A deep pothole on Kabanbay batyr avenue near the stop damages cars")
    filed(world, text="Deep pothole on Kabanbay batyr avenue near the bus stop damages cars")
    month = world.appeals.ranking.months[month_of(NOW)]
    assert [group.size() for group in month.biggest(5)] == [3, 2]
    assert [group.size() for group in month.biggest(1)] == [3]


def test_two_transactions_counting_in_one_cell_both_count(tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    try:
        first_tm, second_tm = transaction.TransactionManager(), transaction.TransactionManager()
        first, second = (
            db.open(transaction_manager=first_tm),
            db.open(transaction_manager=second_tm),
        )
        first.root()["ranking"] = Ranking()
        month = first.root()["ranking"].month("2026-03", create=True)
        month.counts("roads", ASTANA, create=True)
        first_tm.commit()
        second_tm.begin()
        for connection in (first, second):
            cell = connection.root()["ranking"].months["2026-03"].cells[("roads", ASTANA)]
            cell.add("filed")
            cell.add("answered", 2 if connection is second else 1)
        first_tm.commit()
        second_tm.commit()  # resolved, not a ConflictError
        third = db.open()
        cell = third.root()["ranking"].months["2026-03"].cells[("roads", ASTANA)]
        assert (cell.filed, cell.answered) == (2, 3)
        for connection in (first, second, third):
            connection.close()
    finally:
        db.close()


def test_evolution_step_31_counts_the_appeals_filed_before_it(world):
    appeals = [
        world.service.file(SimpleNamespace(id="citizen"), "complaint", "roads", ASTANA, "", text, 1)
        for text in (POTHOLE, POTHOLE + " again", "Street lights are off on Turan avenue")
    ]
    world.service.register(appeals[0], "clerk")
    del world.appeals.ranking  # as in a database made before the ranking
    evolve_31_appeals_ranking(world.root)
    evolve_31_appeals_ranking(world.root)  # run again, nothing counted twice
    assert counts(world)["filed"] == 3
    month = world.appeals.ranking.months[month_of(NOW)]
    assert month.biggest(1)[0].size() == 2
    assert month.overdue_open(("roads", ASTANA), appeals[0].due + timedelta(days=1)) == 1
