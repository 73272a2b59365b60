"""One signature per person per petition, withdrawn at will while the
petition collects signatures.

Once per person holds under concurrency because a signature is the key of
its signer in the petition's `signatures` OOBTree: two transactions that
add the same key (two tabs, a request retried after a timeout, two
processes on ZEO) make BTrees' conflict resolution refuse the second
commit, pyramid_retry runs it again, and it then finds the key and is
refused. The counters are `Length`s (counts.Tally), which add concurrent
changes, so they only ever move with a committed key.

Each signature records the level the signer had (or the level the caller
vouches for: a digital signature checked just now is level 3) and their
territory: the one a verification of theirs recorded, if any, else the one
they stated on the form, kept apart so that counts show which is which."""

from ..i18n import _
from ..verification.models import level_of, records_of
from .counts import STATED, VERIFIED, Signature
from .interfaces import PetitionError
from .models import ANSWER_DUE, ANSWERED, OPEN

COLLECTING = (OPEN, ANSWER_DUE, ANSWERED)


def collecting(petition, now):
    """Whether the petition takes (and gives back) signatures at `now`."""
    return petition.state in COLLECTING and petition.closes is not None and now < petition.closes


def classifier_territory(kato, territories):
    """The territory of `territories` (the shipped classifier: oblasts,
    cities and their districts) that the KATO code `kato` lies in: itself,
    or the one whose code it extends (KATO codes are hierarchical, a
    village's `196243100` lies in the oblast `190000000`); None if none."""
    if not kato or len(kato) != 9:
        return None
    for digits in range(9, 1, -1):
        candidate = kato[:digits].ljust(9, "0")
        if candidate in territories:
            return candidate
    return None


def verified_region(principal, territories):
    """The territory a verification of the person recorded (a verifier puts
    a KATO code in its record's `data["kato"]`: the census list does), from
    the strongest verification that has one."""
    records = sorted(records_of(principal).values(), key=lambda record: -record.level)
    for record in records:
        kato = classifier_territory(record.data.get("kato"), territories)
        if kato is not None:
            return kato
    return None


def signature_for(principal, when, territories, level=None, region=None, listed=False):
    """The Signature `principal` makes at `when`; `region` is the KATO code
    they stated (ignored when a verification gives theirs).

    :raises PetitionError: the stated territory is not one of the classifier's.
    """
    if region and region not in territories:
        raise PetitionError(_("Choose your territory from the list."))
    known = verified_region(principal, territories) if principal is not None else None
    if level is None:
        level = level_of(principal)
    if known:
        return Signature(when, level, known, VERIFIED, listed)
    return Signature(when, level, region or None, STATED, listed)


def add_signature(petition, userid, signature):
    if userid in petition.signatures:
        raise PetitionError(_("You have already signed this petition."))
    petition.signatures[userid] = signature
    petition.signature_count.change(1)
    petition.tally.add(userid, signature)


def remove_signature(petition, userid):
    signature = petition.signatures.get(userid)
    if signature is None:
        raise PetitionError(_("You have not signed this petition."))
    if petition.invalidated is not None and userid in petition.invalidated:
        # Its counters went back when it was invalidated: never twice.
        raise PetitionError(_("Moderators invalidated this signature: it cannot be withdrawn."))
    del petition.signatures[userid]
    petition.signature_count.change(-1)
    petition.tally.remove(userid, signature)
    return signature
