"""What one report weighs: its account's age and verification level, from
the ini's settings (consult.report_weight.*)."""

from datetime import UTC, datetime, timedelta

import factories
import pytest

from consult.feedback.report_weight import ReportWeights
from consult.verification.models import VerificationRecord, add_record

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def account(age, confirmed=True, level=None):
    principal = factories.principal(
        "p@example.kz",
        "Pavel",
        "Petrov",
        created=NOW - age,
        confirmed_at=NOW - age if confirmed else None,
    )
    if level is not None:
        add_record(principal, VerificationRecord("census", level, NOW))
    return principal


def test_the_defaults():
    weights = ReportWeights.from_settings({})
    assert weights == ReportWeights(timedelta(hours=24), 0.0, 1.0, 2.0)
    month = timedelta(days=30)
    assert weights.weight_of(account(month), NOW) == 1.0
    assert weights.weight_of(account(month, level=2), NOW) == 2.0
    assert weights.weight_of(account(month, level=3), NOW) == 2.0  # a signature: an identity
    assert weights.weight_of(account(month, confirmed=False), NOW) == 0.0
    # Younger than a day: nothing, verified or not.
    assert weights.weight_of(account(timedelta(minutes=5)), NOW) == 0.0
    assert weights.weight_of(account(timedelta(hours=23), level=2), NOW) == 0.0
    assert weights.weight_of(account(timedelta(hours=24)), NOW) == 1.0
    assert weights.weight_of(None, NOW) == 0.0


def test_settings_change_the_weights():
    weights = ReportWeights.from_settings(
        {
            "consult.report_weight.new_account_hours": "2",
            "consult.report_weight.new_account": "0.5",
            "consult.report_weight.email": "0.75",
            "consult.report_weight.identity": "4",
        }
    )
    assert weights.weight_of(account(timedelta(hours=1)), NOW) == 0.5
    # A new account weighs at most the new accounts' weight, never more than its level's.
    assert weights.weight_of(account(timedelta(hours=1), confirmed=False), NOW) == 0.0
    assert weights.weight_of(account(timedelta(hours=3)), NOW) == 0.75
    assert weights.weight_of(account(timedelta(hours=3), level=2), NOW) == 4.0


@pytest.mark.parametrize(
    "name, value",
    [("new_account_hours", "a day"), ("email", "-1"), ("identity", "two"), ("new_account", "-0.5")],
)
def test_a_bad_setting_is_refused_with_its_name(name, value):
    with pytest.raises(ValueError, match=f"consult.report_weight.{name}"):
        ReportWeights.from_settings({f"consult.report_weight.{name}": value})


def test_a_bad_setting_stops_the_application():
    from consult.config import configure

    with pytest.raises(ValueError, match="consult.report_weight.email"):
        configure(
            {
                "zodbconn.uri": "memory://",
                "consult.session_secret": "s",
                "consult.search.backend": "memory",
                "consult.search.feed_thread": "false",
                "consult.campaigns.worker": "false",
                "consult.public_url": "http://localhost",
                "consult.report_weight.email": "one",
            }
        )
