"""Burst detection over events, on a fake clock: thresholds, windows,
groups, reviews, and what counts."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.signals.detection import (
    CAMPAIGN_GROWTH,
    NEW_ACCOUNTS,
    ONE_ADDRESS,
    REPORTS_ON_ONE_COMMENT,
    SIGNATURE_SPIKE,
    SUPPORTS_ON_ONE_COMMENT,
    Thresholds,
    address_label,
    bursts,
    detect,
)
from consult.signals.models import Event

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = 3600
DAY = 24 * HOUR


class Clock:
    def __init__(self, when=START):
        self.when = when

    def now(self):
        return self.when

    def advance(self, **delta):
        self.when += timedelta(**delta)


def event(clock, kind="comment", comment=1, account="a", age=0, address="h1", target="t"):
    return Event(kind, clock.now().timestamp(), comment, target, account, age, address, None)


def spaced(clock, count, every_seconds, **kw):
    """`count` events `every_seconds` apart; each from its own account and
    comment unless told."""
    events = []
    for number in range(count):
        values = dict(comment=1000 + number, account=f"acc{number}", address=f"h{number}")
        values.update(kw)
        events.append(event(clock, **values))
        clock.advance(seconds=every_seconds)
    return events


def kinds(flags):
    return sorted(flag.kind for flag in flags)


def test_new_accounts_at_the_threshold_within_the_window_raise_a_flag():
    clock = Clock()
    events = spaced(clock, 20, 25)  # 20 comments in 8 minutes from brand-new accounts
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.kind == NEW_ACCOUNTS
    assert flag.count == 20 and flag.peak == 20 and flag.threshold == 20
    assert flag.start == START and flag.end == START + timedelta(seconds=19 * 25)
    assert flag.comment_ids == list(range(1000, 1020))
    assert flag.new_share == 1.0 and flag.new_accounts == 20
    assert flag.ages == [0] * 20


def test_one_below_the_threshold_raises_nothing():
    clock = Clock()
    assert detect(spaced(clock, 19, 25), clock.now(), Thresholds()) == []


def test_the_same_number_spread_wider_than_the_window_raises_nothing():
    clock = Clock()
    # 20 events, 40 s apart: any 10-minute window holds at most 15.
    assert detect(spaced(clock, 20, 40), clock.now(), Thresholds()) == []
    clock = Clock()
    [flag] = detect(spaced(clock, 20, 31), clock.now(), Thresholds())
    assert flag.peak == 20  # 19 * 31 s = 9 min 49 s: inside one window


def test_old_accounts_do_not_count_as_new():
    clock = Clock()
    events = spaced(clock, 25, 10, age=30 * DAY)
    assert detect(events, clock.now(), Thresholds()) == []
    clock = Clock()
    events = spaced(clock, 25, 10, age=23 * HOUR)  # younger than 24 hours: new
    assert kinds(detect(events, clock.now(), Thresholds())) == [NEW_ACCOUNTS]


def test_the_share_of_new_accounts_counts_everyone_active_in_the_burst():
    clock = Clock()
    events = []
    for number in range(20):
        events.append(event(clock, comment=number, account=f"new{number}", address=f"n{number}"))
        events.append(
            event(
                clock,
                comment=100 + number,
                account=f"old{number}",
                age=DAY * 90,
                address=f"o{number}",
            )
        )
        clock.advance(seconds=10)
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.kind == NEW_ACCOUNTS and flag.count == 20
    assert flag.new_share == pytest.approx(0.5)


def test_one_address_groups_by_the_hash_whoever_the_accounts_are():
    clock = Clock()
    events = spaced(clock, 15, 20, address="f00dcafe" * 8, age=200 * DAY)
    events += spaced(clock, 14, 1, address="beef" * 16, age=200 * DAY)
    events.sort(key=lambda e: e.when)
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.kind == ONE_ADDRESS and flag.count == 15
    assert flag.label == "F00D" == address_label(flag.key)
    assert len(flag.accounts) == 15 and flag.new_accounts == 0


def test_supports_on_one_comment_flag_only_when_mostly_from_new_accounts():
    clock = Clock()
    new = spaced(clock, 30, 5, kind="support", comment=7)
    [flag] = [
        f for f in detect(new, clock.now(), Thresholds()) if f.kind == SUPPORTS_ON_ONE_COMMENT
    ]
    assert flag.label == "7" and flag.comment_ids == [7] and flag.count == 30
    clock = Clock()
    old = spaced(clock, 30, 5, kind="support", comment=7, age=400 * DAY)
    assert detect(old, clock.now(), Thresholds()) == []


def test_campaign_growth_counts_new_members_of_one_cluster():
    clock = Clock()
    events = spaced(clock, 25, 10, age=100 * DAY)
    cluster_of = {1000 + n: 42 for n in range(25)}.get
    [flag] = detect(events, clock.now(), Thresholds(), cluster_of=cluster_of)
    assert flag.kind == CAMPAIGN_GROWTH and flag.label == "42" and flag.count == 25
    # Supports are not members of a campaign.
    clock = Clock()
    supports = spaced(clock, 25, 10, kind="support", age=100 * DAY)
    assert detect(supports, clock.now(), Thresholds(), cluster_of=cluster_of) == []


def test_reports_of_one_comment_from_new_accounts_at_the_threshold_raise_a_flag():
    clock = Clock()
    events = spaced(clock, 10, 30, kind="report", comment=7)  # 10 reports in 4.5 minutes
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.kind == REPORTS_ON_ONE_COMMENT and flag.threshold == 10
    assert flag.label == "7" and flag.comment_ids == [7]
    assert flag.count == 10 and flag.peak == 10 and flag.by_kind == {"report": 10}
    assert flag.new_share == 1.0 and flag.new_accounts == 10 and len(flag.accounts) == 10
    assert flag.ages == [0] * 10
    assert flag.busiest_address == ("H9", 0.1)  # ten addresses, one report each
    assert flag.start == START and flag.end == START + timedelta(seconds=9 * 30)


def test_one_report_below_the_threshold_or_spread_wider_than_the_window_raises_nothing():
    clock = Clock()
    assert detect(spaced(clock, 9, 30, kind="report", comment=7), clock.now(), Thresholds()) == []
    clock = Clock()
    # 10 reports, 70 s apart: any 10-minute window holds at most 9.
    assert detect(spaced(clock, 10, 70, kind="report", comment=7), clock.now(), Thresholds()) == []


def test_reports_of_one_comment_from_old_accounts_at_one_address_raise_a_flag():
    clock = Clock()
    address = "c0ffee00" * 8
    events = spaced(clock, 6, 20, kind="report", comment=9, address=address, age=300 * DAY)
    events += [
        e._replace(account=f"other{n}")
        for n, e in enumerate(spaced(clock, 4, 20, kind="report", comment=9, age=300 * DAY))
    ]
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.kind == REPORTS_ON_ONE_COMMENT and flag.new_share == 0
    assert flag.busiest_address == ("C0FF", pytest.approx(0.6))
    assert sorted(set(flag.ages)) == [300 * DAY]
    data = flag.as_json(lambda cid: f"/c/{cid}/")
    assert data["kind"] == "reports_on_one_comment" and data["label"] == "9"
    assert data["address_label"] == "C0FF" and data["address_share"] == 0.6
    assert data["comments"] == [{"id": 9, "url": "/c/9/"}]
    assert data["account_ages_seconds"] == [300 * DAY] * 10
    assert address not in str(data)


def test_many_honest_reports_of_one_comment_raise_nothing():
    # Old accounts, each from its own address: an offensive comment, reported.
    clock = Clock()
    events = spaced(clock, 30, 10, kind="report", comment=7, age=200 * DAY)
    assert detect(events, clock.now(), Thresholds()) == []
    # Four in ten from new accounts or one address is not "most": still nothing.
    clock = Clock()
    events = spaced(clock, 6, 10, kind="report", comment=7, age=200 * DAY)
    events += spaced(clock, 4, 10, kind="report", comment=7, address="same")
    assert detect(events, clock.now(), Thresholds()) == []


def test_a_reviewed_burst_of_reports_does_not_raise_again():
    clock = Clock()
    first = spaced(clock, 10, 10, kind="report", comment=7)
    [flag] = detect(first, clock.now(), Thresholds())
    reviewed = {flag.id: first[-1].when}
    clock.advance(minutes=30)
    assert detect(first, clock.now(), Thresholds(), reviewed) == []
    later = spaced(clock, 10, 10, kind="report", comment=7)
    [new] = detect(first + later, clock.now(), Thresholds(), reviewed)
    assert new.kind == REPORTS_ON_ONE_COMMENT and new.id != flag.id and new.count == 10


def test_reports_count_towards_new_accounts_and_one_address():
    clock = Clock()
    # Forty reports of forty comments by new accounts: no comment has many.
    [flag] = detect(spaced(clock, 40, 5, kind="report"), clock.now(), Thresholds())
    assert flag.kind == NEW_ACCOUNTS and flag.by_kind == {"report": 40}
    clock = Clock()
    events = spaced(clock, 15, 10, kind="report", address="feed" * 16, age=90 * DAY)
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.kind == ONE_ADDRESS and flag.label == "FEED" and flag.count == 15
    # Mixed with comments and supports, they add up.
    clock = Clock()
    events = spaced(clock, 10, 10, address="feed" * 16, age=90 * DAY)
    events += spaced(clock, 5, 10, kind="report", address="feed" * 16, age=90 * DAY)
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.kind == ONE_ADDRESS and flag.by_kind == {"comment": 10, "report": 5}


def test_two_bursts_are_two_flags_and_one_long_burst_is_one():
    clock = Clock()
    first = spaced(clock, 20, 10)
    clock.advance(hours=2)
    second = spaced(clock, 20, 10, comment=5)
    flags = detect(first + second, clock.now(), Thresholds())
    assert [f.count for f in flags] == [20, 20]
    assert flags[0].start > flags[1].start  # newest first
    clock = Clock()
    long = spaced(clock, 120, 20)  # an hour of steady posting, 30 per window
    [flag] = detect(long, clock.now(), Thresholds())
    assert flag.count == 120 and flag.peak == 30


def test_a_reviewed_burst_does_not_raise_again_but_a_new_burst_does():
    clock = Clock()
    first = spaced(clock, 20, 10)
    [flag] = detect(first, clock.now(), Thresholds())
    reviewed = {flag.id: first[-1].when}
    clock.advance(minutes=30)
    assert detect(first, clock.now(), Thresholds(), reviewed) == []
    # A few more events just after: not a burst by themselves.
    more = spaced(clock, 5, 10)
    assert detect(first + more, clock.now(), Thresholds(), reviewed) == []
    # A new burst: a new flag, with its own id.
    burst = spaced(clock, 20, 10)
    [new] = detect(first + more + burst, clock.now(), Thresholds(), reviewed)
    assert new.id != flag.id and new.count >= 20


def test_the_flag_id_is_stable_while_the_burst_goes_on():
    clock = Clock()
    events = spaced(clock, 20, 10)
    [before] = detect(events, clock.now(), Thresholds())
    events += spaced(clock, 10, 10)
    [after] = detect(events, clock.now(), Thresholds())
    assert before.id == after.id and after.count == 30


def test_events_older_than_the_retention_or_in_the_future_are_not_looked_at():
    clock = Clock()
    events = spaced(clock, 20, 10)
    clock.advance(days=8)
    assert detect(events, clock.now(), Thresholds()) == []
    assert detect(events, START, Thresholds()) == []  # only the first is not in the future


def test_thresholds_come_from_the_settings_with_defaults():
    assert Thresholds.from_settings({}) == Thresholds()
    thresholds = Thresholds.from_settings(
        {
            "consult.signals.window_minutes": "5",
            "consult.signals.new_account_hours": "2",
            "consult.signals.new_accounts": "3",
            "consult.signals.one_address": "4",
            "consult.signals.supports_on_one_comment": "6",
            "consult.signals.new_share": "0.8",
            "consult.signals.campaign_growth": "7",
            "consult.signals.retention_days": "2",
            "consult.signals.reports_on_one_comment": "8",
            "consult.signals.report_share": "0.7",
        }
    )
    assert thresholds == Thresholds(
        timedelta(minutes=5), timedelta(hours=2), 3, 4, 6, 0.8, 7, timedelta(days=2), 8, 0.7
    )
    clock = Clock()
    events = spaced(clock, 3, 60, age=HOUR)
    assert kinds(detect(events, clock.now(), thresholds)) == [NEW_ACCOUNTS]
    clock = Clock()
    events = spaced(clock, 3, 60, age=3 * HOUR)  # not new under a 2-hour rule
    assert detect(events, clock.now(), thresholds) == []


def test_bursts_merges_overlapping_windows():
    clock = Clock()
    events = spaced(clock, 5, 1)
    clock.advance(seconds=100)
    events += spaced(clock, 5, 1)
    assert bursts(events, 3, 10) == [(0, 4, 5), (5, 9, 5)]
    assert bursts(events, 3, 1000) == [(0, 9, 10)]
    assert bursts(events, 11, 1000) == []


def test_as_json_has_the_evidence_and_no_address():
    clock = Clock()
    address = "ab12" * 16
    events = spaced(clock, 15, 10, address=address, age=50 * DAY)
    [flag] = detect(events, clock.now(), Thresholds())
    data = flag.as_json(lambda cid: f"/c/{cid}/")
    assert data["kind"] == ONE_ADDRESS and data["label"] == "AB12"
    assert data["count"] == 15 and data["threshold"] == 15 and data["new_share"] == 0
    assert data["window_start"] == START.isoformat()
    assert data["comments"][0] == {"id": 1000, "url": "/c/1000/"}
    assert data["account_ages_seconds"] == [50 * DAY] * 15
    assert address not in str(data)


def test_a_spike_of_signatures_raises_its_own_flag_whoever_signs():
    clock = Clock()
    # Old accounts, each from its own address: only the spike says anything.
    events = spaced(clock, 100, 5, kind="signature", comment="7", target="petition", age=DAY * 30)
    assert kinds(detect(events, clock.now(), Thresholds())) == [SIGNATURE_SPIKE]
    [flag] = detect(events, clock.now(), Thresholds())
    assert flag.count == 100 and flag.label == ""
    assert detect(events[:99], clock.now(), Thresholds()) == []


def test_signatures_count_toward_new_accounts_and_one_address():
    clock = Clock()
    events = spaced(clock, 20, 5, kind="signature", comment="7", address="h1")
    assert kinds(detect(events, clock.now(), Thresholds())) == [NEW_ACCOUNTS, ONE_ADDRESS]
