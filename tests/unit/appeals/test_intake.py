"""Appeals received off the site (appeals.intake), on real persistent
objects: the public form of the person's name, the term counted from the
day received, a registration number filed once, a date in the future and
an online channel refused."""

from datetime import datetime, timedelta

import pytest
from factories import NOW

from consult.appeals.intake import public_person_name
from consult.appeals.interfaces import AppealError
from consult.appeals.models import RECEIVED, REGISTERED, Appeals
from consult.appeals.services import AppealService
from consult.clock import FixedClock
from consult.layout import LOCAL_ZONE
from consult.organisations.models import Organisations
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.resources.models import Root
from consult.settings import DEFAULTS

ASTANA, ALMATY = "710000000", "750000000"
RECEIVED_ON = datetime(2026, 2, 10, tzinfo=LOCAL_ZONE)


@pytest.fixture
def service():
    root = Root()
    root.add("organisations", Organisations())
    root.add("appeals", Appeals())
    organisations = OrganisationService(root["organisations"])
    organisations.create("astana-akimat", {"en": "Astana"}, "akimat", "city", ASTANA)
    organisations.create("almaty-akimat", {"en": "Almaty"}, "akimat", "city", ALMATY)
    service = AppealService(
        root["appeals"], DEFAULTS, FixedClock(NOW), load_territories(), root["organisations"]
    )
    service.save_category("roads", {"en": "Roads"})
    service.set_rule("roads", ASTANA, "astana-akimat")
    service.set_rule("roads", ALMATY, "almaty-akimat")
    return service


def receive(service, number="17/2", kato=ASTANA, when=RECEIVED_ON, channel="paper"):
    return service.file_received(
        "astana-akimat", number, when, channel, "complaint", "roads", kato, "", "Text",
        True, "Aigerim  Serikova", "+7 701 000 00 01", by="clerk",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "shown"),
    [("Aigerim Serikova", "Aigerim S."), ("Серикова Айгерим Маратовна", "Серикова А."),
     ("Aigerim", "Aigerim"), ("  ", "")],
)  # fmt: skip
def test_the_public_reads_the_first_word_and_an_initial(name, shown):
    assert public_person_name(name) == shown


def test_the_term_runs_from_the_day_received(service):
    appeal = receive(service)
    assert appeal.state == REGISTERED and appeal.registered == RECEIVED_ON
    term = service.calendar.add_working_days(RECEIVED_ON.date(), 15)
    assert appeal.due == term and appeal.due < NOW.date() + timedelta(days=15)
    assert appeal.person == {"name": "Aigerim Serikova", "contact": "+7 701 000 00 01"}
    assert service.find_received("astana-akimat", "17/2") is appeal
    assert [c.when for c in appeal.history] == [RECEIVED_ON, RECEIVED_ON]


def test_one_routed_elsewhere_waits_for_its_organisation(service):
    appeal = receive(service, kato=ALMATY)
    assert (appeal.organisation, appeal.state, appeal.due) == ("almaty-akimat", RECEIVED, None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": " "}, "registration number"),
        ({"channel": "online"}, "how the appeal was received"),
        ({"when": NOW + timedelta(hours=1)}, "in the future"),
    ],
)
def test_what_is_refused(service, change, message):
    with pytest.raises(AppealError, match=message):
        receive(service, **change)


def test_a_registration_number_is_filed_once(service):
    receive(service)
    with pytest.raises(AppealError, match="filed already"):
        receive(service)
    assert service.appeals.count() == 1
