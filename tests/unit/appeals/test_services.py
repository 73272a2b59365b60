"""Appeals' life in the service, on real persistent objects: routing rules,
filing and the duplicate suggestion, the legal term across Kazakhstan's
holidays and weekends (consult.workdays), the 3-day forwarding rule, the
extension rule, the answer, the rating and reopening, every state."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from factories import NOW

from consult.appeals.interfaces import AppealError
from consult.appeals.models import (
    ANSWERED,
    CLOSED,
    DUPLICATE,
    EXTENDED,
    FIXED,
    FORWARDED,
    IN_PROGRESS,
    PLANNED,
    RECEIVED,
    REGISTERED,
    UNABLE,
    Appeals,
)
from consult.appeals.services import AppealService, add_months
from consult.clock import FixedClock
from consult.organisations.models import Organisations
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.resources.models import Root
from consult.settings import DEFAULTS
from consult.workdays import calendar_of

ASTANA, ALMATY = "710000000", "750000000"
ASTANA_DISTRICT = "711110000"  # Almaty district, of Astana
DAY = timedelta(days=1)
REASON = "The road belongs to the city's akimat, not to the district."
ANSWER = "The pothole was repaired on the 10th; the contractor checked the surface."


@pytest.fixture
def world():
    root = Root()
    root.add("organisations", Organisations())
    root.add("appeals", Appeals())
    organisations = OrganisationService(root["organisations"])
    city = organisations.create(
        "astana-akimat", {"en": "Akimat of Astana"}, "akimat", "city", ASTANA
    )
    almaty = organisations.create(
        "almaty-akimat", {"en": "Akimat of Almaty"}, "akimat", "city", ALMATY
    )
    ministry = organisations.create(
        "transport", {"en": "Ministry of Transport"}, "ministry", "republic"
    )
    for organisation, userid in ((city, "clerk"), (almaty, "other-clerk")):
        organisation.grant_local_role(userid, "answerer")
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
    service.save_category("roads", {"en": "Roads", "ru": "Дороги", "kk": "Жолдар"})
    service.save_category("potholes", {"en": "Potholes"}, "roads")
    service.save_category("transport", {"en": "Public transport"})
    service.set_rule("roads", ASTANA, "astana-akimat")
    service.set_rule("roads", ALMATY, "almaty-akimat")
    service.set_rule("*", "*", "transport")
    return SimpleNamespace(root=root, service=service, clock=clock, ministry=ministry)


def person(userid="citizen"):
    return SimpleNamespace(id=userid)


def filed(world, text="A deep pothole on Kabanbay batyr avenue near the bus stop", **kw):
    arguments = {
        "kind": "complaint",
        "category": "potholes",
        "kato": ASTANA,
        "address": "Kabanbay batyr 10",
        "text": text,
        "public": True,
    }
    arguments.update(kw)
    author = arguments.pop("author", person())
    return world.service.file(author, **arguments)


def registered(world, **kw):
    appeal = filed(world, **kw)
    world.service.register(appeal, "clerk")
    return appeal


# -- routing -----------------------------------------------------------------


def test_the_most_specific_rule_routes_the_category_then_the_territory(world):
    service = world.service
    # A district of Astana, a sub-category of roads: the city's rule for roads.
    assert service.route("potholes", ASTANA_DISTRICT) == ("astana-akimat", ("roads", ASTANA))
    assert service.route("roads", ALMATY) == ("almaty-akimat", ("roads", ALMATY))
    # Roads elsewhere, and any other category: the catch-all rule.
    assert service.route("roads", "100000000") == ("transport", ("*", "*"))
    assert service.route("transport", ASTANA) == ("transport", ("*", "*"))
    # A rule of the district itself wins over the city's.
    service.set_rule("potholes", ASTANA_DISTRICT, "almaty-akimat")
    assert service.route("potholes", ASTANA_DISTRICT)[0] == "almaty-akimat"
    assert service.remove_rule("potholes", ASTANA_DISTRICT)
    assert not service.remove_rule("potholes", ASTANA_DISTRICT)


def test_rules_name_known_categories_territories_and_organisations(world):
    with pytest.raises(AppealError):
        world.service.set_rule("nothing", ASTANA, "astana-akimat")
    with pytest.raises(AppealError):
        world.service.set_rule("roads", "999", "astana-akimat")
    with pytest.raises(AppealError):
        world.service.set_rule("roads", ASTANA, "nobody")


def test_no_rule_and_no_fallback_refuses_the_appeal(world):
    world.service.remove_rule("*", "*")
    assert world.service.route("transport", ASTANA) == (None, None)
    with pytest.raises(AppealError, match="No organisation"):
        filed(world, category="transport")
    world.service.settings = dict(
        DEFAULTS, **{"consult.appeals.fallback_organisation": "transport"}
    )
    assert filed(world, category="transport").organisation == "transport"


def test_the_category_tree_keeps_its_names_and_refuses_loops(world):
    categories = world.root["appeals"].categories
    assert [(depth, c.code) for depth, c in categories.ordered()] == [
        (0, "roads"),
        (1, "potholes"),
        (0, "transport"),
    ]
    assert categories.get("roads").title["kk"] == "Жолдар"
    with pytest.raises(AppealError, match="under itself"):
        world.service.save_category("roads", {"en": "Roads"}, "potholes")
    with pytest.raises(AppealError):
        world.service.save_category("Bad Code", {"en": "x"})
    with pytest.raises(AppealError):
        world.service.save_category("empty", {"en": " "})
    world.service.save_category("roads", {"en": "Roads and streets"})
    assert categories.get("roads").title == {"en": "Roads and streets"}


# -- filing and the duplicate suggestion ---------------------------------


def test_filing_routes_the_appeal_and_indexes_it(world):
    appeal = filed(world, coordinates=(51.13, 71.43), location="approximate")
    assert (appeal.name, appeal.state, appeal.organisation) == ("1", RECEIVED, "astana-akimat")
    assert (appeal.coordinates, appeal.location) == ((51.13, 71.43), "approximate")
    assert list(world.root["appeals"].held_by("astana-akimat")) == ["1"]
    assert [change.state for change in appeal.history] == [RECEIVED]
    assert filed(world).location == "hidden"  # unless the person chooses


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kind": "wish"}, "kind"),
        ({"category": "nothing"}, "category"),
        ({"kato": "1"}, "territory"),
        ({"text": "  "}, "Write"),
        ({"coordinates": (10.0, 10.0)}, "outside"),
        ({"location": "everywhere"}, "location"),
    ],
)
def test_filing_refuses_what_is_missing_or_wrong(world, change, message):
    with pytest.raises(AppealError, match=message):
        filed(world, **change)


def test_similar_open_public_appeals_of_the_same_place_and_category(world):
    first = filed(world)
    filed(world, text="A deep pothole on Kabanbay batyr avenue", kato=ALMATY)  # elsewhere
    filed(world, text="A deep pothole on Kabanbay batyr avenue again", public=False)
    text = "There is a deep pothole on Kabanbay batyr avenue at the bus stop"
    found = world.service.similar(text, "potholes", ASTANA)
    assert [appeal for appeal, _score in found] == [first]
    assert world.service.similar("Street lights are off in my yard", "potholes", ASTANA) == []
    # A closed one is no longer suggested.
    world.service.register(first, "clerk")
    world.service.answer(first, "clerk", "accepted", ANSWER, FIXED)
    world.service.rate(first, "citizen", True)
    assert world.service.similar(text, "potholes", ASTANA) == []


def test_this_is_my_problem_too_adds_the_person_once(world):
    appeal = filed(world)
    world.service.support(appeal, "neighbour")
    assert appeal.supporter_count() == 1 and "neighbour" in appeal.supporters
    with pytest.raises(AppealError):
        world.service.support(appeal, "neighbour")
    with pytest.raises(AppealError):
        world.service.support(appeal, "citizen")
    private = filed(world, public=False)
    with pytest.raises(AppealError):
        world.service.support(private, "neighbour")


# -- the legal term ----------------------------------------------------------


def test_the_term_is_15_working_days_from_registration_across_holidays_and_weekends(world):
    # Registered on Monday 2 March 2026: 8 March (a Sunday) moves the day
    # off to Monday 9 March; Nauryz 21–23 March (Saturday to Monday) moves
    # to 24 and 25 March; three weekends. 15 weekdays would end on 23 March.
    appeal = registered(world)
    assert (appeal.state, appeal.registered) == (REGISTERED, NOW)
    assert appeal.due == date(2026, 3, 27)
    today = NOW.date()
    assert world.service.days_left(appeal, today) == 15
    assert not appeal.overdue(date(2026, 3, 27))
    assert appeal.overdue(date(2026, 3, 28))
    assert world.service.days_left(appeal, date(2026, 3, 30)) == -1


def test_registering_twice_is_refused(world):
    appeal = registered(world)
    with pytest.raises(AppealError):
        world.service.register(appeal, "clerk")


@pytest.mark.parametrize("state", [IN_PROGRESS, PLANNED])
def test_a_running_appeal_moves_to_in_progress_or_planned_with_a_note(world, state):
    appeal = registered(world)
    world.service.progress(appeal, "clerk", state, "The crew comes on Friday")
    assert appeal.state == state and appeal.history[-1].note == "The crew comes on Friday"
    with pytest.raises(AppealError):
        world.service.progress(appeal, "clerk", ANSWERED, "")


def test_an_appeal_waiting_for_registration_cannot_progress(world):
    with pytest.raises(AppealError):
        world.service.progress(filed(world), "clerk", IN_PROGRESS, "")


# -- forwarding --------------------------------------------------------------


@pytest.mark.parametrize(
    "arrived, forwarded, late",
    [
        # Monday, then the third working day (Thursday) and the fourth.
        (date(2026, 3, 2), date(2026, 3, 5), False),
        (date(2026, 3, 2), date(2026, 3, 6), True),
        # Friday 6 March: the weekend and the 9 March day off do not count.
        (date(2026, 3, 6), date(2026, 3, 12), False),
        (date(2026, 3, 6), date(2026, 3, 13), True),
    ],
)
def test_a_forward_after_3_working_days_is_late(world, arrived, forwarded, late):
    world.clock.when = NOW.replace(day=arrived.day)
    appeal = filed(world)
    world.clock.when = NOW.replace(day=forwarded.day)
    forward = world.service.forward(appeal, "clerk", "almaty-akimat", REASON)
    assert (forward.source, forward.target, forward.late) == (
        "astana-akimat",
        "almaty-akimat",
        late,
    )
    assert (appeal.state, appeal.organisation) == (FORWARDED, "almaty-akimat")
    assert list(world.root["appeals"].held_by("astana-akimat")) == []
    assert list(world.root["appeals"].held_by("almaty-akimat")) == [appeal.name]


def test_a_forwarded_appeal_is_registered_by_its_new_organisation_and_its_term_restarts(world):
    appeal = registered(world)
    world.clock.advance(DAY)
    world.service.forward(appeal, "clerk", "almaty-akimat", REASON)
    assert (appeal.registered, appeal.due, appeal.arrived) == (None, None, NOW + DAY)
    world.service.register(appeal, "other-clerk")
    assert appeal.due == date(2026, 3, 30)


def test_a_forward_needs_a_reason_and_another_known_organisation(world):
    appeal = filed(world)
    with pytest.raises(AppealError, match="why"):
        world.service.forward(appeal, "clerk", "almaty-akimat", "no")
    with pytest.raises(AppealError):
        world.service.forward(appeal, "clerk", "astana-akimat", REASON)
    with pytest.raises(AppealError):
        world.service.forward(appeal, "clerk", "nobody", REASON)


# -- extension ---------------------------------------------------------------


def test_an_extension_of_at_most_2_months_within_the_term_with_reasons(world):
    appeal = registered(world)
    service = world.service
    with pytest.raises(AppealError, match="no later than 2026-05-27"):
        service.extend(appeal, "clerk", date(2026, 5, 28), REASON)
    with pytest.raises(AppealError, match="after the term"):
        service.extend(appeal, "clerk", date(2026, 3, 27), REASON)
    with pytest.raises(AppealError, match="reasons"):
        service.extend(appeal, "clerk", date(2026, 5, 27), "busy")
    world.clock.when = NOW.replace(day=27)  # the term's last day
    service.extend(appeal, "clerk", date(2026, 5, 27), REASON)
    assert (appeal.state, appeal.due) == (EXTENDED, date(2026, 5, 27))
    assert appeal.extension["previous"] == date(2026, 3, 27)
    with pytest.raises(AppealError, match="extended already"):
        service.extend(appeal, "clerk", date(2026, 5, 20), REASON)


def test_no_extension_once_the_term_is_over(world):
    appeal = registered(world)
    world.clock.when = NOW.replace(day=30)
    with pytest.raises(AppealError, match="over"):
        world.service.extend(appeal, "clerk", date(2026, 4, 30), REASON)


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 27), 2) == date(2026, 5, 27)


# -- answer, rating, reopening ------------------------------------------


@pytest.mark.parametrize("outcome", [ANSWERED, FIXED, UNABLE])
def test_the_answer_has_a_disposition_a_reason_and_an_outcome(world, outcome):
    appeal = registered(world)
    world.service.answer(appeal, "clerk", "accepted", ANSWER, outcome)
    assert appeal.state == outcome
    assert appeal.answer["disposition"] == "accepted" and appeal.answer["on_time"]
    assert (appeal.fixed_at is not None) == (outcome == FIXED)


@pytest.mark.parametrize(
    "disposition, reason, outcome, message",
    [
        ("maybe", ANSWER, ANSWERED, "decision"),
        ("accepted", "Done.", ANSWERED, "at least 30"),
        ("accepted", ANSWER, CLOSED, "outcome"),
    ],
)
def test_the_answer_follows_the_disposition_and_reason_rules(
    world, disposition, reason, outcome, message
):
    with pytest.raises(AppealError, match=message):
        world.service.answer(registered(world), "clerk", disposition, reason, outcome)


def test_an_answer_after_the_term_is_recorded_late(world):
    appeal = registered(world)
    world.clock.when = NOW.replace(day=30)
    world.service.answer(appeal, "clerk", "noted", ANSWER, ANSWERED)
    assert appeal.answer["on_time"] is False


def test_resolved_closes_the_appeal(world):
    appeal = registered(world)
    world.service.answer(appeal, "clerk", "accepted", ANSWER, FIXED)
    with pytest.raises(AppealError, match="author"):
        world.service.rate(appeal, "neighbour", True)
    world.service.rate(appeal, "citizen", True, "Thank you")
    assert appeal.state == CLOSED and appeal.rating["resolved"]
    with pytest.raises(AppealError):
        world.service.rate(appeal, "citizen", False)


def test_not_resolved_reopens_for_the_head_s_second_review(world):
    appeal = registered(world)
    world.service.answer(appeal, "clerk", "accepted", ANSWER, FIXED)
    world.clock.advance(DAY)
    world.service.rate(appeal, "citizen", False, "The pothole is still there")
    assert (appeal.state, appeal.second_review) == (IN_PROGRESS, True)
    assert appeal.due == date(2026, 3, 30)  # a new term from today
    with pytest.raises(AppealError, match="head"):
        world.service.answer(appeal, "clerk", "accepted", ANSWER, FIXED)
    world.service.answer(appeal, "head", "partly", ANSWER, UNABLE)
    assert appeal.state == UNABLE and appeal.rating is None


def test_anyone_reopens_a_public_appeal_marked_fixed_within_30_days(world):
    appeal = registered(world)
    world.service.answer(appeal, "clerk", "accepted", ANSWER, FIXED)
    with pytest.raises(AppealError, match="not fixed"):
        world.service.reopen(appeal, "neighbour", "no")
    world.clock.advance(30 * DAY)
    world.service.reopen(appeal, "neighbour", "The pothole opened again after the rain")
    assert appeal.state == IN_PROGRESS and appeal.history[-1].who == "neighbour"


def test_reopening_after_30_days_or_a_private_or_unfixed_appeal_is_refused(world):
    appeal = registered(world)
    world.service.answer(appeal, "clerk", "accepted", ANSWER, FIXED)
    world.clock.advance(31 * DAY)
    with pytest.raises(AppealError, match="too late"):
        world.service.reopen(appeal, "neighbour", "The pothole opened again")
    private = registered(world, public=False)
    world.service.answer(private, "clerk", "accepted", ANSWER, FIXED)
    with pytest.raises(AppealError):
        world.service.reopen(private, "neighbour", "The pothole opened again")
    answered = registered(world)
    world.service.answer(answered, "clerk", "accepted", ANSWER, ANSWERED)
    with pytest.raises(AppealError):
        world.service.reopen(answered, "neighbour", "The pothole opened again")


def test_a_duplicate_is_closed_with_its_original(world):
    original, copy = filed(world), filed(world)
    world.service.mark_duplicate(copy, "clerk", original, "Reported already")
    assert (copy.state, copy.duplicate_of) == (DUPLICATE, original.name)
    assert not copy.is_open()
    with pytest.raises(AppealError):
        world.service.mark_duplicate(copy, "clerk", original, "")
    with pytest.raises(AppealError):
        world.service.mark_duplicate(original, "clerk", None, "")


# -- staff work ----------------------------------------------------------------


def test_assignment_to_an_official_of_the_organisation_only(world):
    appeal = filed(world)
    world.service.assign(appeal, "head", "clerk")
    assert appeal.assignee == "clerk"
    with pytest.raises(AppealError):
        world.service.assign(appeal, "head", "other-clerk")
    world.service.assign(appeal, "head", None)
    assert appeal.assignee is None


def test_internal_notes_are_kept_apart_from_the_public_history(world):
    appeal = filed(world)
    world.service.add_note(appeal, "clerk", "Call the contractor")
    assert appeal.notes[0][1:] == ("clerk", "Call the contractor")
    assert all("contractor" not in change.note for change in appeal.public_history())
    with pytest.raises(AppealError):
        world.service.add_note(appeal, "clerk", " ")


def test_the_queue_filters_and_pages_the_organisation_s_appeals(world):
    service = world.service
    first = registered(world)
    world.clock.advance(DAY)
    second = registered(world, category="roads")
    third = filed(world)
    filed(world, kato=ALMATY)  # another organisation's
    today = NOW.date()
    total, page = service.queue("astana-akimat", today)
    assert total == 3 and page == [first, second, third]  # the nearest term first
    assert service.queue("astana-akimat", today, state=RECEIVED) == (1, [third])
    assert service.queue("astana-akimat", today, category="potholes")[0] == 2
    assert service.queue("astana-akimat", today, category="roads")[0] == 3
    assert service.queue("astana-akimat", today, kato=ALMATY)[0] == 0
    assert service.queue("astana-akimat", today, start=1, size=1) == (3, [second])
    late = date(2026, 3, 28)
    assert service.queue("astana-akimat", late, overdue=True) == (1, [first])
    assert service.queue("astana-akimat", date(2026, 3, 26), days_left=1) == (1, [first])


def test_the_dashboard_counts_times_on_time_rate_and_satisfaction(world):
    service = world.service
    first, second, third = registered(world), registered(world), registered(world)
    service.assign(first, "head", "clerk")
    world.clock.advance(2 * DAY)
    service.answer(first, "clerk", "accepted", ANSWER, FIXED)
    service.rate(first, "citizen", True)
    world.clock.when = NOW.replace(day=30)
    service.answer(second, "clerk", "noted", ANSWER, ANSWERED)
    service.rate(second, "citizen", False)
    board = service.dashboard("astana-akimat", date(2026, 3, 30))
    assert board["counts"][CLOSED] == 1 and board["counts"][IN_PROGRESS] == 1
    assert board["counts"][REGISTERED] == 1 and board["overdue"] == 1
    roads = board["category"]["potholes"]
    assert (roads["total"], roads["answered"], roads["median_days"]) == (3, 1, 2)
    assert (roads["on_time_rate"], roads["satisfaction"]) == (100, 100)
    assert board["official"]["clerk"]["answered"] == 1
    assert third.state == REGISTERED


def test_a_template_starts_an_answer_that_must_add_its_own_reason(world):
    service = world.service
    number = service.save_template("astana-akimat", "Repaired", ANSWER)
    assert [(n, t.title) for n, t in service.templates_of("astana-akimat")] == [(1, "Repaired")]
    assert service.templates_of("almaty-akimat") == []
    appeal = registered(world)
    with pytest.raises(AppealError, match="template"):
        service.answer(appeal, "clerk", "accepted", ANSWER, FIXED)
    service.answer(appeal, "clerk", "accepted", ANSWER + " Kabanbay batyr 10 is done.", FIXED)
    service.remove_template("astana-akimat", number)
    assert service.templates_of("astana-akimat") == []
    with pytest.raises(AppealError):
        service.save_template("astana-akimat", "", "text")


def test_redacting_keeps_the_original_for_the_record(world):
    appeal = filed(world, text="Call me at +7 701 000 00 00: the pothole is at my door")
    world.service.redact(appeal, "clerk", "The pothole is at the author's door")
    world.service.redact(appeal, "clerk", "The pothole is at a door")
    assert appeal.text == "The pothole is at a door"
    assert appeal.original_text.startswith("Call me at +7")
    with pytest.raises(AppealError):
        world.service.redact(appeal, "clerk", " ")
