"""The responsible organisation's answer on a ranking entry in the
service: who may publish it, what it must be, and the service still
providing everything its interface declares."""

from types import SimpleNamespace

import pytest
from factories import NOW
from zope.interface.verify import verifyObject

from consult.appeals.interfaces import AppealError, IAppealService
from consult.appeals.models import Appeals
from consult.appeals.services import AppealService
from consult.appeals.tally import month_of, tally
from consult.clock import FixedClock
from consult.organisations.models import Organisations
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.resources.models import Root
from consult.settings import DEFAULTS
from consult.workdays import calendar_of

ASTANA, ALMATY = "710000000", "750000000"
TEXT = "The avenue is rebuilt this summer; its holes are patched every week."


@pytest.fixture
def service():
    root = Root()
    root.add("organisations", Organisations())
    root.add("appeals", Appeals())
    organisations = OrganisationService(root["organisations"])
    city = organisations.create(
        "astana-akimat", {"en": "Akimat of Astana"}, "akimat", "city", ASTANA
    )
    other = organisations.create(
        "almaty-akimat", {"en": "Akimat of Almaty"}, "akimat", "city", ALMATY
    )
    city.grant_local_role("clerk", "answerer")
    city.grant_local_role("head", "organisation_administrator")
    city.grant_local_role("editor", "editor")
    other.grant_local_role("other-clerk", "answerer")
    service = AppealService(
        root["appeals"],
        DEFAULTS,
        FixedClock(NOW),
        load_territories(),
        root["organisations"],
        calendar=calendar_of(),
    )
    service.save_category("roads", {"en": "Roads"})
    service.set_rule("roads", ASTANA, "astana-akimat")
    service.set_rule("roads", ALMATY, "almaty-akimat")
    appeal = service.file(SimpleNamespace(id="citizen"), "complaint", "roads", ASTANA, "", TEXT, 1)
    tally(root["appeals"].ranking, root["appeals"], appeal)
    return service


def test_the_service_provides_its_interface(service):
    assert verifyObject(IAppealService, service)


def test_the_responsible_organisation_s_answerers_and_administrators_answer(service):
    key = month_of(NOW)
    assert service.this_month() == key
    assert service.may_answer_entry("clerk", "roads", ASTANA)
    assert service.may_answer_entry("head", "roads", ASTANA)
    for userid in ("editor", "other-clerk", None):
        assert not service.may_answer_entry(userid, "roads", ASTANA)
    with pytest.raises(AppealError):
        service.answer_entry("other-clerk", key, "roads", ASTANA, TEXT)
    answer = service.answer_entry("clerk", key, "roads", ASTANA, "  " + TEXT)
    assert (answer.organisation, answer.text, answer.who) == ("astana-akimat", TEXT, "clerk")
    assert service.ranking_entries(key)[0].answer is answer
    service.answer_entry("head", key, "roads", ASTANA, TEXT + " Again.")
    assert service.ranking_entries(key)[0].answer.text == TEXT + " Again."


@pytest.mark.parametrize(
    "change",
    [{"text": "Too short"}, {"text": "x" * 4001}, {"key": "1999-01"}, {"region": ALMATY}],
)
def test_an_answer_needs_an_entry_and_a_text_of_fair_length(service, change):
    arguments = {"key": month_of(NOW), "region": ASTANA, "text": TEXT, **change}
    with pytest.raises(AppealError):
        service.answer_entry(
            "head", arguments["key"], "roads", arguments["region"], arguments["text"]
        )
