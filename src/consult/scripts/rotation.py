"""`consult rotate-hash-secret`: move the stored hashes to a new hash secret.

A keyed hash cannot be re-keyed without the value it hides, and consult
keeps no IIN or address in the clear. So, for each kind of stored hash:

- the census list and the accounts verified with it (`Census.entries`,
  `Census.claims`) are re-keyed from the census file, given again with
  `--census`: each IIN in it is hashed under the old key (to find its entry
  and claim) and under the new one. People not in the file stay under the
  old key, and match only while `consult.previous_hash_secret` is set;
- jury applications (IIN and household hashes) cannot be re-keyed: their
  duplicate checks matter only while recruitment is open, so the old key is
  compared as well until the last open recruitment closes;
- invitation links already mailed carry a signature under the old key: they
  are accepted under it too until they expire (14 days after sending);
- burst signals' address hashes are kept a week and only grouped: a burst
  spanning the change is seen as two addresses, for one window;
- the limiter's counts per e-mail address (a day at most) are forgotten, and
  the author pseudonyms of comment exports change.

The command prints all this, and until when the operator must keep the old
key in `consult.previous_hash_secret`; then it records the new key's
fingerprint in the database (hashing.py), so the site starts with it."""

from dataclasses import dataclass, field
from datetime import datetime

from ..hashing import SESSION_SECRET, fingerprint, record_key
from ..juries.recruitment.invitations import INVITATION_TTL
from ..verification.census import CensusFileError, iin_key, parse_census, surname_key
from ..verification.models import census_of


class RotationError(Exception):
    """The rotation cannot be made as asked; the message says why."""


@dataclass
class Rotation:
    """What a rotation did and what remains: `lines` for the operator, and
    when the previous key may be dropped (`keep_until`; `census_pending`
    when people on the census list could not be re-keyed)."""

    lines: list = field(default_factory=list)
    keep_until: datetime = None
    census_pending: int = 0

    def keep(self, until):
        if self.keep_until is None or until > self.keep_until:
            self.keep_until = until

    def advice(self):
        if self.census_pending:
            return (
                "Keep consult.previous_hash_secret set to the old key until the census "
                'list has been uploaded again (Census list, "Replace the list"), and '
                + (f"until {self.keep_until:%Y-%m-%d %H:%M} UTC; " if self.keep_until else "")
                + "then remove it."
            )
        if self.keep_until is not None:
            return (
                "Keep consult.previous_hash_secret set to the old key until "
                f"{self.keep_until:%Y-%m-%d %H:%M} UTC, then remove it."
            )
        return "Nothing needs the old key any more: consult.previous_hash_secret may be empty."


def check_source(root, old, new):
    """RotationError unless the database's hashes are made with `old` (or
    with `new` already: running the command again is harmless)."""
    recorded = getattr(root, "hash_key", None)
    if recorded in (None, SESSION_SECRET, fingerprint(old), fingerprint(new)):
        return
    raise RotationError(
        f"the stored hashes of this database were made with another key (fingerprint "
        f"{recorded}), neither the old key given ({fingerprint(old)}) nor "
        f"consult.hash_secret ({fingerprint(new)}); nothing was changed"
    )


def rotate_census(root, old, new, entries, report):
    census = census_of(root)
    if census is None or not (len(census.entries) or len(census.claims)):
        report.lines.append("census list: none loaded, nothing to re-key.")
        return
    people, claims = len(census.entries), len(census.claims)
    if entries is None:
        report.census_pending = people
        report.lines.append(
            f"census list: {people} people and {claims} verified accounts' claims are keyed "
            "with the old key and cannot be re-keyed without their IINs: run the command "
            "again with --census FILE (the census file), or upload the list again."
        )
        return
    moved = claimed = already = 0
    # A person's KATO code moves with their entry (Census.rekey).
    for iin, surname, *_kato in entries:
        new_key = iin_key(new, iin)
        entry, claim = census.rekey(iin_key(old, iin), new_key, surname_key(new, surname))
        moved += entry
        claimed += claim
        already += not entry and new_key in census.entries
    if people and not moved and not already:
        raise RotationError(
            f"none of the {len(entries)} people in the census file is on the list under the "
            "old key or the new one: the old key is not the one the list was made with, or "
            "the file is not the list's; nothing was changed"
        )
    report.census_pending = max(0, people - moved - already)
    report.lines.append(
        f"census list: {moved} people re-keyed from the file ({already} were already), "
        f"with {claimed} verified accounts' claims; "
        + (
            f"{report.census_pending} people are not in the file and stay under the old key."
            if report.census_pending
            else "every person on the list is under the new key."
        )
    )


def rotate_juries(root, now, report):
    juries = root.get("juries")
    for name, jury in juries.items() if juries is not None else ():
        applicants = jury.applicants
        if not len(applicants):
            continue
        if now < jury.recruitment_closes:
            report.keep(jury.recruitment_closes)
            report.lines.append(
                f"jury {name}: {len(applicants)} applications keyed with the old key; "
                f"recruitment is open until {jury.recruitment_closes:%Y-%m-%d %H:%M} UTC, and "
                "new applications are compared with them under the old key too until then."
            )
        else:
            report.lines.append(
                f"jury {name}: {len(applicants)} applications keyed with the old key; its "
                "recruitment is closed, so nothing compares them any more."
            )
        expiries = [
            applicant.invited_at + INVITATION_TTL
            for applicant in applicants.values()
            if applicant.status == "invited"
            and applicant.invited_at is not None
            and applicant.invited_at + INVITATION_TTL > now
        ]
        if expiries:
            report.keep(max(expiries))
            report.lines.append(
                f"jury {name}: {len(expiries)} invitation links were signed with the old key; "
                f"they work until they expire, at the latest {max(expiries):%Y-%m-%d %H:%M} "
                "UTC."
            )


NOT_STORED = (
    "burst signals: the address hashes of the last days stay as they are (they are only "
    "grouped, and kept a week): a burst that spans the change counts as two addresses.",
    "abuse limits: the counts per e-mail address (a day at most) start again.",
    "comment exports: author pseudonyms change; exports made before cannot be joined with "
    "later ones.",
)


def rotate(root, old, new, now, census_entries=None):
    """Re-key what can be re-keyed from the key `old` to `new` (census
    entries from `census_entries`, [(iin, surname)]), record `new` as the
    database's key and return the Rotation (in the caller's transaction)."""
    if old == new:
        raise RotationError("the old key and consult.hash_secret are the same: nothing to do")
    check_source(root, old, new)
    report = Rotation()
    rotate_census(root, old, new, census_entries, report)
    rotate_juries(root, now, report)
    report.lines.extend(NOT_STORED)
    record_key(root, new)
    return report


def read_census_file(path):
    """[CensusRow] of a census file; RotationError saying what is wrong."""
    with open(path, "rb") as stream:
        data = stream.read()
    try:
        return parse_census(data)
    except CensusFileError as error:
        message = error.message
        message = message.interpolate() if hasattr(message, "interpolate") else str(message)
        rows = "; ".join(f"line {line}: {reason}" for line, reason in error.errors[:5])
        raise RotationError(f"{path}: {message}" + (f" ({rows})" if rows else "")) from None
