"""Burst signals: recording activity, computing the open flags, reviewing them.

Flags are computed when asked (the moderation dashboard, the JSON API) from
the recent events, and only reviews are stored. A background pass that
persisted flags would write to the database while nobody looks, need its own
schedule and a lock among processes, and show flags up to one pass late;
computing them is one ordered read of at most `retention_days` of events
(cheap next to the comments the dashboard renders anyway), always up to date,
and a GET request writes nothing."""

import random

from zope.interface import implementer

from ..clock import IClock
from ..hashing import hash_keys, keyed_hash
from ..i18n import _
from ..limits import who
from ..settings import settings_of
from .detection import Thresholds, detect
from .interfaces import ISignalService, SignalError
from .models import Event, Review, activity_log, epoch

MIN_NOTE = 3


def address_hash(secret, consultation, address):
    """HMAC-SHA256 of the client `address` under a key derived from the hash
    secret for this purpose, scoped to one consultation: the same address
    gives the same hash within the consultation (what the detection needs)
    but cannot be linked across consultations, nor reversed without the
    secret. The address itself is never stored."""
    if not address:
        return None
    scope = getattr(consultation, "__name__", "") or ""
    return keyed_hash(secret, "consult.signals.address", scope, address)


@implementer(ISignalService)
class SignalService:
    def __init__(self, clock, settings, secret, rng=random):
        self.clock = clock
        self.secret = secret
        self.rng = rng
        self.thresholds = Thresholds.from_settings(settings)

    # -- recording -------------------------------------------------------------
    def record(self, consultation, kind, comment, person, address, parent=None):
        """Note that `person` (a Principal or None), from `address`, did `kind`
        ("comment", "reply", "support", "report") on `comment`, now."""
        now = self.clock.now()
        created = getattr(person, "created", None)
        age = (now - created).total_seconds() if created is not None else None
        event = Event(
            kind,
            epoch(now),
            comment.id,
            comment.target,
            getattr(person, "id", None),
            age,
            address_hash(self.secret, consultation, address),
            parent,
        )
        log = activity_log(consultation, create=True)
        log.add(event, rng=self.rng, retention=self.thresholds.retention.total_seconds())
        return event

    # -- reading -----------------------------------------------------------------
    def flags(self, consultation):
        """The open flags of `consultation`, newest first."""
        log = activity_log(consultation)
        if log is None:
            return []
        now = self.clock.now()
        since = epoch(now) - self.thresholds.retention.total_seconds()
        campaigns = getattr(consultation, "campaigns", None)
        cluster_of = campaigns.cluster_of.get if campaigns is not None else None
        return detect(log.events(since), now, self.thresholds, log.reviewed(), cluster_of)

    def reviews(self, consultation, limit=None):
        log = activity_log(consultation)
        return log.latest_reviews(limit) if log is not None else []

    # -- reviewing ---------------------------------------------------------------
    def find(self, consultation, flag_id):
        for flag in self.flags(consultation):
            if flag.id == flag_id:
                return flag
        return None

    def review(self, consultation, flag_id, moderator, note):
        """Mark the open flag `flag_id` reviewed with `note`; the review is kept."""
        note = (note or "").strip()
        flag = self.find(consultation, flag_id)
        if flag is None:
            raise SignalError(
                _(
                    "This signal is no longer open: it was reviewed already, "
                    "or its activity is older than the signals look back."
                )
            )
        if len(note) < MIN_NOTE:
            raise SignalError(
                _("Please write a note on what you found: it is kept as the record of this review.")
            )
        log = activity_log(consultation, create=True)
        return log.add_review(Review(flag, moderator.id, self.clock.now(), note[:2000]))


def signal_service_factory(context, request):
    # Addresses are hashed under the current key only: a burst that spans a
    # rotation of the key is seen as two addresses, for one window.
    return SignalService(
        request.find_service(IClock), settings_of(request), hash_keys(request).current
    )


def record(request, kind, comment):
    """Record `kind` ("comment", "support", "report") on `comment` by the
    person asking, in this transaction (the views call it right after the
    feedback service succeeded). A comment that answers another is a reply."""
    _account, address = who(request)
    consultation = comment.__parent__.__parent__
    parent = None
    if kind == "comment" and comment.parent_id is not None:
        kind, parent = "reply", comment.parent_id
    request.find_service(ISignalService).record(
        consultation, kind, comment, request.identity, address, parent=parent
    )
