"""Burst detection: pure functions over the activity log's events.

A *burst* is a run of events of one group (all new accounts, one address,
supports of one comment, reports of one comment, one campaign) in which some window of
`window_minutes` holds at least the threshold's number of events; windows
that overlap are merged, so one long burst gives one flag. A flag is known
by its kind, its group and the time of its first event: that is what a
moderator's review refers to. A reviewed burst does not raise its flag again;
events after the reviewed end are looked at afresh, and a new burst among
them raises a new flag.

Nothing here hides or drops anything: flags are signals for a moderator.

Settings: `consult.signals.*` (consult.settings, "Burst signals": the
window, what makes an account new, the threshold of each flag (a) to (e),
and how long events are kept).

Reports count towards (a) and (b) as comments and supports do: one address or
a crowd of new accounts reporting many comments is the same kind of burst.
(e) is coordinated mass reporting, meant to get one comment hidden by the
reports alone (`consult.reports_to_hide`): it needs both many reports and a
sign that they are coordinated, since many honest reports of an offensive
comment are normal; the flag shows the share from new accounts and the share
from the busiest address (by its opaque label) either way.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from ..settings import as_settings
from .models import from_epoch

NEW_ACCOUNTS = "new_accounts"
ONE_ADDRESS = "one_address"
SUPPORTS_ON_ONE_COMMENT = "supports_on_one_comment"
CAMPAIGN_GROWTH = "campaign_growth"
REPORTS_ON_ONE_COMMENT = "reports_on_one_comment"
SIGNATURE_SPIKE = "signature_spike"
FLAG_KINDS = (
    NEW_ACCOUNTS,
    ONE_ADDRESS,
    SUPPORTS_ON_ONE_COMMENT,
    CAMPAIGN_GROWTH,
    REPORTS_ON_ONE_COMMENT,
    SIGNATURE_SPIKE,
)

# What counts towards a burst: comments (replies included), supports and reports.
COUNTED = ("comment", "reply", "support", "report", "signature")
POSTED = ("comment", "reply")


@dataclass(frozen=True)
class Thresholds:
    window: timedelta = timedelta(minutes=10)
    new_account: timedelta = timedelta(hours=24)
    new_accounts: int = 20
    one_address: int = 15
    supports_on_one_comment: int = 30
    new_share: float = 0.5
    campaign_growth: int = 25
    retention: timedelta = timedelta(days=7)
    reports_on_one_comment: int = 10
    report_share: float = 0.5
    signature_spike: int = 100

    @classmethod
    def from_settings(cls, settings):
        settings = as_settings(settings)

        def value(name):
            return settings["consult.signals." + name]

        return cls(
            window=timedelta(minutes=value("window_minutes")),
            new_account=timedelta(hours=value("new_account_hours")),
            new_accounts=value("new_accounts"),
            one_address=value("one_address"),
            supports_on_one_comment=value("supports_on_one_comment"),
            new_share=value("new_share"),
            campaign_growth=value("campaign_growth"),
            retention=timedelta(days=value("retention_days")),
            reports_on_one_comment=value("reports_on_one_comment"),
            report_share=value("report_share"),
            signature_spike=value("signature_spike"),
        )

    def threshold(self, kind):
        return getattr(self, kind)


def flag_id(kind, key, start_seconds):
    """An opaque, stable name for the burst of `kind` in group `key` that
    began at `start_seconds`."""
    raw = f"{kind}|{key}|{int(round(start_seconds * 1_000_000))}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def address_label(address_hash):
    """A short opaque label of a hashed address for people ("A3F2")."""
    return address_hash[:4].upper() if address_hash else ""


@dataclass
class Flag:
    kind: str
    key: str  # the group: "" (new accounts), an address hash, a comment id, a cluster id
    count: int  # events in the burst
    peak: int  # the most events in one window
    threshold: int
    events: tuple = field(repr=False)
    new_share: float  # of the burst's activity, the share from new accounts
    new_account_seconds: float

    @property
    def id(self):
        return flag_id(self.kind, self.key, self.events[0].when)

    @property
    def start(self):
        return from_epoch(self.events[0].when)

    @property
    def end(self):
        return from_epoch(self.events[-1].when)

    @property
    def label(self):
        """What the group is, without saying who: the address's opaque label,
        the comment or the campaign's number; "" for new accounts."""
        if self.kind == ONE_ADDRESS:
            return address_label(self.key)
        return "" if self.kind in (NEW_ACCOUNTS, SIGNATURE_SPIKE) else self.key

    @property
    def busiest_address(self):
        """(opaque label, share of the burst's events) of the address with
        the most events in the burst; ("", 0.0) when no address is known."""
        counts = {}
        for event in self.events:
            if event.address:
                counts[event.address] = counts.get(event.address, 0) + 1
        if not counts:
            return "", 0.0
        address, count = max(counts.items(), key=lambda item: (item[1], item[0]))
        return address_label(address), count / len(self.events)

    @property
    def comment_ids(self):
        """The comments posted, supported in the burst, in order, once each."""
        return list(dict.fromkeys(event.comment for event in self.events))

    @property
    def accounts(self):
        """{account id: age in seconds at its first event in the burst}."""
        ages = {}
        for event in self.events:
            ages.setdefault(event.account, event.age)
        return ages

    @property
    def ages(self):
        """The accounts' ages (seconds), youngest first; unknown ages last."""
        return sorted(
            self.accounts.values(), key=lambda age: (age is None, age if age is not None else 0)
        )

    @property
    def new_accounts(self):
        return sum(1 for age in self.accounts.values() if _is_new(age, self.new_account_seconds))

    @property
    def by_kind(self):
        counts = {}
        for event in self.events:
            counts[event.kind] = counts.get(event.kind, 0) + 1
        return counts

    def as_json(self, comment_url=None):
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "window_start": self.start.isoformat(),
            "window_end": self.end.isoformat(),
            "count": self.count,
            "peak": self.peak,
            "threshold": self.threshold,
            "by_kind": self.by_kind,
            "new_share": round(self.new_share, 3),
            "address_label": self.busiest_address[0],
            "address_share": round(self.busiest_address[1], 3),
            "accounts": len(self.accounts),
            "new_accounts": self.new_accounts,
            "account_ages_seconds": [None if age is None else int(age) for age in self.ages],
            "comments": [
                {"id": cid, "url": comment_url(cid) if comment_url else None}
                for cid in self.comment_ids
            ],
        }


def _is_new(age, new_account_seconds):
    return age is not None and age < new_account_seconds


def bursts(events, threshold, window_seconds):
    """[(first index, last index, peak)] of the bursts in `events` (in time
    order): the unions of overlapping windows `(t - window, t]` that hold at
    least `threshold` events."""
    found = []
    first = 0
    for last, event in enumerate(events):
        while event.when - events[first].when >= window_seconds:
            first += 1
        size = last - first + 1
        if size < threshold:
            continue
        if found and first <= found[-1][1]:
            start, _end, peak = found[-1]
            found[-1] = (start, last, max(peak, size))
        else:
            found.append((first, last, size))
    return found


def _group_flags(kind, key, events, threshold, thresholds, reviewed, share_of):
    """The open flags of one group, skipping reviewed bursts."""
    flags = []
    window = thresholds.window.total_seconds()
    new_seconds = thresholds.new_account.total_seconds()
    rest = list(events)
    while rest:
        found = bursts(rest, threshold, window)
        restart = None
        for first, last, peak in found:
            burst = tuple(rest[first : last + 1])
            start = burst[0].when
            until = reviewed.get(flag_id(kind, key, start))
            if until is not None:
                # Only what came after the reviewed burst can raise a flag again.
                restart = [event for event in rest if event.when > until]
                break
            flags.append(
                Flag(kind, key, len(burst), peak, threshold, burst, share_of(burst), new_seconds)
            )
        if restart is None:
            break
        rest = restart
    return flags


def _new_share(events, new_seconds):
    if not events:
        return 0.0
    return sum(1 for event in events if _is_new(event.age, new_seconds)) / len(events)


def detect(events, now, thresholds=Thresholds(), reviewed=None, cluster_of=None):
    """The open flags among `events` (in time order) up to `now`, newest first.

    `reviewed`: {flag id: reviewed until (epoch seconds)};
    `cluster_of(comment id)`: the campaign cluster id of a comment, or None.
    Events older than the retention, or later than `now`, are not looked at."""
    reviewed = reviewed or {}
    now_seconds = now.timestamp()
    oldest = now_seconds - thresholds.retention.total_seconds()
    counted = [
        event for event in events if event.kind in COUNTED and oldest < event.when <= now_seconds
    ]
    new_seconds = thresholds.new_account.total_seconds()

    def own_share(burst):
        return _new_share(burst, new_seconds)

    def share_of_everyone(burst):
        # Of all the activity during the burst, how much came from new accounts.
        start, end = burst[0].when, burst[-1].when
        return _new_share([e for e in counted if start <= e.when <= end], new_seconds)

    flags = []
    new = [event for event in counted if _is_new(event.age, new_seconds)]
    flags += _group_flags(
        NEW_ACCOUNTS, "", new, thresholds.new_accounts, thresholds, reviewed, share_of_everyone
    )

    for key, group in _grouped(counted, lambda event: event.address).items():
        flags += _group_flags(
            ONE_ADDRESS, key, group, thresholds.one_address, thresholds, reviewed, own_share
        )

    # A petition's log holds only signatures: all of them are one group.
    signatures = [event for event in counted if event.kind == "signature"]
    flags += _group_flags(
        SIGNATURE_SPIKE, "", signatures, thresholds.signature_spike, thresholds, reviewed, own_share
    )

    supports = [event for event in counted if event.kind == "support"]
    for key, group in _grouped(supports, lambda event: event.comment).items():
        flags += [
            flag
            for flag in _group_flags(
                SUPPORTS_ON_ONE_COMMENT,
                str(key),
                group,
                thresholds.supports_on_one_comment,
                thresholds,
                reviewed,
                own_share,
            )
            if flag.new_share >= thresholds.new_share
        ]

    reports = [event for event in counted if event.kind == "report"]
    for key, group in _grouped(reports, lambda event: event.comment).items():
        flags += [
            flag
            for flag in _group_flags(
                REPORTS_ON_ONE_COMMENT,
                str(key),
                group,
                thresholds.reports_on_one_comment,
                thresholds,
                reviewed,
                own_share,
            )
            if _coordinated(flag, thresholds.report_share)
        ]

    if cluster_of is not None:
        posted = [event for event in counted if event.kind in POSTED]
        for key, group in _grouped(posted, lambda event: cluster_of(event.comment)).items():
            flags += _group_flags(
                CAMPAIGN_GROWTH,
                str(key),
                group,
                thresholds.campaign_growth,
                thresholds,
                reviewed,
                own_share,
            )

    flags.sort(key=lambda flag: (flag.events[-1].when, flag.kind, flag.key), reverse=True)
    return flags


def _coordinated(flag, share):
    """Whether a burst of reports looks coordinated: enough of it from new
    accounts, or from one address."""
    return flag.new_share >= share or flag.busiest_address[1] >= share


def _grouped(events, key):
    groups = {}
    for event in events:
        value = key(event)
        if value is not None:
            groups.setdefault(value, []).append(event)
    return groups
