"""Signatures that moderators invalidate in bulk, by a condition, with a
reason that the petition then shows publicly ("N signatures invalidated:
reason", nothing about whom).

An invalidated signature stays in `petition.signatures` (its signer cannot
sign again, and the record of what they did is kept) and its signer's id
goes into `petition.invalidated` ({userid: number of the invalidation}).
Every counter the signature moved when it was made (the total, its level,
its territory, its hour, the listed signers) moves back once, when the id
enters `invalidated`, and never again: running the same condition twice
finds nothing more to do. Withdrawing such a signature is refused, so no
counter is ever decremented twice.

Finding the signatures reads them all (a moderator's rare action, on a
petition of 100 000 signatures a few seconds); counting never does."""

from dataclasses import dataclass, field
from datetime import datetime

from BTrees.OOBTree import OOBTree

from ..i18n import _
from .interfaces import PetitionError
from .models import ANSWER_DUE, OPEN


@dataclass(frozen=True)
class Condition:
    """Which signatures: all of the given parts hold (at least one given).
    `signed_from`/`signed_until`: aware datetimes (from inclusive, until
    exclusive); `accounts_after`: the signer's account was made after it;
    `below_level`: made at a verification level below it; `territory`: a
    KATO code the signer stated (on the form), itself or one inside it."""

    signed_from: datetime | None = None
    signed_until: datetime | None = None
    accounts_after: datetime | None = None
    below_level: int | None = None
    territory: str | None = None

    def given(self):
        return any(value is not None for value in self.__dict__.values())

    def matches(self, signature, principal, territories):
        if self.signed_from is not None and signature.when < self.signed_from:
            return False
        if self.signed_until is not None and signature.when >= self.signed_until:
            return False
        if self.accounts_after is not None and (
            principal is None
            or principal.created is None
            or principal.created <= self.accounts_after
        ):
            return False
        if self.below_level is not None and signature.level >= self.below_level:
            return False
        if self.territory is not None and not (
            signature.source == "stated" and within(signature.region, self.territory, territories)
        ):
            return False
        return True


def within(kato, ancestor, territories):
    """Whether territory `kato` is `ancestor` or lies inside it."""
    while kato:
        if kato == ancestor:
            return True
        territory = territories.get(kato)
        kato = territory.parent if territory is not None else None
    return False


@dataclass(frozen=True)
class Invalidation:
    """One bulk invalidation: when, by whom (a userid, for the audit log
    and staff), why (shown publicly), and how many signatures it took."""

    number: int
    when: datetime
    by: str
    reason: str
    count: int
    condition: Condition = field(default_factory=Condition)


def invalidated_ids(petition):
    tree = petition.invalidated
    return () if tree is None else tree


def matching(petition, condition, principals, territories):
    """The ids of the counted signatures that `condition` takes."""
    if not condition.given():
        raise PetitionError(_("Give at least one condition."))
    done = invalidated_ids(petition)
    return [
        userid
        for userid, signature in petition.signatures.items()
        if userid not in done
        and userid != petition.author
        and condition.matches(signature, principals.get(userid), territories)
    ]


def take_back(petition, userid):
    """Undo what `userid`'s signature counted, once; whether it did now."""
    if petition.invalidated is None:
        petition.invalidated = OOBTree()
    if userid in petition.invalidated:
        return False
    signature = petition.signatures[userid]
    petition.invalidated[userid] = len(petition.invalidations) + 1
    petition.signature_count.change(-1)
    petition.tally.remove(userid, signature)
    return True


def recheck_threshold(petition):
    """A petition whose answer is due only thanks to signatures now
    invalidated collects signatures again (its deadline is dropped; a
    later signature that reaches the threshold sets a new one)."""
    if petition.state == ANSWER_DUE and petition.counted() < (petition.threshold or 0):
        petition.state = OPEN
        petition.threshold_reached = petition.answer_due = None
        return True
    return False


def invalidate(petition, condition, reason, by, now, principals, territories):
    """Invalidate the signatures `condition` takes, for `reason`.

    :returns: the Invalidation recorded (None when none matched).
    :raises PetitionError: no condition, or no reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError(_("Say why the signatures are invalidated."))
    userids = matching(petition, condition, principals, territories)
    if not userids:
        return None
    count = sum(take_back(petition, userid) for userid in userids)
    record = Invalidation(len(petition.invalidations) + 1, now, by, reason, count, condition)
    petition.invalidations = (*petition.invalidations, record)
    recheck_threshold(petition)
    return record


def invalidated_count(petition):
    return sum(record.count for record in petition.invalidations)
