"""Services built without a registry (console scripts, the demo) still reach
the subscribers that keep stored data in step: the change feed and a new
consultation's activity log."""

from datetime import UTC, datetime

from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.accounts.models import Principal
from consult.clock import FixedClock
from consult.consultations.services import ConsultationService
from consult.events import notify_outside_requests
from consult.resources import opened_root
from consult.signals.models import ActivityLog

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_service_without_a_registry_feeds_the_change_feed():
    db = DB(MappingStorage())
    creator = Principal("clerk@example.kz", "Clerk", "Ministry", "", NOW)
    with opened_root(db) as root:
        service = ConsultationService(root["consultations"], FixedClock(NOW))
        assert service.notify is notify_outside_requests
        consultation = service.create("juries", {"en": "Juries"}, {}, {}, [], creator)
        assert isinstance(consultation.activity, ActivityLog)
    with opened_root(db) as root:
        assert [entry for _key, entry in root.search_changes.since(0)] == [
            ("consultation", "juries", False)
        ]
    db.close()
