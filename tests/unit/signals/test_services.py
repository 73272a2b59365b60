"""The signal service on a fake clock: what an event records, that the address
is stored only as a keyed hash, flags and reviews."""

import random
from datetime import timedelta
from types import SimpleNamespace

import factories
import pytest
import transaction
import ZODB
from factories import NOW

from consult.signals.models import ActivityLog
from consult.signals.services import SignalError, SignalService, address_hash

ADDRESS = "198.51.100.23"


class Consultation:
    """Enough of a consultation for the service: a name and attributes."""

    campaigns = None

    def __init__(self, name="juries"):
        self.__name__ = name


def person(clock, age, name="p"):
    return factories.principal(
        f"{name}@example.kz", name.capitalize(), "Tester", created=clock.now() - age
    )


def comment(number, parent_id=None):
    return SimpleNamespace(id=number, target="article:1", parent_id=parent_id)


@pytest.fixture
def service(clock):
    return SignalService(
        clock, {"consult.signals.new_accounts": "3"}, "site-secret", rng=random.Random(5)
    )


def test_an_event_records_who_how_old_and_a_hash_of_where(service, clock):
    consultation = Consultation()
    someone = person(clock, timedelta(hours=2))
    event = service.record(consultation, "support", comment(7), someone, ADDRESS)
    assert event.kind == "support" and event.comment == 7 and event.target == "article:1"
    assert event.account == someone.id and event.age == 2 * 3600
    assert event.when == NOW.timestamp()
    assert event.address == address_hash("site-secret", consultation, ADDRESS)
    assert ADDRESS not in event.address
    assert list(consultation.activity.events()) == [event]


def test_the_hash_is_keyed_and_scoped_to_the_consultation():
    one, other = Consultation("one"), Consultation("other")
    assert address_hash("s", one, ADDRESS) == address_hash("s", one, ADDRESS)
    assert address_hash("s", one, ADDRESS) != address_hash("s", other, ADDRESS)
    assert address_hash("s", one, ADDRESS) != address_hash("t", one, ADDRESS)
    assert address_hash("s", one, ADDRESS) != address_hash("s", one, "198.51.100.24")
    assert address_hash("s", one, None) is None


def test_the_address_never_reaches_the_database(service, clock):
    db = ZODB.DB(None)
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    consultation = Consultation()
    consultation.activity = ActivityLog()
    connection.root()["consultation"] = consultation.activity
    for number in range(5):
        service.record(
            consultation,
            "comment",
            comment(number),
            person(clock, timedelta(0), f"p{number}"),
            ADDRESS,
        )
    manager.commit()
    records = [record for txn in db.storage.iterator() for record in txn]
    assert any(b"comment" in record.data for record in records)
    assert not any(ADDRESS.encode() in record.data for record in records)
    connection.close()
    db.close()


def test_flags_and_a_review_with_its_note(service, clock):
    consultation = Consultation()
    moderator = person(clock, timedelta(days=400), "moderator")
    for number in range(3):
        service.record(
            consultation,
            "comment",
            comment(number),
            person(clock, timedelta(minutes=5), f"n{number}"),
            f"10.0.0.{number}",
        )
        clock.advance(timedelta(minutes=1))
    [flag] = service.flags(consultation)
    assert flag.kind == "new_accounts" and flag.count == 3
    with pytest.raises(SignalError):
        service.review(consultation, flag.id, moderator, " ")
    assert service.flags(consultation) == [flag]  # a refused review changes nothing
    review = service.review(consultation, flag.id, moderator, "  Pupils of one class.  ")
    assert review.note == "Pupils of one class." and review.moderator == moderator.id
    assert review.when == clock.now() and review.count == 3
    assert service.flags(consultation) == []
    assert service.reviews(consultation) == [review]
    with pytest.raises(SignalError):
        service.review(consultation, flag.id, moderator, "Again.")


def test_no_log_no_flags(service):
    assert service.flags(Consultation()) == []
    assert service.reviews(Consultation()) == []
