"""What is stored about verifications: a record per verifier on the person
(`Principal.verifications`), and the census list as keyed hashes only."""

from BTrees.Length import Length
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.mapping import PersistentMapping

from .interfaces import EMAIL, NONE


class VerificationRecord:
    """One verification of one person: when, by whom (a staff member's id, or
    None when the person did it themselves), the verifier's level at the time
    and a little data about the method (never personal data: no IIN, no
    name). Immutable: a new verification replaces the record."""

    def __init__(self, verifier, level, when, by=None, data=None):
        self.verifier = verifier
        self.level = level
        self.when = when
        self.by = by
        self.data = dict(data or {})

    def __repr__(self):
        return f"<VerificationRecord {self.verifier} level {self.level}>"


def records_of(principal):
    """{verifier name: record} for `principal`, e-mail confirmation included."""
    records = dict(getattr(principal, "verifications", None) or {})
    if principal.confirmed:
        records["email"] = VerificationRecord("email", EMAIL, principal.confirmed_at)
    return records


def add_record(principal, record):
    if getattr(principal, "verifications", None) is None:
        # Principals stored before verification levels read the class default.
        principal.verifications = PersistentMapping()
    principal.verifications[record.verifier] = record


def remove_record(principal, name):
    verifications = getattr(principal, "verifications", None)
    if verifications is not None and name in verifications:
        del verifications[name]


def level_of(principal):
    """The person's level: the strongest of their verifications, 0 if none."""
    if principal is None:
        return NONE
    return max((record.level for record in records_of(principal).values()), default=NONE)


def strongest(principal):
    """The name of the person's strongest verification ("unverified" if none);
    between equal levels, the first name in alphabetical order."""
    records = records_of(principal)
    if not records:
        return "unverified"
    return min(records.values(), key=lambda record: (-record.level, record.verifier)).verifier


class CensusUpload:
    """Who loaded a census file, when, and how many rows it held."""

    def __init__(self, when, by, filename, rows, added, replaced):
        self.when = when
        self.by = by
        self.filename = filename
        self.rows = rows
        self.added = added
        self.replaced = replaced


class Census(Persistent):
    """The census list: for each person on it, a keyed hash of their IIN
    (mapped to a keyed hash of their surname, or "" when the file gave none).
    The IINs themselves are never stored. `claims` maps the keyed hash of an
    IIN to the account that verified with it, so that two accounts cannot
    claim one person; `failures` counts a person's wrong attempts;
    `regions` maps the keyed hash of an IIN to the KATO code the file gave
    (census.py), for those it gave one."""

    def __init__(self):
        self.entries = OOBTree()
        self.count = Length()
        self.claims = OOBTree()
        self.uploads = LOBTree()
        self.failures = OOBTree()
        self.regions = OOBTree()

    def __len__(self):
        return self.count()

    def __contains__(self, key):
        return key in self.entries

    def surname_of(self, key):
        return self.entries.get(key)

    def region_of(self, key):
        """The KATO code the list gives the person `key`, or None."""
        return self.regions.get(key)

    def load(self, entries, upload, replace=False):
        """Add (iin key, surname key[, KATO code]) entries; with `replace`,
        the list is replaced instead. A person loaded again takes the new
        file's code (none if it gives none). Returns how many keys were new."""
        if replace:
            self.entries.clear()
            self.regions.clear()
            self.count.set(0)
        added = 0
        for key, surname, *region in entries:
            if key not in self.entries:
                added += 1
            self.entries[key] = surname or ""
            if region and region[0]:
                self.regions[key] = region[0]
            elif key in self.regions:
                del self.regions[key]
        self.count.change(added)
        upload.added = added
        number = (self.uploads.maxKey() + 1) if len(self.uploads) else 1
        self.uploads[number] = upload
        return added

    def last_upload(self):
        return self.uploads[self.uploads.maxKey()] if len(self.uploads) else None

    def rekey(self, old, new, surname):
        """Move one person's entry, and the claim on it, from the key `old`
        to `new` with the surname key `surname` (a new hash secret, given
        the census file's values); returns (entry moved, claim moved)."""
        moved = old in self.entries
        if moved:
            del self.entries[old]
            if new in self.entries:  # uploaded again under the new key already
                self.count.change(-1)
            self.entries[new] = surname or ""
            region = self.regions.pop(old, None)
            if region is not None:
                self.regions.setdefault(new, region)
        claimed = old in self.claims
        if claimed:
            self.claims[new] = self.claims.pop(old)
        return moved, claimed


def census_of(root, create=False):
    """The site's census list (kept on the root, not traversable), created on
    first use: a class default of None on old roots needs no evolution step."""
    census = getattr(root, "census", None)
    if census is None and create:
        census = root.census = Census()
    return census


def signature_claims_of(root, create=False):
    """{keyed hash of an IIN: the account verified with it} for digital
    signatures (kept on the root, not traversable, made on first use like
    the census, so no evolution step). The keys are the census' own."""
    claims = getattr(root, "signature_claims", None)
    if claims is None and create:
        claims = root.signature_claims = OOBTree()
    return claims


def iin_owner(root, keys):
    """The account an IIN (its keyed hashes `keys`, under each hash secret)
    is bound to, by the census or by a digital signature; None if none."""
    census = census_of(root)
    for claims in (signature_claims_of(root), census.claims if census is not None else None):
        for key in keys if claims is not None else ():
            if key in claims:
                return claims[key]
    return None


def release_signature_claim(root, record):
    """Free the IIN a signature verification `record` bound."""
    claims = signature_claims_of(root)
    key = (record.data or {}).get("iin_hash") if record is not None else None
    if claims is not None and key in claims:
        del claims[key]
